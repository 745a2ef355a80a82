"""inmates.naming: whether a text names an inmate, however the name is spelt (found by probes:
joined or spaced words, look-alike letters, accents, digits for letters, another order), and
without taking ordinary words for names."""

import pytest

from inmates.naming import PeopleIndex, cites_number, fold, looks_like_registration_number, names_person


@pytest.mark.parametrize(
    "text",
    [
        "Dibuat oleh Sudarto Wibisono.",
        "dibuat oleh  SUDARTO   wibisono",
        "Wibisono, Sudarto",  # the other order
        "SudartoWibisono",
        "Sudarto_Wibisono",
        "Sudarto-Wibisono",
        "S u d a r t o  W i b i s o n o",
        "S.u.d.a.r.t.o W.i.b.i.s.o.n.o",
        "Sud\u0430rto Wibis\u043eno",  # Cyrillic а and о
        "Sudártó Wíbisonô",
        "Ｓｕｄａｒｔｏ Ｗｉｂｉｓｏｎｏ",  # full-width
        "Sud4rto W1bis0no",
        "Wibisono dan Sudarto",  # two words of the name, any order (short texts)
        # Found by the fourth probe.
        "Sud@rto Wib!sono",
        "Sudarto W|bisono",
        "Sudarto Wıbisono",  # dotless i
        "Sudartø Wibisono",
        "ꜱᴜᴅᴀʀᴛᴏ ᴡɪʙɪꜱᴏɴᴏ",  # small capitals
        "Sudarto Wibisono\u3164",
        "Sudarto\u3164Wibisono",  # a Hangul filler between the words
        "Sudarto Wibiso\u0578o",  # Armenian "n"
    ],
)
def test_a_name_is_found_however_it_is_spelt(text):
    assert names_person(text, "Sudarto Wibisono")


@pytest.mark.parametrize(
    "text",
    [
        "Pak Darto",  # a nickname
        "Pak Sudarto",  # one word of a longer name is a nickname
        "Sudarto W.",
        "Barang bagus Salim",  # "agus" inside "bagus" is not Agus
        "Tas anyaman pandan, Rp 150.000",
    ],
)
def test_a_nickname_or_an_ordinary_text_is_not_a_name(text):
    assert not names_person(text, "Sudarto Wibisono")
    assert not names_person(text, "Agus Salim")


def test_a_one_word_legal_name_counts_only_where_asked():
    people = PeopleIndex([(1, "Sukarno", ""), (2, "Indah Sari", "")])
    assert names_person("Karya S u k a r n o", "Sukarno")
    assert people.named("Karya Sukarno, motif indah") == set()  # a whole prison: not by one word
    assert people.named("Karya Sukarno", mononyms=True) == {1}


def test_a_long_story_is_checked_for_whole_names_only():
    """A story is full of ordinary words that are also names: "indah" and "sari" far apart are
    not Indah Sari; the two together are."""
    people = PeopleIndex([(7, "Indah Sari", "B.I-0001/2020")])
    story = "Motif batiknya indah. Ia belajar membuat sari kedelai dan kerupuk."
    assert people.named(story, any_order=False) == set()
    assert people.named(story) == {7}  # a display name or an answer is short: any order counts
    assert people.named("Ia belajar dari Indah Sari.", any_order=False) == {7}


@pytest.mark.parametrize(
    "text",
    [
        "BI-9001/2024",
        "B.I - 9001 / 2024",
        "no. 9001/2024",
        "b i 9 0 0 1 2 0 2 4",
        # Found by the fourth probe.
        "B.I-9001/2O24",  # a letter O for the zero
        "B.I 9001 tahun 2024",
        "B.I-9001",
        "nomor 9001 / 24",
        "9001/'24",
    ],
)
def test_a_registration_number_is_found_however_it_is_written(text):
    assert cites_number(text, "B.I-9001/2024")


@pytest.mark.parametrize(
    "text",
    ["Rp 9.001.000", "ukuran 9001 x 24 cm", "harga 9001 ribu, dibuat tahun 2024", "9001", "Rp 900.124"],
)
def test_numbers_that_are_not_a_registration_number(text):
    assert not cites_number(text, "B.I-9001/2024")


