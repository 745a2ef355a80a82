"""Does a text name an inmate? The comparison behind every public-text rule (display name, story,
a product's text, the exhibition programme, answers to buyers), written to hold against the ways
a name slips past a plain search (each found by a probe):

- letters written differently: full-width forms, accents ("Sudartó"), letters with a stroke or a
  dotless i ("Sudartø Wıbisono"), small capitals, Cyrillic, Greek or Armenian letters that look
  Latin ("Sudаrto" with a Cyrillic "а"), invisible format characters, blank-looking letters
  (the Hangul filler);
- words joined or split: "SudartoWibisono", "Sudarto_Wibisono", "S u d a r t o"; "S.Wibisono" is
  not a full name and stays allowed;
- digits and signs for letters: "Sud4rto W1bisono", "Sud@rto Wib!sono", "Manurun9";
- the words of a name in another order ("Wibisono Sudarto");
- a registration number in pieces: "B.I 0237 tahun 2016", "0237 / 16", "B.I-0237", "2O16".

``PeopleIndex`` answers for many people at once (every inmate of a prison: 15,000) in time that
grows with the text, not with the prison: names are looked up by their words and by their letters
run together, never searched one by one.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Cyrillic, Greek and Armenian small letters that read as Latin ones (after casefold, so capitals
# are here too: "В" folds to "в", which looks like "b" only as a capital). Latin letters with a
# stroke, a hook or in small capitals are read from their Unicode names (``_latin``).
_LOOK_ALIKE = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d",
    "ӏ": "l", "ь": "b", "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y", "ѵ": "v", "ɡ": "g", "ɑ": "a",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ς": "s", "σ": "o",
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "ե": "e",
}  # fmt: skip

# Letters that draw nothing (Hangul fillers, the blank braille pattern): read as a space.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

_LATIN_NAME = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:[A-Z]+ )*?([A-Z])(?: WITH .*)?")


@functools.lru_cache(maxsize=4096)
def _latin(ch: str) -> str:
    """The Latin letter ``ch`` (a small letter) reads as, or ``ch``."""
    if ch in _LOOK_ALIKE:
        return _LOOK_ALIKE[ch]
    match = _LATIN_NAME.fullmatch(unicodedata.name(ch, ""))
    return match.group(1).lower() if match else ch


# Digits and signs written for letters ("W1bisono", "Sud@rto", "Wib!sono", "Manurun9"); "1", "!"
# and "|" read as "i" or as "l", hence two readings.
_AS_LETTERS = {
    "@": "a", "4": "a", "3": "e", "€": "e", "0": "o", "$": "s", "5": "s", "7": "t", "+": "t",
    "8": "b", "9": "g", "6": "g",
}  # fmt: skip
_SIGN_READINGS = (
    str.maketrans({**_AS_LETTERS, "1": "i", "!": "i", "|": "i"}),
    str.maketrans({**_AS_LETTERS, "1": "l", "!": "l", "|": "l"}),
)
_SIGNS = frozenset(_AS_LETTERS) | {"1", "!", "|"}

# Words of a legal name that do not identify anybody by themselves ("Ahmad bin Ali").
NAME_JOINERS = frozenset({"bin", "binti", "bt", "van", "der", "de", "al"})

_WORD = re.compile(r"[^\W_]+")

# Words put before a name ("Pak Rani", "Bu Siti", "Si Untung").
FORMS_OF_ADDRESS = frozenset(
    {"pak", "bapak", "bu", "ibu", "mas", "mbak", "bang", "abang", "kak", "kakak", "dik", "adik", "si", "mbok", "teh", "aa", "uda", "uni"}
)


def fold(text: str) -> str:
    """``text`` as compared: compatibility forms unified (full-width letters read as letters),
    accents and invisible format characters (zero-width spaces, direction marks) dropped,
    look-alike letters read as Latin, blank-looking letters and underscores as spaces, case and
    runs of spaces ignored."""
    text = text or ""
    if not text.isascii():  # most names and texts are plain ASCII: nothing of this to do
        text = unicodedata.normalize("NFKD", text).casefold()
        kept = []
        for ch in text:
            if ch in BLANK_LETTERS:
                kept.append(" ")
            elif ch.isascii():
                kept.append(ch)
            elif unicodedata.category(ch) not in ("Cf", "Mn"):
                kept.append(_latin(ch))
        text = "".join(kept)
    return " ".join(text.lower().replace("_", " ").split())


def readings(text: str) -> list[str]:
    """``text`` folded, and read with digits and signs as letters when it has any ("Sud@rto
    W1bisono" reads "sudarto wibisono" and "sudarto wlbisono")."""
    folded = fold(text)
    if not _SIGNS.intersection(folded):
        return [folded]
    return [folded] + [folded.translate(table) for table in _SIGN_READINGS]


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits), folded, in order."""
    return _WORD.findall(fold(text))


def letters_and_digits(text: str) -> str:
    return "".join(words(text))


# Indonesian names are still written in the spellings before 1972 ("Soedarto", "Djoko", "Tjipto",
# "Njoman", "Jusuf", "Achmad") as well as in today's ("Sudarto", "Joko", "Cipto", "Nyoman",
# "Yusuf", "Ahmad"), often one in the legal name and the other in what an officer writes. Names
# are compared in a form that is the same for both: oe read as u, tj as c, dj as j, ch and kh as
# h, then every j as y (the old j is today's y, the old dj today's j), doubled letters as one
# ("Hassan", "Abdullah"), and the forms of Muhammad as one. A word compared alone (a one-word
# name, a word of a name found apart from the others) is read without j as y: alone, "Juni"
# (June) would be the name Yuni, "Jadi" (so) Yadi, "Jati" (teak) Yati (found by a review); a name
# written as a run of words is compared with it ("Jusuf Hamka" is "Yusuf Hamka").
_OLD_SPELLINGS = (("oe", "u"), ("tj", "c"), ("dj", "j"), ("ch", "h"), ("kh", "h"), ("j", "y"))
_DOUBLED = re.compile(r"([a-z])\1+")  # letters only: "00042" and "0042" are other numbers
_MUHAMMAD = re.compile(r"m[ou]h[ae]m[ae]d")
_KEYED = re.compile(r"oe|tj|dj|ch|kh|j|([a-z])\1|m[ou]h")  # what the key changes (most words: nothing)


def _first_letter(match: re.Match) -> str:
    return match.group(1)


_CROSSING_PAIRS = frozenset({"oe", "tj", "dj", "ch", "kh"})


def _crosses(last: str, first: str) -> bool:
    """Whether two words meeting at ``last`` + ``first`` make a pair the spelling key changes."""
    return bool(last and first) and (last + first in _CROSSING_PAIRS or (last == first and last.isalpha()))


@functools.lru_cache(maxsize=65536)
def spelling_key(word: str, *, j_as_y: bool = True) -> str:
    """``word`` (folded letters) in the form in which old and new spellings of a name agree:
    "soedarto" and "sudarto" both read "sudarto", "djoko" and "joko" "yoko", "mochammad" and
    "muhamad" "muhamad". ``j_as_y=False`` for one-word names: "djoko" and "joko" read "joko"."""
    if not _KEYED.search(word):
        return word
    for old, new in _OLD_SPELLINGS if j_as_y else _OLD_SPELLINGS[:-1]:
        if old in word:
            word = word.replace(old, new)
    if _DOUBLED.search(word):
        word = _DOUBLED.sub(_first_letter, word)
    return _MUHAMMAD.sub("muhamad", word) if "m" in word else word


# How a letter of a spelling key may be written (``spelling_variants``).
_WRITTEN_AS = {"u": ("u", "oe"), "y": ("y", "j", "dj"), "c": ("c", "tj"), "h": ("h", "ch", "kh")}
_MUHAMMAD_FORMS = ("muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "mochamad", "muhammed", "mohammed")
_MAX_VARIANTS = 24


def spelling_variants(word: str) -> set[str]:
    """``word`` (folded letters) and the ways the same name is written in the old and the new
    spelling ("sudarto": "soedarto"; "yusuf": "jusuf", "joesoef", "djusuf"...; "ahmad":
    "achmad", "akhmad"), at most ``_MAX_VARIANTS``: for looking names up in the database, where
    the spelling key is not stored. Every u, every y... of the word is written the same way (the
    usual case); doubled letters are not varied."""
    key = spelling_key(word)
    found = {word, key}
    if key == "muhamad":
        return found | set(_MUHAMMAD_FORMS)
    letters = [letter for letter in _WRITTEN_AS if letter in key]
    for choice in itertools.product(*(_WRITTEN_AS[letter] for letter in letters)):
        variant = key
        for letter, written in zip(letters, choice, strict=True):
            if written != letter:
                variant = variant.replace(letter, written)
        found.add(variant)
        if len(found) >= _MAX_VARIANTS:
            break
    return found


# A name written with its letters spaced out ("s u d a r t o") has a word per letter.
_MAX_SPAN_WORDS = 64

# Registration numbers are compared with the letters that pass for digits read as digits ("2O16").
_NUMBER_READING = str.maketrans("oil", "011")
_DIGITS = re.compile(r"[0-9]+")
# Between a number's serial and its year: punctuation, spaces, or the word "tahun" ("0237 tahun
# 2016", "0237/'16"); a two-digit year only after a slash, a dash or an apostrophe.
_SPACED_DIGITS = re.compile(r"(?<=[0-9])\s+(?=[0-9])")
_YEAR_AFTER = re.compile(r"[\s.,]*(?:(?:tahun|thn|th)[\s.,]*)?(\s*[/\-'’][/\-'’\s]*)?")


def _number_text(text: str) -> str:
    return letters_and_digits(text).translate(_NUMBER_READING)


def _digits_read(text: str) -> str:
    """``text`` folded, with an o, i or l beside a digit read as 0 or 1 ("2O16", "B.I-O237")."""
    folded = fold(text)
    return re.sub(r"(?<=[0-9])[oil]|[oil](?=[0-9])", lambda m: m.group().translate(_NUMBER_READING), folded)


# What stands between the words of a name without being part of what is compared: joiners
# ("Sudarto bin Wibisono"), an alias and the nickname after it ("Sudarto alias Darto Wibisono"),
# a nickname in quotes or brackets ("Sudarto 'Darto' Wibisono", "Sudarto (Darto) Wibisono"), an
# initial ("Ahmad F. Hidayat", "HIDAYAT, AHMAD F."). Each found by a privacy probe.
# "br" too: the Batak "boru" (a daughter of the clan, "Sri br Sitepu"), and what a text written
# in HTML puts between words ("Sudarto<br>Wibisono", "Sudarto&nbsp;Wibisono": the page shows it
# escaped, the name whole; an attacker probe).
_BETWEEN_NAME_WORDS = NAME_JOINERS | {"alm", "almarhum", "almh", "almarhumah", "br"}
_MARKUP = re.compile(r"<\s*/?\s*[a-z][^<>]{0,40}>|&#?[a-z0-9]{1,10};|&(?:nbsp|amp|lt|gt|quot)\b")
_ALIAS = re.compile(r"(?<![^\W_])(?:alias|als|a\.k\.a|aka)\.?\s+[^\W_]+")
_QUOTED_WORD = re.compile(r"[\"'“”‘’«»(\[]\s*[^\W_]+\s*[\"'“”‘’«»)\]]")


def name_words_closed_up(reading: str) -> list[str]:
    """The words of ``reading`` (a ``readings`` form) with what may stand between the words of a
    name left out: joiners, an alias with its nickname, a word in quotes or brackets, initials."""
    reading = _QUOTED_WORD.sub(" ", _ALIAS.sub(" ", _MARKUP.sub(" ", reading)))
    return [token for token in _WORD.findall(reading) if len(token) > 1 and token not in _BETWEEN_NAME_WORDS]


class PeopleIndex:
    """The names and registration numbers of some people (``(key, legal_name,
    registration_number)`` triples; ``key`` is returned by the lookups so that a person can be
    left out of their own check), indexed for the questions below."""

    def __init__(self, people: Iterable[tuple[object, str, str]]):
        self._by_word: dict[str, list[int]] = defaultdict(list)  # name word -> people
        self._name_size: list[int] = []  # how many identifying words each person's name has
        self._keys: list[object] = []
        self._joined: dict[str, list[int]] = defaultdict(list)  # all words run together -> people
        self._single: dict[str, list[int]] = defaultdict(list)  # one-word legal names
        self._numbers: dict[str, list[int]] = defaultdict(list)  # number forms -> people
        self._number_lengths: set[int] = set()
        self._serials: dict[str, list[tuple[int, frozenset]]] = defaultdict(list)  # serial -> years
        self._longest_name = 0
        for index, (key, legal_name, number) in enumerate(people):
            self._keys.append(key)
            self._add_name(index, legal_name)
            self._add_number(index, number)

    def _add_name(self, index: int, legal_name: str) -> None:
        tokens = words(legal_name)
        identifying = {t for t in tokens if len(t) >= 3 and t not in NAME_JOINERS}
        self._name_size.append(len(identifying))
        # Words apart are compared without reading j as y, as one-word names are ("Yuni Lestari"
        # is not in "sejak Juni ... tetap lestari"; found by a verification probe).
        for word in {spelling_key(t, j_as_y=False) for t in identifying}:
            self._by_word[word].append(index)
        if len(tokens) == 1 and len(tokens[0]) >= 3:
            key = spelling_key(tokens[0], j_as_y=False)
            self._single[key].append(index)
            self._longest_name = max(self._longest_name, len(key))
        # The whole name as one run of letters, and every part of it with two identifying words
        # ("Sudarto Wibisono" of "Sudarto Wibisono Putra"), in order and backwards; each in its
        # spelling key, taken of the run (as a text's runs are looked up) and word by word (a
        # digraph across two words, "Ahmad Jaya", may be written either way).
        # ... and every two identifying words of it with the words between left out ("Ahmad
        # Hidayat" of "Ahmad Fauzi Hidayat": the first and the family name; found by a probe).
        parts = [tokens[start:end] for start in range(len(tokens)) for end in range(start + 2, len(tokens) + 1)]
        in_name = [t for t in dict.fromkeys(tokens) if t in identifying]
        parts += [[a, b] for a, b in itertools.combinations(in_name, 2) if [a, b] not in parts]
        for part in parts:
            if len(part) < len(tokens) and len(identifying.intersection(part)) < 2:
                continue
            for order in (part, part[::-1]):
                by_word = "".join(spelling_key(t) for t in order)
                crossing = any(_crosses(a[-1:], b[:1]) for a, b in zip(order, order[1:], strict=False))
                for joined in {spelling_key("".join(order)) if crossing else by_word, by_word}:
                    if index not in self._joined[joined]:
                        self._joined[joined].append(index)
                    self._longest_name = max(self._longest_name, len(joined))

    def _add_number(self, index: int, number: str) -> None:
        # "B.I-0237/2016": the whole ("bi02372016"), without the letters in front ("02372016"),
        # the letters and the serial without the year ("bi0237"), and serial and year apart.
        written = _number_text(number)
        core = written.lstrip("abcdefghijklmnopqrstuvwxyz")
        groups = _DIGITS.findall(number.translate(_NUMBER_READING).lower())
        # ... and its digits alone ("01002015" of "B.I-0100/2015": the I read as a 1 above).
        digits = "".join(_DIGITS.findall(number))
        forms = {written if len(written) >= 4 else "", core if len(core) >= 6 else "", digits if len(digits) >= 6 else ""}
        if groups and len(groups[0]) >= 3 and core != written:
            forms.add(written[: len(written) - len(core) + len(groups[0])])
        for form in forms - {""}:
            self._numbers[form].append(index)
            self._number_lengths.add(len(form))
        if len(groups) >= 2 and len(groups[0].lstrip("0")) >= 2 and len(groups[-1]) == 4:
            year = groups[-1]
            self._serials[groups[0].lstrip("0")].append((index, frozenset({year, year[2:]})))

    def __len__(self):
        return len(self._keys)

    def named(
        self, text: str, *, any_order: bool = True, mononyms: bool = False, capitalised_mononyms: bool = False
    ) -> set:
        """The keys of the people ``text`` names:

        - their name's words written together, in order or backwards, however joined, spaced or
          spelt ("Sudarto Wibisono", "SudartoWibisono", "S u d a r t o  W i b i s o n o",
          "Wibisono, Sudarto", "Sud@rto Wıbisono");
        - with ``any_order``, two or more words of their name anywhere in the text ("Satu Orang
          Probe" for "Probe Orang Satu"); fit for a short text (a display name, an answer), too
          eager for a long story full of ordinary words that are also names (Indah, Sari);
        - with ``mononyms``, a one-word legal name as a word of the text (a person's own name);
        - with ``capitalised_mononyms``, a one-word legal name written as a name, with a capital
          ("Salam dari Paiman"): through a whole prison, one-word names are also ordinary words
          ("mohon sabar", "untung", "indah"), which are left alone when not capitalised.
        """
        found: set[int] = set()
        for reading in readings(text):
            tokens = _WORD.findall(reading)
            tables = [self._joined] + ([self._single] if mononyms else [])
            found |= self._joined_in(tokens, tables=tables)
            if (close := name_words_closed_up(reading)) != tokens:
                found |= self._joined_in(close, tables=[self._joined])
            if any_order:
                hits: dict[int, int] = defaultdict(int)
                # Each word of a name once: "Pak Yadi" and "jadi" are one word of "Yadi Santoso",
                # not two (found by a review).
                for word in {spelling_key(token, j_as_y=False) for token in tokens}:
                    for index in self._by_word.get(word, ()):
                        hits[index] += 1
                found.update(i for i, count in hits.items() if count >= 2 and self._name_size[i] >= 2)
        if capitalised_mononyms and self._single and not mononyms:
            found |= self._capitalised_single(text)
        return {self._keys[index] for index in found}

    def _joined_in(self, tokens: list[str], *, tables: list[dict], starts=None) -> set[int]:
        """People whose whole name is a run of consecutive words of ``tokens`` written together
        (runs beginning at ``starts`` only, when given), compared by spelling key: of the whole run
        and word by word, as for the names."""
        if not any(tables):
            return set()
        found = set()
        for start in range(len(tokens)) if starts is None else starts:
            run = keyed = key = ""
            for token in tokens[start : start + _MAX_SPAN_WORDS]:
                # The key of the whole run differs from the words' keys put together only where
                # the words meet in a pair the key changes ("Ahmad Jaya": "dj"), or when a word
                # is a single letter (spelt out: "m o h a m a d"); else it is not worked out again.
                crossing = (run and _crosses(run[-1], token[:1])) or len(token) == 1 or key != keyed
                run += token
                keyed += spelling_key(token)
                key = spelling_key(run) if crossing else keyed
                if min(len(key), len(keyed)) > self._longest_name:
                    break
                for table in tables:
                    if table is self._single:  # one-word names: j is not read as y
                        found.update(table.get(spelling_key(run, j_as_y=False), ()))
                        continue
                    found.update(table.get(key, ()))
                    if keyed != key:
                        found.update(table.get(keyed, ()))
        return found

    def _capitalised_single(self, text: str) -> set[int]:
        written = _WORD.findall(unicodedata.normalize("NFKC", text or "").replace("_", " "))
        tokens = [fold(word).replace(" ", "") for word in written]
        starts = [i for i, word in enumerate(written) if word[:1].isupper()]
        return self._joined_in(tokens, tables=[self._single], starts=starts)

    def whole_mononym(self, text: str) -> set:
        """The keys of the people whose one-word legal name is the whole of ``text``, in any
        letters, after a form of address ("paiman", "pak paiman", "Bu Indah"); a name among other
        words ("batik indah") or spelt out ("a d e") is not."""
        tokens = _WORD.findall(fold(text))
        while len(tokens) > 1 and tokens[0] in FORMS_OF_ADDRESS:
            tokens = tokens[1:]
        if len(tokens) != 1:
            return set()
        return {self._keys[index] for index in self._single.get(spelling_key(tokens[0], j_as_y=False), ())}

    def cited(self, text: str) -> set:
        """The keys of the people whose registration number ``text`` contains, however punctuated
        or spaced ("BI-9001/2024", "B.I - 9001 / 2024", "2O24" with a letter O), without the
        letters in front ("9001/2024"), without the year ("B.I-9001"), or with the year apart
        ("9001 tahun 2024", "9001 / 24")."""
        found = set()
        written = _number_text(text)
        for length in self._number_lengths:
            for start in range(len(written) - length + 1):
                found.update(self._numbers.get(written[start : start + length], ()))
        if not self._serials:
            return {self._keys[index] for index in found}
        # The digits as written, and with the spaces between digits taken out ("0 1 0 0 / 2 0 1 5",
        # "01 00 / 20 15"), which would otherwise be many one- or two-digit groups.
        read = _digits_read(text)
        for digits in {read, _SPACED_DIGITS.sub("", read)}:
            groups = list(_DIGITS.finditer(digits))
            for group, following in zip(groups, groups[1:], strict=False):
                # The year first ("2015/0100", "BI.2015.0100"): the serial after it.
                if len(following.group()) >= 3 and (later := self._serials.get(following.group().lstrip("0"))):
                    between = digits[group.end() : following.start()]
                    if len(between) <= 6 and re.fullmatch(r"[\s.,/\-'’]+", between):
                        found.update(index for index, years in later if group.group() in years)
                serial = group.group().lstrip("0")
                candidates = self._serials.get(serial) if len(group.group()) >= 3 else None
                if not candidates:
                    continue
                between = digits[group.end() : following.start()]
                year = following.group()
                if len(between) > 12 or not (between_ok := _YEAR_AFTER.fullmatch(between)):
                    continue
                if len(year) == 2 and not between_ok.group(1):
                    continue  # "120 x 16 cm" is a size, "0237/16" a number
                found.update(index for index, years in candidates if year in years)
        return {self._keys[index] for index in found}


# The shape of an Indonesian registration number: A (detainee) or B (convict), a class in Roman
# numerals (I, IIa, IIb, III, IIIs, IV, V), a serial and a year: "B.I-0237/2016", "BIIa 12/19",
# "A.III 5 tahun 2024", "B.I Nomor 0237/2016", "B/I/0237/2016", "B.I-0237 2016". Checked in every
# public text whoever's number it is, because the numbers of other prisons are not looked up (that
# would tell an officer who is held where). Ordinary text must pass: sizes and paper formats
# ("A1 2024/2025", "grade A 12/2023"), cable and room names ("AV 12/2020", "Blok A-12/2019").
# So: a class written with a separator ("B.I", "A-III", "B/I") or of two letters or more ("BII",
# "AIII") takes any serial; a one-letter class written joined ("BI", "AV") only a serial of three
# digits or more; a Roman I written as "1", "l", "|" or "!" only right after the letter or its dot
# and before a dash, a dot or a slash ("B1-0237/2016", "B.l-0237/2016"), or before a serial of
# three digits or more and a whole year ("B1 0237/2016").
_CLASS_SEP = r"[\s.\-/\"'’]+"
_ROMAN_WORD = r"(?:iii|ii|iv|i|v)(?:[\s.\-]?[abs](?![a-z]))?"
_ROMAN_LONG = r"(?:iii|ii|iv)(?:[\s.\-]?[abs](?![a-z]))?|i[abs](?![a-z])"
_ROMAN_DIGITS = r"[1l|!]{1,3}[abs]?"
_SERIAL_WORD = r"(?:(?:nomor|nomer|no|reg|register)\.?\s*:?\s*)?"
_YEAR = (
    r"(?:[\s.,]*(?:tahun|thn|th)\.?[\s.,]*(?:19|20)?[0-9]{2}"  # "tahun 2016", "th 16"
    r"|[\s.,]*[/\-'’][\s/\-'’]*(?:19|20)?[0-9]{2}"  # "/2016", "/16", "-2016", "/'16"
    r"|[\s.,(]+(?:19|20)[0-9]{2})"  # "0237 2016", "0237, 2016", "0237 (2016)"
)
_REGISTRATION_SHAPES = (
    # A class written apart: "B.I-0237/2016", "A III 0237 2016", "B/I/0237/2016", "B.II.A-0237/16".
    re.compile(rf"(?<![a-z0-9])[ab]{_CLASS_SEP}(?:{_ROMAN_WORD}|[l|!](?![a-z])){_CLASS_SEP}?{_SERIAL_WORD}[0-9]{{1,6}}{_YEAR}(?![0-9])"),
    # A long class written joined: "BIIa 12/19", "AII 12 th 2021", "AIII 5 tahun 2024".
    re.compile(rf"(?<![a-z0-9])[ab](?:{_ROMAN_LONG})[\s.\-/:]*{_SERIAL_WORD}[0-9]{{1,6}}{_YEAR}(?![0-9])"),
    # A one-letter class written joined, with a serial of three digits or more: "BI 0237/2016".
    re.compile(rf"(?<![a-z0-9])[ab][iv][\s.\-/:]*{_SERIAL_WORD}[0-9]{{3,6}}{_YEAR}(?![0-9])"),
    # A Roman I in digits or look-alikes: "B1-0237/2016", "B.1-0237/2016", "B.l-0237/2016".
    re.compile(rf"(?<![a-z0-9])[ab]\.?{_ROMAN_DIGITS}[.\-/]\s*{_SERIAL_WORD}[0-9]{{1,6}}{_YEAR}(?![0-9])"),
    # ... or before a space, a serial of three digits or more and a whole year: "B1 0237/2016".
    # (a serial that is itself a year is a range of years: "A1 2024/2025").
    re.compile(r"(?<![a-z0-9])[ab]1{1,3}[abs]?\s+(?!(?:19|20)[0-9]{2}\b)[0-9]{3,6}\s*[/\-]\s*(?:19|20)[0-9]{2}(?![0-9])"),
    # The year first ("BI.2015.0100", "A.III 2024/0999"); the serial three digits or more and not
    # itself a year ("AV 2020/2021" is a range of years). Found by a privacy probe.
    re.compile(
        rf"(?<![a-z0-9])[ab](?:{_CLASS_SEP})?(?:{_ROMAN_WORD}){_CLASS_SEP}(?:19|20)[0-9]{{2}}[\s.\-/]+"
        r"(?!(?:19|20)[0-9]{2}(?![0-9]))[0-9]{3,6}(?![0-9])"
    ),
    # Said to be a registration number, in any order: "reg 2015/0100", "No. reg 2024/0999",
    # "nomor register 0100 15", "registrasi B.I 0100/2015".
    re.compile(
        r"(?<![a-z])(?:reg|regis|register|registrasi|registration)\.?\s*(?:no\.?|nomor|nomer|number)?\s*:?\s*"
        rf"(?:[ab](?:{_CLASS_SEP})?(?:{_ROMAN_WORD})[\s.\-/]*)?"
        r"(?:[0-9]{3,6}[\s.\-/]+['’]?[0-9]{2,4}|(?:19|20)[0-9]{2}[\s.\-/]+[0-9]{2,6}|[0-9]{1,6}[\s.\-/]+(?:19|20)[0-9]{2})(?![0-9])"
    ),
)

_DASHES = {ord(ch): "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_SLASHES = {ord(ch): "/" for ch in "\u2044\u2215\u29f8\\"}


def _registration_reading(text: str) -> str:
    """``text`` folded, with every dash read as "-", every slash as "/", any script's digits as
    ASCII ones and a letter O between digits as a zero ("2O16")."""
    folded = fold(unicodedata.normalize("NFKC", text or "")).translate(_DASHES).translate(_SLASHES)
    if not folded.isascii():
        folded = "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in folded)
    return re.sub(r"(?<=[0-9])o|o(?=[0-9])", "0", folded)


def looks_like_registration_number(text: str) -> bool:
    """Whether ``text`` holds something shaped like a registration number (anybody's)."""
    reading = _registration_reading(text)
    # ... also with the spaces between digits taken out ("B.I-0 2 3 7/2 0 1 6").
    return any(shape.search(read) for read in {reading, _SPACED_DIGITS.sub("", reading)} for shape in _REGISTRATION_SHAPES)


def names_person(text: str, legal_name: str) -> bool:
    """Whether ``text`` names the person of ``legal_name``: the whole name however written (see
    ``PeopleIndex.named``), or two or more of its words in any order. One word of a longer name
    alone is a nickname ("Pak Rani" for "Syahrani", "Bu Siti" for "Siti Aminah") and is allowed;
    a one-word legal name is not."""
    return bool(PeopleIndex([(0, legal_name, "")]).named(text, mononyms=True))


def cites_number(text: str, registration_number: str) -> bool:
    """Whether ``text`` contains ``registration_number`` however it is written (see
    ``PeopleIndex.cited``)."""
    return bool(PeopleIndex([(0, "", registration_number)]).cited(text))