def test_a_one_word_name_through_a_prison_counts_only_written_as_a_name():
    people = PeopleIndex([(1, "Paiman", ""), (2, "Sabar", "")])
    assert people.named("Salam dari Paiman.", capitalised_mononyms=True) == {1}
    assert people.named("Salam dari P a i m a n.", capitalised_mononyms=True) == {1}
    assert people.named("Mohon sabar, pesanan disiapkan.", capitalised_mononyms=True) == set()
    assert people.named("Salam dari Paiman.") == set()


def test_many_people_are_looked_up_by_their_words_not_one_by_one():
    people = PeopleIndex(
        [(pk, f"Warga{pk:05d} Binaan{pk:05d}", f"B.I-{pk:05d}/2020") for pk in range(15000)]
        + [("target", "Rahmat Hidayat", "B.II-4411/2019")]
    )
    assert len(people) == 15001
    assert people.named("Salam dari RahmatHidayat") == {"target"}
    assert people.named("Salam dari Warga00042 Binaan00042") == {42}
    assert people.cited("nomor 4411/2019") == {"target"}
    assert people.named("Salam dari Rahmat") == set() and people.cited("Rp 150.000") == set()


def test_fold_reads_look_alike_letters_as_latin():
    assert fold("ЅUDАRTO\u200b_Wíbisono") == "sudarto wibisono"


@pytest.mark.parametrize(
    "text",
    [
        "B.I-0237/2016",
        "BIIa 12/19",
        "A.III 5 tahun 2024",
        "b.i 0237 / 16",
        "B I - 0237 / 2016",
        "Nomor B.IIb.0012/2020",
        "BI.0237/2016",
        "B1 0237/2016",
        "B.I-0237/2O16",
        "BIIIs 77/2019",
        "AII 12 th 2021",
        "Ｂ．Ｉ－０２３７／２０１６",
        # Found by a review: other separators, dashes and slashes, look-alikes for I, prefix words.
        "B.I-0237 2016",
        "B.I.0237.2016",
        "BI 0237 2016",
        "A III 0237 2016",
        "B.I-0237, 2016",
        "B.I\u20100237/2016",
        "B.I–0237–2016",
        "B.I−0237/2016",
        "B.I-0237⁄2016",
        "B.I\\0237\\2016",
        "B.l-0237/2016",
        "B.|-0237/2016",
        "B.!-0237/2016",
        "B.II.A-0237/2016",
        "B.III.S-0237/2016",
        "B.I Nomor 0237/2016",
        "B.I No: 0237/2016",
        "B.I reg 0237/2016",
        "B/I/0237/2016",
        "B.I-0237/'16",
        "B.I-0237 (2016)",
        '"B".I-0237/2016',
        "B.I-٠٢٣٧/٢٠١٦",
    ],
)
def test_anybody_s_registration_number_is_known_by_its_shape(text):
    # Another prison's numbers are never looked up (that would tell who is held where), so a
    # number is refused in a public text by its shape, whoever's it is.
    assert looks_like_registration_number(text)


@pytest.mark.parametrize(
    "text",
    ["A1 20/30 cm", "ukuran B 40/60", "Kertas A4 2020", "batik 2016", "B1 20/30", "Pak Budi 2019", "abi 12/2020",
     "Rp 150.000", "A 1/2 meter", "vol. 1 / 2020",
     # Found by a review: sizes, grades, cable, room and edition names.
     "Kalender Dinding A1 2024/2025", "Poster A1 2024-2025", "Kayu jati grade A 12/2023", "Kabel AV 12/2020",
     "Blok A-12/2019", "Kamar B 12-2020", "Edisi B 17-2024", "Kelas A 1/3/2024", "Batch B 1-2-2024",
     "Paket A 12 tahun 2020", "Tipe B1 20/2020", "Desain AI 3/24", "BV 12/20", "buy a 10/2024 edition",
     "Sejak Blok B 10-2019 ia menjahit"],
)
def test_sizes_years_and_prices_are_not_a_registration_number(text):
    assert not looks_like_registration_number(text)


@pytest.mark.parametrize(
    ("text", "legal_name"),
    [
        # Found by the sixth attacker probe: the spellings before 1972, still common in names,
        # one in the legal name and the other in what an officer writes, either way round.
        ("Pak Soedarto Wibisono", "Sudarto Wibisono"),
        ("Pak Sudarto Wibisono", "Soedarto Wibisono"),
        ("Djoko Santoso", "Joko Santoso"),
        ("Tjipto Mangunkusumo", "Cipto Mangunkusumo"),
        ("Jusuf Hamka", "Yusuf Hamka"),
        ("Joesoef Hamka", "Yusuf Hamka"),
        ("Njoman Darma", "Nyoman Darma"),
        ("Sjahrir Lubis", "Syahrir Lubis"),
        ("Achmad Fauzi", "Ahmad Fauzi"),
        ("Chairul Tanjung", "Khairul Tanjung"),
        ("Mohammad Rizki", "Muhammad Rizki"),
        ("Mochammad Rizki", "Muhammad Rizki"),
        ("Hasan Basri", "Hassan Basri"),
        ("Bambang Koerniawan", "Bambang Kurniawan"),
        ("SoedartoWibisono", "Sudarto Wibisono"),
        ("S o e d a r t o  W i b i s o n o", "Sudarto Wibisono"),
        ("Ahmad Jaya", "Achmad Djaja"),
        ("AhmadDani", "Ahmad Dani"),  # the doubled letter across the two words
    ],
)
def test_old_and_new_spellings_of_a_name_are_the_same_name(text, legal_name):
    assert names_person(text, legal_name)
    assert PeopleIndex([(1, legal_name, "")]).named(f"Karya {text}.", any_order=False) == {1}


def test_old_spellings_are_found_through_a_prison_and_for_one_word_names():
    people = PeopleIndex([(1, "Soekarno", ""), (2, "Djoko Santoso", ""), (3, "Indah Sari", "")])
    assert people.whole_mononym("Pak Sukarno") == {1}
    assert people.named("Salam dari Sukarno.", capitalised_mononyms=True) == {1}
    assert people.named("Karya Joko Santoso", any_order=False) == {2}
    assert people.named("Karya Santoso dan Joko") == {2}
    # Nicknames and ordinary words stay allowed.
    assert people.named("Pak Joko, batik indah", any_order=False) == set()
    assert not names_person("Pak Joko", "Djoko Santoso")


@pytest.mark.parametrize("text", ["0 1 0 0 / 2 0 1 5", "01 00 / 20 15", "nomor 0 1 0 0 tahun 2 0 1 5", "0100 2015"])
def test_a_registration_number_with_spaced_digits_is_found(text):
    # Found by the sixth attacker probe: the number's digits spaced out, without its class.
    assert cites_number(f"Kisah: {text}.", "B.I-0100/2015")


def test_spaced_digits_do_not_make_other_numbers_a_registration_number():
    assert not cites_number("Harga Rp 150 000, ukuran 20 x 15 cm, tahun 2015", "B.I-0100/2015")
    assert looks_like_registration_number("Dia B.I-0 2 3 7/2 0 1 6")
    assert not looks_like_registration_number("Ukuran A 1 2 x 20 cm, 2016")


@pytest.mark.parametrize(
    ("legal_name", "display_name", "story"),
    [
        # Found by a review of the spelling key: a nickname and an ordinary word that shares its key.
        ("Yadi Santoso", "Pak Yadi", "Jadi, setiap hari ia membatik di bengkel."),
        ("Yuni Astuti", "Bu Yuni", "Sejak Juni 2021 ia menjahit tas."),
        ("Yuli Rahmawati", "Yuli", "Pada pameran bulan Juli tasnya laku."),
        ("Hasan Basri", "Pak Hasan", "Ia belajar dari guru Hassan di bengkel."),
        # Found by a verification probe: a month beside an ordinary word that is the other name.
        ("Yuni Lestari", "Bu Tari", "Belajar menjahit sejak Juni 2017 agar alam tetap lestari."),
    ],
)
def test_a_nickname_beside_an_ordinary_word_is_not_the_full_name(legal_name, display_name, story):
    from inmates.models import public_text_errors

    assert public_text_errors(legal_name=legal_name, registration_number="B.I-0237/2016",
                              display_name=display_name, public_story=story) == {}


def test_month_names_and_common_words_are_not_one_word_names():
    people = PeopleIndex([(1, "Yuni", ""), (2, "Yadi", ""), (3, "Yati", ""), (4, "Djoko", "")])
    text = "Pesanan bisa kami kirim bulan Juni. Jadi, meja jati siap."
    assert people.named(text, mononyms=True) == set()
    assert people.named("Salam dari Juni dan Jati.", capitalised_mononyms=True) == set()
    assert people.whole_mononym("Bu Juni") == set()
    # ... while the old and new spelling of the same one-word name still agree.
    assert people.whole_mononym("Pak Joko") == {4}
    assert people.named("Karya Yuni.", mononyms=True) == {1}
