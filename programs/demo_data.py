"""What ``manage.py seed_demo`` loads: plain data, no database access (programs/demo.py writes it).

Faithful where the source is public: the 6th Pameran Produk Unggulan Narapidana at the Plasa
Industri of the Ministry of Industry, 3-6 April 2018, 09.00-17.00 WIB, 33 participants from the
regional offices (Kanwil) of the Ministry of Law and Human Rights, its programme (opening by the
Minister of Industry, a fashion show by inmates, a batik demonstration by Lapas Kelas I Cipinang,
a talk show "Branding & Packaging", a hotel-souvenir competition run by the Second Chance
Foundation), the cooperation agreement signed that day with every obligation the Directorate
General of Small and Medium Industry (Ditjen IKM) took on, and the Bimtek at the women's prison
in Tangerang and at Pondok Bambu. Regions and prisons are real public institutions.

Invented, and plainly so: every inmate (names, registration numbers, stories), the products and
their prices, sales, visitor counts, buyers, the agreement's number, the Ditjen PAS obligations
and all due dates, the training details and aid, and the upcoming exhibition. No offence or
sentence is recorded anywhere.
"""

import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from inmates import roles

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")

DEMO_PASSWORD = "etalase-demo-2018"  # DEBUG only: accounts are never created without DEBUG.  # noqa: S105 (demo accounts exist only with DEBUG on)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WIB)


# --- Regional offices: the 33 Kanwil of 2018 (North Kalimantan had none yet), BPS province codes.
REGIONS: tuple[tuple[str, str], ...] = (
    ("Aceh", "11"),
    ("Sumatera Utara", "12"),
    ("Sumatera Barat", "13"),
    ("Riau", "14"),
    ("Jambi", "15"),
    ("Sumatera Selatan", "16"),
    ("Bengkulu", "17"),
    ("Lampung", "18"),
    ("Kepulauan Bangka Belitung", "19"),
    ("Kepulauan Riau", "21"),
    ("DKI Jakarta", "31"),
    ("Jawa Barat", "32"),
    ("Jawa Tengah", "33"),
    ("DI Yogyakarta", "34"),
    ("Jawa Timur", "35"),
    ("Banten", "36"),
    ("Bali", "51"),
    ("Nusa Tenggara Barat", "52"),
    ("Nusa Tenggara Timur", "53"),
    ("Kalimantan Barat", "61"),
    ("Kalimantan Tengah", "62"),
    ("Kalimantan Selatan", "63"),
    ("Kalimantan Timur", "64"),
    ("Sulawesi Utara", "71"),
    ("Sulawesi Tengah", "72"),
    ("Sulawesi Selatan", "73"),
    ("Sulawesi Tenggara", "74"),
    ("Gorontalo", "75"),
    ("Sulawesi Barat", "76"),
    ("Maluku", "81"),
    ("Maluku Utara", "82"),
    ("Papua Barat", "91"),
    ("Papua", "94"),
)


def region_name(province: str) -> str:
    return f"Kantor Wilayah Kementerian Hukum dan HAM {province}"


def kanwil_short_name(province: str) -> str:
    return f"Kanwil Kemenkumham {province}"


# --- Categories: (slug, name_id, name_en, description)
CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    ("batik", "Batik", "Batik",
     "Batik tulis dan cap, termasuk sasirangan, dengan motif dari berbagai daerah."),
    ("tenun", "Tenun", "Woven textiles",
     "Tenun ikat, songket, sarung sutra dan ulos dari alat tenun bukan mesin."),
    ("kerajinan-kayu", "Kerajinan Kayu", "Woodcraft", "Mebel, ukiran dan perlengkapan rumah dari kayu."),
    ("anyaman", "Anyaman", "Basketry", "Anyaman pandan, rotan, lontar, ketak dan noken."),
    ("kulit", "Kerajinan Kulit", "Leather goods", "Tas, dompet, sepatu, ikat pinggang dan wayang kulit."),
    ("busana", "Busana", "Clothing", "Pakaian jadi, mukena, dan perlengkapan busana hasil bengkel jahit."),
    ("makanan-olahan", "Makanan Olahan", "Processed food",
     "Keripik, kue kering dan camilan khas daerah dalam kemasan."),
    ("cinderamata", "Cinderamata", "Souvenirs", "Cinderamata dan perlengkapan hotel berukuran kecil."),
)

# The workshop craft a category's products come from unless a product says otherwise.
CATEGORY_CRAFT = {
    "batik": "batik",
    "tenun": "tenun",
    "kerajinan-kayu": "kayu",
    "anyaman": "anyaman",
    "kulit": "kulit",
    "busana": "jahit",
    "makanan-olahan": "makanan",
    "cinderamata": "kriya",
}

WORKSHOP_NAMES = {
    "batik": "Bengkel Batik",
    "tenun": "Sanggar Tenun",
    "kayu": "Bengkel Kayu",
    "anyaman": "Unit Anyaman",
    "kulit": "Bengkel Kulit",
    "jahit": "Unit Jahit",
    "makanan": "Dapur Produksi",
    "kriya": "Sanggar Kriya",
}

WORKSHOP_DESCRIPTIONS = {
    "batik": "Membatik tulis dan cap, dari membuat pola, mencanting, mewarnai sampai melorod.",
    "tenun": "Menenun dengan alat tenun bukan mesin (ATBM) dan gedogan.",
    "kayu": "Mebel dan kerajinan kayu: memotong, menyerut, mengukir dan finishing.",
    "anyaman": "Menganyam pandan, rotan, lontar atau serat lokal menjadi tas dan perlengkapan rumah.",
    "kulit": "Memotong, menjahit dan menyelesaikan produk kulit.",
    "jahit": "Menjahit busana dan perlengkapan rumah tangga, termasuk bordir.",
    "makanan": "Mengolah dan mengemas makanan ringan sesuai standar kebersihan pangan.",
    "kriya": "Cinderamata kecil: gantungan kunci, hiasan dan perlengkapan hotel.",
}


class PrisonSpec(NamedTuple):
    slug: str
    name: str
    kind: str
    klass: str
    province: str
    city: str
    crafts: tuple[str, ...]
    description: str


PRISONS: tuple[PrisonSpec, ...] = (
    PrisonSpec(
        "lapas-cipinang", "Lapas Kelas I Cipinang", "lapas", "I", "DKI Jakarta", "Jakarta Timur",
        ("batik", "kayu", "jahit", "kriya"),
        "Bengkel batik tulis dan cap, mebel kayu, serta unit jahit. Warga binaan Cipinang rutin "
        "menampilkan demo membatik di pameran.",
    ),
    PrisonSpec(
        "rutan-pondok-bambu", "Rutan Kelas IIA Pondok Bambu", "rutan", "IIA", "DKI Jakarta",
        "Jakarta Timur", ("jahit", "makanan", "kriya"),
        "Rutan Perempuan Kelas IIA Jakarta Timur. Warga binaan perempuan menjahit mukena dan "
        "busana muslim, membuat kue kering dan kerajinan flanel.",
    ),
    PrisonSpec(
        "lapas-perempuan-tangerang", "Lapas Perempuan Kelas IIA Tangerang", "lapas_perempuan", "IIA",
        "Banten", "Kota Tangerang", ("batik", "jahit", "makanan"),
        "Bengkel batik tulis yang tumbuh dari bimbingan teknis Kemenperin, unit jahit, dan dapur "
        "produksi makanan ringan.",
    ),
    PrisonSpec(
        "lpka-tangerang", "LPKA Kelas I Tangerang", "lpka", "I", "Banten", "Kota Tangerang",
        ("kayu", "kriya"),
        "Lembaga Pembinaan Khusus Anak. Anak binaan belajar pertukangan kayu dan membuat mainan "
        "edukatif di sela sekolah.",
    ),
    PrisonSpec(
        "lapas-sukamiskin", "Lapas Kelas I Sukamiskin", "lapas", "I", "Jawa Barat", "Kota Bandung",
        ("kayu", "kulit"),
        "Bengkel mebel kayu dan kerajinan kulit: dompet, tas dan ikat pinggang jahit tangan.",
    ),
    PrisonSpec(
        "lapas-kerobokan", "Lapas Kelas IIA Kerobokan", "lapas", "IIA", "Bali", "Kabupaten Badung",
        ("kayu", "kriya", "anyaman"),
        "Ukiran kayu Bali, anyaman ata dan perlengkapan hotel dari batok kelapa untuk pasar "
        "pariwisata.",
    ),
    PrisonSpec(
        "lapas-semarang", "Lapas Kelas I Semarang", "lapas", "I", "Jawa Tengah", "Kota Semarang",
        ("kayu", "batik"),
        "Mebel jati dan batik Semarangan dari bengkel kerja Kedungpane.",
    ),
    PrisonSpec(
        "lapas-perempuan-semarang", "Lapas Perempuan Kelas IIA Semarang", "lapas_perempuan", "IIA",
        "Jawa Tengah", "Kota Semarang", ("jahit", "makanan"),
        "Unit jahit dan bordir serta dapur produksi wingko dan keripik.",
    ),
    PrisonSpec(
        "lapas-surabaya", "Lapas Kelas I Surabaya", "lapas", "I", "Jawa Timur", "Kabupaten Sidoarjo",
        ("kulit", "kayu", "kriya"),
        "Lapas Porong: tas, dompet dan jaket kulit, serta miniatur kapal kayu.",
    ),
    PrisonSpec(
        "lapas-yogyakarta", "Lapas Kelas IIA Yogyakarta", "lapas", "IIA", "DI Yogyakarta",
        "Kota Yogyakarta", ("batik", "kulit", "kayu"),
        "Lapas Wirogunan: batik tulis klasik, wayang kulit tatah sungging dan batik kayu.",
    ),
    PrisonSpec(
        "lapas-makassar", "Lapas Kelas I Makassar", "lapas", "I", "Sulawesi Selatan", "Kota Makassar",
        ("tenun", "kayu", "kriya"),
        "Tenun sutra Bugis (lipa' sabbe) dan miniatur perahu pinisi.",
    ),
    PrisonSpec(
        "lapas-jambi", "Lapas Kelas IIA Jambi", "lapas", "IIA", "Jambi", "Kota Jambi",
        ("batik", "anyaman"),
        "Batik Jambi bermotif flora dan angso duo, serta anyaman pandan.",
    ),
    PrisonSpec(
        "lapas-medan", "Lapas Kelas I Medan", "lapas", "I", "Sumatera Utara", "Kota Medan",
        ("tenun", "kayu", "jahit", "kriya"),
        "Lapas Tanjung Gusta: tenun ulos, mebel kayu mahoni dan unit jahit.",
    ),
    PrisonSpec(
        "lapas-ambon", "Lapas Kelas IIA Ambon", "lapas", "IIA", "Maluku", "Kota Ambon",
        ("kriya", "anyaman"),
        "Kerajinan kulit kerang dan mutiara khas Maluku, serta anyaman pandan.",
    ),
    PrisonSpec(
        "lapas-abepura", "Lapas Kelas IIA Abepura", "lapas", "IIA", "Papua", "Kota Jayapura",
        ("anyaman", "kayu"),
        "Noken dari serat kulit kayu dan benang, serta ukiran kayu bermotif Papua.",
    ),
    PrisonSpec(
        "lapas-mataram", "Lapas Kelas IIA Mataram", "lapas", "IIA", "Nusa Tenggara Barat",
        "Kota Mataram", ("tenun", "anyaman"),
        "Songket Lombok dan anyaman ketak.",
    ),
    PrisonSpec(
        "lapas-kupang", "Lapas Kelas IIA Kupang", "lapas", "IIA", "Nusa Tenggara Timur", "Kota Kupang",
        ("tenun", "anyaman"),
        "Tenun ikat NTT dan anyaman daun lontar.",
    ),
    PrisonSpec(
        "lapas-banjarmasin", "Lapas Kelas IIA Banjarmasin", "lapas", "IIA", "Kalimantan Selatan",
        "Kota Banjarmasin", ("batik", "makanan"),
        "Kain sasirangan khas Banjar dan amplang ikan.",
    ),
    PrisonSpec(
        "lapas-palembang", "Lapas Kelas I Palembang", "lapas", "I", "Sumatera Selatan",
        "Kota Palembang", ("tenun", "makanan", "jahit"),
        "Songket Palembang dan kerupuk kemplang.",
    ),
    PrisonSpec(
        "lapas-samarinda", "Lapas Kelas IIA Samarinda", "lapas", "IIA", "Kalimantan Timur",
        "Kota Samarinda", ("tenun", "anyaman"),
        "Sarung tenun Samarinda dan anyaman rotan.",
    ),
    PrisonSpec(
        "lapas-padang", "Lapas Kelas IIA Padang", "lapas", "IIA", "Sumatera Barat", "Kota Padang",
        ("makanan", "jahit"),
        "Keripik balado dan kerupuk sanjai, serta mukena bordir kerancang.",
    ),
    PrisonSpec(
        "lapas-pontianak", "Lapas Kelas IIA Pontianak", "lapas", "IIA", "Kalimantan Barat",
        "Kota Pontianak", ("kriya", "anyaman", "makanan"),
        "Kerajinan manik-manik bermotif Dayak, anyaman rotan dan olahan lidah buaya.",
    ),
)

# Prisons that exhibit under their own name in 2018; every other Kanwil sends one delegation.
DELEGATION_PRISONS_2018 = (
    "lapas-cipinang",
    "lapas-perempuan-tangerang",
    "lapas-sukamiskin",
    "lapas-kerobokan",
    "lapas-surabaya",
    "lapas-yogyakarta",
    "lapas-makassar",
    "lapas-abepura",
)


# --- Inmates (invented). consent: "full" (name, story, work photos), "photos" (work photos only),
# "withdrawn" (gave consent, later withdrew it: nothing may be credited any more).
class InmateSpec(NamedTuple):
    prison: str
    legal_name: str
    gender: str
    birth_year: int
    display_name: str
    craft: str
    consent: str = "full"
    released_on: datetime.date | None = None


INMATES: tuple[InmateSpec, ...] = (
    InmateSpec("lapas-cipinang", "Sudarto Wibisono", "L", 1968, "Pak Darto", "batik"),
    InmateSpec("lapas-cipinang", "Yohanes Manurung", "L", 1979, "Pak Yohanes", "kayu"),
    InmateSpec("lapas-cipinang", "Ahmad Fauzan Hidayat", "L", 1986, "Pak Fauzan", "batik", "photos"),
    InmateSpec("lapas-cipinang", "Rudi Santoso Wijaya", "L", 1975, "Pak Rudi", "jahit"),
    InmateSpec("lapas-cipinang", "Bambang Kurniawan", "L", 1971, "Pak Bambang", "kriya", "withdrawn"),
    InmateSpec("rutan-pondok-bambu", "Sri Wahyuni Lestari", "P", 1977, "Ibu Yuni", "jahit"),
    InmateSpec("rutan-pondok-bambu", "Siti Aminah Rahayu", "P", 1982, "Ibu Aminah", "jahit"),
    InmateSpec("rutan-pondok-bambu", "Dewi Kartika Sari", "P", 1988, "Ibu Tika", "makanan"),
    InmateSpec("rutan-pondok-bambu", "Maria Goreti Lamablawa", "P", 1980, "Ibu Maria", "kriya"),
    InmateSpec("rutan-pondok-bambu", "Nurhayati Siregar", "P", 1973, "Ibu Nur", "makanan", "photos"),
    InmateSpec("rutan-pondok-bambu", "Rina Marlina", "P", 1990, "Ibu Rina", "jahit", "withdrawn"),
    InmateSpec("lapas-perempuan-tangerang", "Sari Puspitasari", "P", 1984, "Ibu Sari", "batik"),
    InmateSpec("lapas-perempuan-tangerang", "Endang Suryani", "P", 1970, "Ibu Endang", "batik"),
    InmateSpec("lapas-perempuan-tangerang", "Lilis Suryati", "P", 1976, "Ibu Lilis", "batik"),
    InmateSpec("lapas-perempuan-tangerang", "Wulan Anggraeni", "P", 1991, "Ibu Wulan", "batik"),
    InmateSpec("lapas-perempuan-tangerang", "Yuliana Pattiasina", "P", 1983, "Ibu Yuli", "jahit"),
    InmateSpec("lapas-perempuan-tangerang", "Tuti Nurjanah", "P", 1978, "Ibu Tuti", "makanan"),
    InmateSpec("lapas-perempuan-tangerang", "Ratna Komalasari", "P", 1987, "Ibu Ratna", "batik", "photos"),
    InmateSpec("lapas-perempuan-tangerang", "Hana Fitriani", "P", 1993, "Ibu Hana", "jahit", "withdrawn"),
    # Children: their names and stories are never public; only photos of their work.
    InmateSpec("lpka-tangerang", "Dimas Prasetyo", "L", 2001, "", "kayu", "photos"),
    InmateSpec("lpka-tangerang", "Rizky Ananda Putra", "L", 2002, "", "kriya", "photos"),
    InmateSpec("lpka-tangerang", "Fajar Nugroho", "L", 2001, "", "kayu", "photos"),
    InmateSpec("lapas-sukamiskin", "Hendra Permana", "L", 1966, "Pak Hendra", "kayu"),
    InmateSpec("lapas-sukamiskin", "Ujang Saepudin", "L", 1981, "Pak Ujang", "kulit"),
    InmateSpec("lapas-sukamiskin", "Asep Mulyana", "L", 1974, "Pak Asep", "kulit"),
    InmateSpec("lapas-kerobokan", "I Made Suarta", "L", 1972, "Pak Made", "kayu"),
    InmateSpec("lapas-kerobokan", "I Ketut Darmawan", "L", 1985, "Pak Ketut", "kriya"),
    InmateSpec("lapas-kerobokan", "I Wayan Sukarsa", "L", 1979, "Pak Wayan", "anyaman", "photos"),
    InmateSpec("lapas-semarang", "Slamet Purnomo", "L", 1969, "Pak Slamet", "kayu"),
    InmateSpec("lapas-semarang", "Joko Susilo", "L", 1983, "Pak Joko", "batik"),
    InmateSpec("lapas-perempuan-semarang", "Sumiati Handayani", "P", 1975, "Ibu Sumi", "jahit"),
    InmateSpec("lapas-perempuan-semarang", "Tri Wahyuningsih", "P", 1986, "Ibu Tri", "makanan"),
    InmateSpec("lapas-surabaya", "Moch. Syaiful Arif", "L", 1980, "Pak Syaiful", "kulit"),
    InmateSpec("lapas-surabaya", "Eko Prasetyo Utomo", "L", 1977, "Pak Eko", "kulit"),
    InmateSpec("lapas-surabaya", "Didik Hariyanto", "L", 1972, "Pak Didik", "kayu", "withdrawn"),
    InmateSpec("lapas-yogyakarta", "Sugeng Raharjo", "L", 1967, "Pak Sugeng", "batik"),
    InmateSpec("lapas-yogyakarta", "Wahyu Nugroho", "L", 1984, "Pak Wahyu", "kulit"),
    InmateSpec("lapas-yogyakarta", "Heru Santosa", "L", 1978, "Pak Heru", "kayu", "photos"),
    InmateSpec("lapas-makassar", "Andi Muhammad Ridwan", "L", 1976, "Pak Ridwan", "tenun"),
    InmateSpec("lapas-makassar", "Syamsul Bahri", "L", 1982, "Pak Syamsul", "tenun"),
    InmateSpec("lapas-makassar", "Muhammad Arfah", "L", 1988, "Pak Arfah", "kayu"),
    InmateSpec("lapas-jambi", "Zulkarnain Effendi", "L", 1971, "Pak Zul", "batik"),
    InmateSpec("lapas-jambi", "Hasan Basri Nasution", "L", 1980, "Pak Hasan", "anyaman"),
    InmateSpec("lapas-medan", "Parlindungan Simanjuntak", "L", 1974, "Pak Parlin", "tenun"),
    InmateSpec(
        "lapas-medan", "Robert Sinaga", "L", 1970, "Pak Robert", "kayu",
        released_on=datetime.date(2019, 2, 14),
    ),
    InmateSpec("lapas-ambon", "Yopi Latuheru", "L", 1983, "Pak Yopi", "kriya"),
    InmateSpec("lapas-ambon", "Marthen Pattinama", "L", 1977, "Pak Marthen", "anyaman"),
    InmateSpec("lapas-abepura", "Yakobus Itlay", "L", 1985, "Pak Yakobus", "anyaman"),
    InmateSpec("lapas-abepura", "Nikolaus Wakerkwa", "L", 1990, "Pak Niko", "kayu", "photos"),
    InmateSpec("lapas-mataram", "Lalu Zainudin", "L", 1979, "Pak Zainudin", "tenun"),
    InmateSpec("lapas-mataram", "Muhammad Sahril", "L", 1987, "Pak Sahril", "anyaman"),
    InmateSpec("lapas-kupang", "Yohanis Ndun", "L", 1973, "Pak Yohanis", "tenun"),
    InmateSpec("lapas-kupang", "Ferdinandus Laka", "L", 1981, "Pak Ferdi", "anyaman"),
    InmateSpec("lapas-banjarmasin", "Muhammad Rusdi", "L", 1978, "Pak Rusdi", "batik"),
    InmateSpec(
        "lapas-banjarmasin", "Arbain Noor", "L", 1984, "Pak Arbain", "makanan",
        released_on=datetime.date(2018, 11, 20),
    ),
    InmateSpec("lapas-palembang", "Muhammad Ridho", "L", 1982, "Pak Ridho", "tenun"),
    InmateSpec("lapas-palembang", "Darmawan Saleh", "L", 1975, "Pak Darmawan", "makanan"),
    InmateSpec("lapas-samarinda", "Rahmat Hidayat", "L", 1980, "Pak Rahmat", "tenun"),
    InmateSpec("lapas-samarinda", "Syahrani", "L", 1976, "Pak Syah", "anyaman"),
    InmateSpec("lapas-padang", "Afrizal Chaniago", "L", 1979, "Pak Afrizal", "makanan"),
    InmateSpec("lapas-padang", "Yusrizal", "L", 1985, "Pak Yus", "jahit"),
    InmateSpec("lapas-pontianak", "Antonius Ajun", "L", 1983, "Pak Anton", "kriya"),
    InmateSpec("lapas-pontianak", "Hamdani", "L", 1977, "Pak Dani", "makanan", "photos"),
)

STORY_OPENINGS = {
    "batik": (
        "Mulai belajar membatik tulis pada {year} dan kini paling tekun mengerjakan isen-isen yang halus."
    ),
    "tenun": "Menenun dengan alat tenun bukan mesin; satu kain bisa dikerjakan hingga tiga minggu.",
    "kayu": "Bekerja di bengkel kayu sejak {year}, dari menyerut papan sampai finishing.",
    "anyaman": "Menganyam sejak kecil di kampung halaman, lalu mengajarkannya kepada rekan di bengkel.",
    "kulit": "Belajar memotong, menjahit dan menyelesaikan produk kulit di bengkel kerja sejak {year}.",
    "jahit": "Belajar menjahit dari nol pada {year} dan kini mampu membuat pola sendiri.",
    "makanan": "Mengolah camilan di dapur produksi, dari menimbang bahan sampai mengemas.",
    "kriya": "Membuat cinderamata kecil dengan teliti dan senang mencoba desain baru.",
}
STORY_HOPES = (
    "Ingin membuka usaha kecil bersama keluarga setelah bebas.",
    "Bangga karyanya dipakai orang lain dan ingin terus belajar.",
    "Bercita-cita mengajarkan keterampilan ini kepada anak-anak di kampungnya.",
    "Menyisihkan upah premi untuk modal usaha kelak.",
    "Berharap karyanya bisa dijual di toko cinderamata di kotanya.",
    "Pameran di Jakarta membuatnya yakin karyanya diminati pembeli.",
    "Ingin bergabung dengan koperasi perajin di daerahnya.",
)
SKILLS = {
    "batik": "Membatik tulis dan cap, pewarnaan",
    "tenun": "Menenun ATBM, mengikat motif",
    "kayu": "Pertukangan kayu, ukir, finishing",
    "anyaman": "Menganyam pandan dan rotan",
    "kulit": "Menjahit kulit, membuat pola",
    "jahit": "Menjahit busana, bordir",
    "makanan": "Pengolahan pangan, pengemasan",
    "kriya": "Kerajinan tangan, perakitan cinderamata",
}


# --- Products (invented, priced in whole rupiah). craft: the workshop, when not the category's.
class ProductSpec(NamedTuple):
    prison: str
    name: str
    category: str
    price: int
    materials: str
    size: str
    weight_grams: int | None
    monthly_capacity: int
    description: str
    status: str = "approved"
    featured: bool = False
    reason: str = ""
    craft: str = ""


P = ProductSpec
PRODUCTS: tuple[ProductSpec, ...] = (
    # Lapas Kelas I Cipinang
    P("lapas-cipinang", "Kain Batik Tulis Motif Parang", "batik", 1_250_000,
      "Katun primisima, malam, pewarna sintetis",
      "115 x 250 cm", 450, 4,
      "Batik tulis parang dengan garis miring yang tegas, dikerjakan sekitar tiga minggu.",
      featured=True),
    P("lapas-cipinang", "Kain Batik Cap Motif Kawung", "batik", 275_000, "Katun prima, pewarna sintetis",
      "110 x 200 cm", 350, 30, "Motif kawung klasik dengan cap tembaga, warna indigo dan soga."),
    P("lapas-cipinang", "Kemeja Batik Cap Lengan Pendek", "busana", 225_000, "Katun prima batik cap",
      "M, L, XL", 250, 40, "Kemeja pria berpotongan reguler dengan furing di bagian pundak."),
    P("lapas-cipinang", "Meja Tamu Kayu Jati Belanda", "kerajinan-kayu", 1_850_000,
      "Kayu jati belanda, finishing melamin",
      "120 x 60 x 45 cm", 22_000, 3, "Meja tamu minimalis dengan rak bawah, sambungan pasak tanpa paku."),
    P("lapas-cipinang", "Kotak Tisu Kayu Ukir", "kerajinan-kayu", 85_000, "Kayu mahoni",
      "26 x 14 x 10 cm", 600, 60, "Kotak tisu dengan ukiran sulur di tutupnya, cocok untuk meja kantor."),
    P("lapas-cipinang", "Tatakan Gelas Batik isi 6", "cinderamata", 60_000,
      "Kain batik cap, MDF, lapisan resin",
      "10 x 10 cm per keping", 300, 80, "Enam tatakan gelas berlapis kain batik, tahan air."),
    P("lapas-cipinang", "Gantungan Kunci Kayu Monas", "cinderamata", 15_000, "Kayu pinus, cat air",
      "3 x 7 cm", 10, 300, "Gantungan kunci berbentuk Monas, dicat tangan."),
    P("lapas-cipinang", "Lemari Pakaian Dua Pintu", "kerajinan-kayu", 3_250_000,
      "Kayu jati belanda, engsel kuningan",
      "90 x 50 x 180 cm", 65_000, 1, "Lemari dua pintu dengan gantungan baju dan tiga rak.",
      status="submitted"),
    P("lapas-cipinang", "Celemek Kanvas Sablon", "busana", 65_000, "Kanvas katun, sablon manual",
      "60 x 80 cm", 200, 100, "Celemek dapur dengan kantong depan dan tali panjang.", status="draft"),
    # Rutan Kelas IIA Pondok Bambu
    P("rutan-pondok-bambu", "Mukena Katun Bordir", "busana", 285_000, "Katun rayon, benang bordir",
      "All size, atasan 125 cm", 600, 40, "Mukena dua potong dengan bordir bunga di tepi wajah dan lengan.",
      featured=True),
    P("rutan-pondok-bambu", "Gamis Katun Motif Bunga", "busana", 245_000, "Katun rayon",
      "M, L, XL", 450, 30, "Gamis longgar berkancing depan, ramah menyusui."),
    P("rutan-pondok-bambu", "Tas Jinjing Kain Perca", "busana", 75_000, "Kain perca katun, furing blacu",
      "35 x 30 x 10 cm", 250, 60, "Tas jinjing dari sisa kain jahitan, tiap tas bermotif lain."),
    P("rutan-pondok-bambu", "Kue Kering Nastar 500 g", "makanan-olahan", 65_000,
      "Tepung terigu, mentega, selai nanas",
      "Toples 500 g", 650, 200, "Nastar lembut dengan selai nanas buatan sendiri, tanpa pengawet."),
    P("rutan-pondok-bambu", "Keripik Pisang Cokelat 200 g", "makanan-olahan", 22_000,
      "Pisang kepok, cokelat bubuk",
      "Kemasan 200 g", 220, 300, "Keripik pisang tipis berbalut cokelat, kemasan standing pouch."),
    P("rutan-pondok-bambu", "Boneka Flanel Si Kancil", "cinderamata", 35_000, "Kain flanel, dakron",
      "15 cm", 60, 120, "Boneka kecil dijahit tangan, tokoh kancil dari dongeng anak."),
    P("rutan-pondok-bambu", "Sarung Bantal Sulam Pita", "busana", 85_000, "Katun, pita satin",
      "40 x 40 cm", 150, 50, "Sarung bantal sofa bersulam pita bunga mawar.", status="draft"),
    # Lapas Perempuan Kelas IIA Tangerang
    P("lapas-perempuan-tangerang", "Kain Batik Tulis Motif Sekar Jagad", "batik", 950_000,
      "Katun primisima, malam, pewarna alam", "115 x 250 cm", 450, 5,
      "Sekar jagad berwarna tanah, hasil bimbingan teknis batik tulis 2018.", featured=True),
    P("lapas-perempuan-tangerang", "Selendang Batik Tulis Sutra", "batik", 650_000,
      "Sutra ATBM, malam, pewarna alam",
      "50 x 200 cm", 150, 6, "Selendang sutra ringan dengan motif bunga kenanga."),
    P("lapas-perempuan-tangerang", "Kain Batik Cap Motif Parang Rusak", "batik", 225_000, "Katun prima",
      "110 x 200 cm", 350, 30, "Parang rusak warna biru indigo di atas dasar putih gading."),
    P("lapas-perempuan-tangerang", "Blus Batik Cap Wanita", "busana", 195_000, "Katun batik cap",
      "S, M, L, XL", 220, 40, "Blus lengan tiga perempat dengan kerah shanghai."),
    P("lapas-perempuan-tangerang", "Keripik Tempe Sagu 200 g", "makanan-olahan", 18_000,
      "Tempe, tepung sagu, bumbu",
      "Kemasan 200 g", 220, 400, "Keripik tempe renyah berbumbu bawang dan daun jeruk."),
    P("lapas-perempuan-tangerang", "Rengginang Terasi 250 g", "makanan-olahan", 25_000, "Beras ketan, terasi",
      "Kemasan 250 g mentah", 260, 250, "Rengginang mentah siap goreng, dijemur matahari."),
    P("lapas-perempuan-tangerang", "Tas Jinjing Batik", "batik", 125_000, "Kain batik cap, kanvas, furing",
      "38 x 32 x 12 cm", 400, 40, "Tas jinjing berlapis kanvas dengan saku dalam.", status="submitted"),
    # LPKA Kelas I Tangerang
    P("lpka-tangerang", "Rak Buku Kayu Pinus", "kerajinan-kayu", 325_000, "Kayu pinus bekas peti, pernis air",
      "60 x 25 x 90 cm", 7_500, 8, "Rak buku tiga susun dari kayu pinus daur ulang."),
    P("lpka-tangerang", "Puzzle Kayu Peta Indonesia", "cinderamata", 65_000, "Kayu lapis, cat tidak beracun",
      "40 x 20 cm", 400, 60, "Puzzle edukatif 34 keping berbentuk provinsi.", craft="kayu"),
    P("lpka-tangerang", "Gantungan Kunci Kayu Huruf", "cinderamata", 12_000, "Kayu pinus",
      "4 x 4 cm", 8, 400, "Gantungan kunci huruf awal nama, diamplas halus."),
    P("lpka-tangerang", "Bingkai Foto Kayu 4R", "kerajinan-kayu", 45_000, "Kayu pinus, kaca",
      "15 x 20 cm", 300, 80, "Bingkai foto berdiri untuk ukuran 4R."),
    P("lpka-tangerang", "Mobil-Mobilan Kayu", "cinderamata", 55_000, "Kayu pinus, cat tidak beracun",
      "18 x 8 x 8 cm", 250, 40, "Mainan mobil kayu beroda, sudut-sudutnya dibulatkan.", craft="kayu"),
    # Lapas Kelas I Sukamiskin
    P("lapas-sukamiskin", "Kursi Kayu Jati Minimalis", "kerajinan-kayu", 1_450_000,
      "Kayu jati, jok busa oscar",
      "48 x 52 x 85 cm", 9_000, 6, "Kursi makan dengan sandaran lengkung dan jok lepas pasang."),
    P("lapas-sukamiskin", "Kotak Perhiasan Kayu Sonokeling", "kerajinan-kayu", 175_000,
      "Kayu sonokeling, beludru",
      "20 x 14 x 8 cm", 700, 20, "Kotak perhiasan berlapis beludru dengan dua sekat."),
    P("lapas-sukamiskin", "Dompet Kulit Sapi Pria", "kulit", 145_000, "Kulit sapi nabati, benang lilin",
      "11 x 9,5 cm", 90, 80, "Dompet lipat dua dijahit tangan dengan jahitan pelana."),
    P("lapas-sukamiskin", "Tas Selempang Kulit", "kulit", 575_000, "Kulit sapi crazy horse, kuningan",
      "26 x 20 x 7 cm", 650, 12, "Tas selempang yang makin bagus warnanya seiring pemakaian.", featured=True),
    P("lapas-sukamiskin", "Ikat Pinggang Kulit", "kulit", 125_000, "Kulit sapi, gesper kuningan",
      "Lebar 3,5 cm, panjang 105-120 cm", 180, 60, "Ikat pinggang kulit utuh dengan tepi dicat manual."),
    P("lapas-sukamiskin", "Sepatu Pantofel Kulit", "kulit", 425_000, "Kulit sapi, sol karet",
      "Ukuran 39-44", 900, 15, "Sepatu pantofel pria dijahit tangan.", status="rejected",
      reason="Foto belum memperlihatkan jahitan sol; mohon lengkapi foto dan tabel ukuran."),
    # Lapas Kelas IIA Kerobokan
    P("lapas-kerobokan", "Topeng Kayu Ukir Bali", "kerajinan-kayu", 275_000, "Kayu pule, cat akrilik",
      "18 x 25 cm", 400, 20, "Topeng hias bergaya keras dengan detail ukir dan cat tangan.", featured=True),
    P("lapas-kerobokan", "Panel Relief Kayu Motif Pepatran", "kerajinan-kayu", 650_000, "Kayu suar",
      "60 x 30 x 3 cm", 3_000, 6, "Panel dinding berukir motif pepatran."),
    P("lapas-kerobokan", "Set Sabun dan Tempat Sabun Batok Kelapa", "cinderamata", 95_000,
      "Batok kelapa, sabun minyak kelapa", "Tempat sabun 10 x 8 cm, sabun 100 g", 220, 150,
      "Perlengkapan kamar mandi hotel: tempat sabun batok kelapa dan sabun cetak.", featured=True),
    P("lapas-kerobokan", "Tatakan Gelas Batok Kelapa isi 4", "cinderamata", 45_000, "Batok kelapa, pernis",
      "Diameter 10 cm", 160, 120, "Empat tatakan gelas dari batok kelapa yang diamplas halus."),
    P("lapas-kerobokan", "Tas Bundar Anyaman Ata", "anyaman", 185_000, "Rumput ata, kulit sintetis",
      "Diameter 20 cm", 300, 25, "Tas bundar anyaman ata dengan tali kulit.", craft="anyaman"),
    P("lapas-kerobokan", "Tempat Dupa Kayu", "cinderamata", 35_000, "Kayu sawo",
      "25 x 4 cm", 80, 200, "Tempat dupa ramping berukir daun.", craft="kayu", status="submitted"),
    # Lapas Kelas I Semarang
    P("lapas-semarang", "Set Meja Makan Kayu Jati", "kerajinan-kayu", 4_500_000,
      "Kayu jati, finishing natural",
      "Meja 150 x 80 cm, 4 kursi", 80_000, 1, "Satu meja dan empat kursi dengan kaki bubut."),
    P("lapas-semarang", "Kursi Teras Kayu Jati", "kerajinan-kayu", 1_250_000, "Kayu jati",
      "60 x 55 x 80 cm", 11_000, 4, "Kursi teras sandaran jari-jari, tahan cuaca."),
    P("lapas-semarang", "Kain Batik Cap Semarangan Motif Asem", "batik", 285_000, "Katun prima",
      "110 x 200 cm", 350, 25, "Motif pohon asem khas Semarang, warna merah bata."),
    P("lapas-semarang", "Kemeja Batik Semarangan", "busana", 215_000, "Katun batik cap", "M, L, XL", 250, 30,
      "Kemeja lengan panjang motif blekok srondol.", craft="batik"),
    P("lapas-semarang", "Talenan Kayu Jati", "kerajinan-kayu", 55_000, "Kayu jati, minyak food grade",
      "35 x 22 x 2 cm", 900, 100, "Talenan serbaguna dari potongan jati perca."),
    # Lapas Perempuan Kelas IIA Semarang
    P("lapas-perempuan-semarang", "Blus Bordir Kerah Bulat", "busana", 185_000, "Katun toyobo, benang bordir",
      "S, M, L, XL", 200, 30, "Blus lengan pendek dengan bordir bunga di dada."),
    P("lapas-perempuan-semarang", "Wingko Babat Isi 10", "makanan-olahan", 35_000,
      "Kelapa muda, tepung ketan, gula",
      "Kotak isi 10", 500, 300, "Wingko panggang wangi kelapa, tahan lima hari."),
    P("lapas-perempuan-semarang", "Keripik Singkong Pedas 200 g", "makanan-olahan", 20_000,
      "Singkong, cabai, bawang",
      "Kemasan 200 g", 220, 300, "Keripik singkong tipis pedas manis."),
    P("lapas-perempuan-semarang", "Taplak Meja Sulam", "busana", 120_000, "Katun, benang sulam",
      "90 x 90 cm", 250, 25, "Taplak meja makan bersulam tangan."),
    P("lapas-perempuan-semarang", "Kebaya Kartini Bordir", "busana", 275_000, "Katun paris, benang bordir",
      "S, M, L, XL", 250, 15, "Kebaya berkerah Kartini dengan bordir halus di tepi depan."),
    # Lapas Kelas I Surabaya (Porong)
    P("lapas-surabaya", "Tas Tangan Kulit Wanita", "kulit", 650_000, "Kulit sapi pull-up, furing suede",
      "30 x 22 x 12 cm", 700, 10, "Tas tangan berstruktur dengan tali bahu lepas pasang.", featured=True),
    P("lapas-surabaya", "Dompet Kulit Lipat Tiga", "kulit", 135_000, "Kulit sapi", "11 x 8 cm", 90, 80,
      "Dompet lipat tiga dengan delapan slot kartu."),
    P("lapas-surabaya", "Sandal Kulit Pria", "kulit", 165_000, "Kulit sapi, sol karet", "Ukuran 39-44", 600,
      40,
      "Sandal selop kulit dengan alas empuk."),
    P("lapas-surabaya", "Jaket Kulit Domba", "kulit", 1_250_000, "Kulit domba, furing katun", "M, L, XL",
      1_200, 4,
      "Jaket kulit domba model bomber, dijahit di bengkel Porong."),
    P("lapas-surabaya", "Miniatur Kapal Layar Kayu", "cinderamata", 450_000,
      "Kayu jati, kain blacu, tali rami",
      "50 x 12 x 40 cm", 1_100, 10, "Miniatur kapal layar dengan tiang dan tali lengkap.", craft="kayu"),
    P("lapas-surabaya", "Rak Sepatu Kayu Tiga Susun", "kerajinan-kayu", 285_000, "Kayu mahoni",
      "80 x 30 x 60 cm", 6_000, 15, "Rak sepatu tiga susun, dapat memuat sembilan pasang."),
    # Lapas Kelas IIA Yogyakarta (Wirogunan)
    P("lapas-yogyakarta", "Kain Batik Tulis Motif Truntum", "batik", 1_150_000,
      "Katun primisima, pewarna alam",
      "115 x 250 cm", 450, 4, "Motif truntum dengan pewarna soga alam, dikerjakan sebulan.", featured=True),
    P("lapas-yogyakarta", "Kain Batik Cap Motif Kawung Picis", "batik", 245_000, "Katun prima",
      "110 x 200 cm", 350,
      30, "Kawung picis warna cokelat soga."),
    P("lapas-yogyakarta", "Wayang Kulit Tatah Sungging Arjuna", "kulit", 650_000,
      "Kulit kerbau, gapit tanduk, cat prada",
      "Tinggi 60 cm", 300, 3, "Wayang Arjuna ditatah dan disungging halus, lengkap dengan gapit."),
    P("lapas-yogyakarta", "Gantungan Kunci Wayang Kulit", "cinderamata", 20_000, "Kulit kerbau, cat",
      "4 x 9 cm", 10, 300, "Gantungan kunci tokoh punakawan dari kulit tatah.", craft="kulit"),
    P("lapas-yogyakarta", "Topeng Batik Kayu", "kerajinan-kayu", 125_000, "Kayu pule, malam, pewarna",
      "15 x 22 cm", 300, 25, "Topeng kayu yang diberi motif dengan teknik batik."),
    P("lapas-yogyakarta", "Kipas Batik", "cinderamata", 25_000, "Kain batik, bilah bambu", "Panjang 23 cm",
      40, 200,
      "Kipas lipat berlapis kain batik.", craft="batik"),
    # Lapas Kelas I Makassar
    P("lapas-makassar", "Sarung Sutra Bugis (Lipa' Sabbe)", "tenun", 850_000, "Benang sutra",
      "100 x 180 cm", 400, 4, "Sarung sutra motif kotak balo renni, ditenun dengan ATBM.", featured=True),
    P("lapas-makassar", "Selendang Tenun Sutra", "tenun", 425_000, "Benang sutra", "50 x 200 cm", 150, 8,
      "Selendang sutra ringan warna merah marun."),
    P("lapas-makassar", "Miniatur Perahu Pinisi", "cinderamata", 550_000, "Kayu jati, kain blacu",
      "60 x 15 x 45 cm", 1_300, 8, "Miniatur pinisi dengan tujuh layar.", craft="kayu"),
    P("lapas-makassar", "Kotak Tisu Kayu Motif Toraja", "kerajinan-kayu", 75_000, "Kayu mahoni, cat",
      "25 x 13 x 9 cm", 550, 50, "Kotak tisu dengan ukiran motif pa' barre allo."),
    P("lapas-makassar", "Dompet Tenun Sutra", "tenun", 65_000, "Perca tenun sutra, ritsleting",
      "20 x 11 cm", 60, 60, "Dompet kecil dari perca sarung sutra.", status="submitted"),
    # Lapas Kelas IIA Jambi
    P("lapas-jambi", "Kain Batik Jambi Motif Angso Duo", "batik", 550_000, "Katun primisima",
      "115 x 220 cm", 420, 8, "Motif angso duo khas Jambi dengan warna merah dan kuning."),
    P("lapas-jambi", "Kain Batik Cap Jambi Motif Durian Pecah", "batik", 185_000, "Katun prima",
      "110 x 200 cm", 350, 30, "Motif durian pecah warna biru tua."),
    P("lapas-jambi", "Tas Anyaman Pandan", "anyaman", 95_000, "Daun pandan, kain furing", "35 x 25 x 10 cm",
      300,
      40, "Tas anyaman pandan berwarna alami dengan tali kain."),
    P("lapas-jambi", "Tikar Pandan Motif", "anyaman", 165_000, "Daun pandan, pewarna", "120 x 180 cm", 1_500,
      10,
      "Tikar pandan bermotif geometris merah dan hijau."),
    P("lapas-jambi", "Selendang Batik Jambi", "batik", 275_000, "Katun paris", "50 x 200 cm", 150, 15,
      "Selendang batik Jambi motif kapal sanggat."),
    # Lapas Kelas I Medan
    P("lapas-medan", "Ulos Ragi Hotang", "tenun", 650_000, "Benang katun", "60 x 200 cm", 500, 6,
      "Ulos ragi hotang dengan rumbai di kedua ujung."),
    P("lapas-medan", "Rak TV Kayu Mahoni", "kerajinan-kayu", 1_350_000, "Kayu mahoni, finishing duco",
      "150 x 40 x 50 cm", 30_000, 3, "Rak TV dua laci dengan rongga kabel."),
    P("lapas-medan", "Kemeja Kerja Katun", "busana", 145_000, "Katun twill", "S, M, L, XL, XXL", 250, 60,
      "Kemeja lengan panjang untuk seragam kerja, bisa diberi bordir logo."),
    P("lapas-medan", "Kotak Pensil Kayu", "cinderamata", 35_000, "Kayu pinus", "20 x 6 x 5 cm", 150, 100,
      "Kotak pensil bertutup geser, dibakar motif gorga.", craft="kayu"),
    P("lapas-medan", "Taplak Ulos", "tenun", 175_000, "Benang katun", "40 x 150 cm", 200, 15,
      "Taplak meja panjang bermotif ulos sadum."),
    # Lapas Kelas IIA Ambon
    P("lapas-ambon", "Hiasan Dinding Kerang Mutiara", "cinderamata", 350_000, "Kulit kerang mutiara, kayu",
      "40 x 30 cm", 900, 10, "Hiasan dinding bergambar burung nuri dari potongan kerang mutiara."),
    P("lapas-ambon", "Miniatur Perahu Kora-Kora", "cinderamata", 225_000, "Kulit kerang, kayu",
      "35 x 10 x 20 cm", 500,
      12, "Miniatur perahu kora-kora berhias kerang."),
    P("lapas-ambon", "Bros Kerang Mutiara", "cinderamata", 45_000, "Kerang mutiara, peniti", "5 x 4 cm", 15,
      150,
      "Bros berbentuk cengkih dari kerang mutiara."),
    P("lapas-ambon", "Tas Anyaman Pandan Maluku", "anyaman", 110_000, "Daun pandan", "32 x 25 x 10 cm", 280,
      30,
      "Tas pandan dengan motif garis merah dan hitam."),
    P("lapas-ambon", "Kotak Tisu Hias Kerang", "cinderamata", 150_000, "Kulit kerang, kayu lapis",
      "25 x 13 x 10 cm", 700, 15, "Kotak tisu bertempel potongan kerang, cocok untuk lobi hotel."),
    # Lapas Kelas IIA Abepura
    P("lapas-abepura", "Noken Serat Kulit Kayu", "anyaman", 250_000, "Serat kulit kayu, pewarna alam",
      "35 x 40 cm", 200, 10, "Noken rajut tangan dari serat kulit kayu, tas khas Papua.", featured=True),
    P("lapas-abepura", "Noken Benang Rajut", "anyaman", 150_000, "Benang nilon", "30 x 35 cm", 180, 25,
      "Noken berwarna cerah dengan motif garis."),
    P("lapas-abepura", "Ukiran Kayu Motif Papua", "kerajinan-kayu", 450_000, "Kayu besi", "20 x 60 cm",
      2_500, 6,
      "Ukiran dinding bermotif manusia dan burung."),
    P("lapas-abepura", "Gantungan Kunci Noken Mini", "cinderamata", 25_000, "Benang nilon", "6 x 7 cm", 10,
      200,
      "Noken kecil sebagai gantungan kunci.", craft="anyaman"),
    P("lapas-abepura", "Gelang Anyaman Serat Kayu", "cinderamata", 20_000, "Serat kulit kayu, pewarna alam",
      "Lingkar 18 cm", 10, 200, "Gelang anyaman serat kulit kayu, sepadan dengan noken.", craft="anyaman"),
    # Lapas Kelas IIA Mataram
    P("lapas-mataram", "Kain Songket Lombok", "tenun", 750_000, "Benang katun, benang emas", "60 x 200 cm",
      450, 4,
      "Songket motif subahnale, ditenun dengan gedogan."),
    P("lapas-mataram", "Selendang Songket Lombok", "tenun", 325_000, "Benang katun, benang emas",
      "40 x 180 cm", 200, 8,
      "Selendang songket dengan rumbai."),
    P("lapas-mataram", "Tempat Tisu Anyaman Ketak", "anyaman", 175_000, "Ketak, rotan", "25 x 13 x 10 cm",
      400, 20,
      "Tempat tisu dari anyaman ketak yang diasapi hingga cokelat tua."),
    P("lapas-mataram", "Tatakan Piring Ketak isi 6", "anyaman", 145_000, "Ketak", "Diameter 30 cm", 600, 15,
      "Enam tatakan piring bundar anyaman ketak."),
    P("lapas-mataram", "Keranjang Buah Ketak", "anyaman", 135_000, "Ketak, rotan", "Diameter 28 cm", 450, 20,
      "Keranjang buah bundar anyaman ketak berwarna cokelat tua."),
    # Lapas Kelas IIA Kupang
    P("lapas-kupang", "Selimut Tenun Ikat NTT", "tenun", 1_250_000, "Benang katun, pewarna alam",
      "150 x 220 cm", 1_300, 2, "Selimut tenun ikat motif kuda dan belah ketupat.", featured=True),
    P("lapas-kupang", "Selendang Tenun Ikat", "tenun", 350_000, "Benang katun", "45 x 200 cm", 250, 8,
      "Selendang ikat warna merah bata dan biru."),
    P("lapas-kupang", "Topi Ti'i Langga", "anyaman", 125_000, "Daun lontar", "Diameter 40 cm", 150, 20,
      "Topi tradisional Rote dari daun lontar."),
    P("lapas-kupang", "Tas Anyaman Lontar", "anyaman", 95_000, "Daun lontar", "30 x 25 x 10 cm", 250, 25,
      "Tas jinjing lontar dengan pegangan bambu."),
    P("lapas-kupang", "Sarung Tenun Ikat Timor", "tenun", 750_000, "Benang katun, pewarna alam",
      "70 x 160 cm (dijahit melingkar)", 700, 3, "Sarung ikat Timor dengan motif belah ketupat dan garis."),
    # Lapas Kelas IIA Banjarmasin
    P("lapas-banjarmasin", "Kain Sasirangan Motif Gigi Haruan", "batik", 225_000,
      "Katun prima, pewarna sintetis",
      "110 x 200 cm", 350, 25, "Kain sasirangan jelujur tangan dengan motif gigi haruan."),
    P("lapas-banjarmasin", "Kemeja Sasirangan", "busana", 185_000, "Katun sasirangan", "M, L, XL", 250, 30,
      "Kemeja lengan pendek bermotif kulat karikit.", craft="batik"),
    P("lapas-banjarmasin", "Amplang Ikan Pipih 250 g", "makanan-olahan", 35_000, "Ikan pipih, tepung tapioka",
      "Kemasan 250 g", 270, 200, "Amplang renyah gurih dari ikan pipih."),
    P("lapas-banjarmasin", "Kerupuk Haruan 250 g", "makanan-olahan", 30_000, "Ikan haruan, tapioka",
      "Kemasan 250 g mentah", 260, 150, "Kerupuk ikan haruan mentah siap goreng.", status="submitted"),
    P("lapas-banjarmasin", "Selendang Sasirangan", "batik", 125_000, "Katun paris", "50 x 180 cm", 120, 30,
      "Selendang sasirangan motif kambang kacang."),
    # Lapas Kelas I Palembang
    P("lapas-palembang", "Kain Songket Palembang Motif Lepus", "tenun", 1_750_000,
      "Benang sutra, benang emas",
      "100 x 200 cm", 600, 2, "Songket lepus dengan benang emas memenuhi bidang kain.", featured=True),
    P("lapas-palembang", "Selendang Songket Palembang", "tenun", 650_000, "Benang sutra, benang emas",
      "50 x 180 cm", 250, 4, "Selendang songket motif bunga tabur."),
    P("lapas-palembang", "Kerupuk Kemplang Panggang 250 g", "makanan-olahan", 30_000,
      "Ikan tenggiri, tapioka",
      "Kemasan 250 g", 260, 300, "Kemplang panggang tanpa minyak, khas Palembang."),
    P("lapas-palembang", "Tanjak Songket", "busana", 175_000, "Kain songket, kertas karton",
      "Lingkar 56-58 cm",
      100, 20, "Ikat kepala tradisional Palembang dari kain songket.", craft="jahit"),
    # Lapas Kelas IIA Samarinda
    P("lapas-samarinda", "Sarung Tenun Samarinda", "tenun", 450_000, "Benang sutra campuran", "110 x 190 cm",
      400,
      8, "Sarung motif kotak-kotak khas Samarinda."),
    P("lapas-samarinda", "Keranjang Rotan Bertutup", "anyaman", 185_000, "Rotan", "40 x 30 x 30 cm", 1_200,
      15,
      "Keranjang serbaguna dengan tutup dan pegangan."),
    P("lapas-samarinda", "Tas Rotan Bundar", "anyaman", 225_000, "Rotan, kulit sintetis", "Diameter 22 cm",
      450,
      15, "Tas bundar rotan dengan tali bahu."),
    P("lapas-samarinda", "Kap Lampu Rotan", "anyaman", 275_000, "Rotan", "Diameter 35 cm", 800, 10,
      "Kap lampu gantung anyaman rotan berpola jarang."),
    P("lapas-samarinda", "Selendang Tenun Samarinda", "tenun", 225_000, "Benang sutra campuran",
      "45 x 180 cm",
      180, 10, "Selendang motif kotak khas Samarinda."),
    # Lapas Kelas IIA Padang
    P("lapas-padang", "Keripik Singkong Balado 250 g", "makanan-olahan", 35_000,
      "Singkong, cabai merah, gula",
      "Kemasan 250 g", 270, 400, "Keripik balado merah khas Padang.", featured=True),
    P("lapas-padang", "Kerupuk Sanjai 250 g", "makanan-olahan", 28_000, "Singkong, garam", "Kemasan 250 g",
      270, 300,
      "Kerupuk sanjai tawar yang renyah."),
    P("lapas-padang", "Mukena Bordir Kerancang", "busana", 325_000, "Katun, benang bordir", "All size", 600,
      15,
      "Mukena dengan bordir kerancang khas Minang."),
    P("lapas-padang", "Selendang Bordir", "busana", 175_000, "Voal, benang bordir", "-", 120, 20,
      "Selendang voal bertepi bordir.", status="rejected",
      reason="Ukuran dan bahan belum diisi lengkap; mohon lengkapi sebelum diajukan ulang."),
    P("lapas-padang", "Kue Bawang 250 g", "makanan-olahan", 25_000, "Tepung terigu, bawang putih, seledri",
      "Kemasan 250 g", 270, 250, "Kue bawang gurih, renyah dan tidak berminyak."),
    # Lapas Kelas IIA Pontianak
    P("lapas-pontianak", "Tas Manik Motif Dayak", "cinderamata", 275_000, "Manik-manik kaca, kain",
      "25 x 20 cm", 350,
      10, "Tas kecil berhias manik motif burung enggang."),
    P("lapas-pontianak", "Gelang Manik", "cinderamata", 25_000, "Manik-manik kaca, tali elastis",
      "Lingkar 18 cm",
      15, 300, "Gelang manik warna-warni."),
    P("lapas-pontianak", "Tas Anyaman Rotan Kalimantan", "anyaman", 175_000, "Rotan", "30 x 25 x 12 cm", 450,
      15,
      "Tas rotan anyaman rapat dengan motif geometris."),
    P("lapas-pontianak", "Dodol Lidah Buaya 250 g", "makanan-olahan", 25_000,
      "Lidah buaya, gula, tepung ketan",
      "Kemasan 250 g", 260, 200, "Dodol kenyal dari lidah buaya Pontianak."),
    P("lapas-pontianak", "Manisan Lidah Buaya 200 g", "makanan-olahan", 20_000, "Lidah buaya, gula",
      "Kemasan 200 g", 220, 200, "Manisan kering lidah buaya.", status="rejected",
      reason="Belum ada nomor izin PIRT pada kemasan."),
)


# --- The 6th exhibition, 2018.
EXHIBITION_2018 = {
    "slug": "pameran-produk-unggulan-narapidana-2018",
    "title": "Pameran Produk Unggulan Narapidana",
    "edition": 6,
    "venue": "Plasa Industri, Kementerian Perindustrian",
    "address": "Jl. Jend. Gatot Subroto Kav. 52-53, Jakarta Selatan",
    "city": "Jakarta",
    "start_date": datetime.date(2018, 4, 3),
    "end_date": datetime.date(2018, 4, 6),
    "opening_time": datetime.time(9, 0),
    "closing_time": datetime.time(17, 0),
    "timezone": "Asia/Jakarta",
    "organisers": (
        "Direktorat Jenderal Pemasyarakatan, Kementerian Hukum dan HAM\n"
        "Direktorat Jenderal Industri Kecil dan Menengah, Kementerian Perindustrian"
    ),
    "description": (
        "Pameran keenam hasil kerja sama Kementerian Hukum dan HAM dengan Kementerian "
        "Perindustrian, diikuti 33 peserta dari Kanwil dan Divisi Pemasyarakatan seluruh "
        "Indonesia. Dimeriahkan peragaan busana warga binaan, demo membatik Lapas Kelas I "
        "Cipinang, talk show kemasan \"Branding & Packaging\", dan lomba cinderamata untuk hotel "
        "oleh Second Chance Foundation."
    ),
    "registration_opens": wib(2018, 2, 1, 8, 0),
    "registration_closes": wib(2018, 3, 16, 17, 0),
    "is_published": True,
}

SECOND_CHANCE = "Second Chance Foundation"

# (kind, title, starts_at, ends_at, place, host, host_prison slug, description)
PROGRAMME_2018 = (
    ("opening", "Pembukaan Pameran oleh Menteri Perindustrian", wib(2018, 4, 3, 9, 0), wib(2018, 4, 3, 10,
     30),
     "Panggung utama", "Kementerian Perindustrian", "",
     "Pembukaan oleh Menteri Perindustrian Airlangga Hartarto, dilanjutkan penandatanganan perjanjian "
     "kerja sama Ditjen Pemasyarakatan dan Ditjen IKM."),
    ("fashion_show", "Peragaan Busana Karya Warga Binaan", wib(2018, 4, 3, 13, 0), wib(2018, 4, 3, 14, 0),
     "Panggung utama", "Direktorat Jenderal Pemasyarakatan", "",
     "Busana batik, tenun dan bordir karya warga binaan, diperagakan oleh warga binaan."),
    ("demo", "Demo Membatik Lapas Kelas I Cipinang", wib(2018, 4, 4, 10, 0), wib(2018, 4, 4, 12, 0),
     "Area demo", "", "lapas-cipinang",
     "Warga binaan Lapas Kelas I Cipinang memperagakan mencanting dan mewarnai batik tulis; "
     "pengunjung boleh mencoba."),
    ("demo", "Demo Membatik Lapas Kelas I Cipinang (sesi kedua)", wib(2018, 4, 5, 10, 0), wib(2018, 4, 5, 12,
     0),
     "Area demo", "", "lapas-cipinang",
     "Sesi kedua demo membatik: mencanting isen-isen dan melorod."),
    ("talk_show", "Branding & Packaging", wib(2018, 4, 4, 13, 30), wib(2018, 4, 4, 15, 0),
     "Panggung utama", "Direktorat Jenderal Industri Kecil dan Menengah", "",
     "Talk show kemasan: merek, label dan kemasan yang membuat produk warga binaan siap bersaing di pasar."),
    ("competition", "Lomba Cinderamata untuk Hotel", wib(2018, 4, 5, 13, 0), wib(2018, 4, 5, 16, 0),
     "Panggung utama", SECOND_CHANCE, "",
     "Penjurian karya cinderamata warga binaan untuk kebutuhan hotel, diselenggarakan "
     "Second Chance Foundation."),
    ("competition", "Pengumuman Pemenang Lomba Cinderamata untuk Hotel", wib(2018, 4, 6, 14, 0),
     wib(2018, 4, 6, 15, 0), "Panggung utama", SECOND_CHANCE, "", "Pengumuman dan penyerahan penghargaan."),
    ("other", "Penutupan Pameran", wib(2018, 4, 6, 16, 0), wib(2018, 4, 6, 17, 0), "Panggung utama",
     "Direktorat Jenderal Industri Kecil dan Menengah", "", "Penutupan dan pengumuman jumlah pengunjung."),
)

COMPETITION_2018 = {
    "title": "Lomba Cinderamata untuk Hotel",
    "organiser": SECOND_CHANCE,
    "description": (
        "Lomba cinderamata dan perlengkapan kamar hotel karya warga binaan. Juri menilai karya "
        "berdasarkan kode peserta, tanpa mengetahui asal lapas."
    ),
}
CRITERIA_2018 = (
    ("Kreativitas dan keunikan desain", 30),
    ("Kualitas pengerjaan", 25),
    ("Kesesuaian untuk hotel (fungsi, ukuran, daya tahan)", 20),
    ("Muatan budaya lokal", 15),
    ("Kemasan", 10),
)
# (entry code, product name, prison slug): the delegation is the one that exhibits the prison.
ENTRIES_2018 = (
    ("H-317", "Set Sabun dan Tempat Sabun Batok Kelapa", "lapas-kerobokan"),
    ("H-052", "Tatakan Gelas Batik isi 6", "lapas-cipinang"),
    ("H-884", "Gantungan Kunci Wayang Kulit", "lapas-yogyakarta"),
    ("H-129", "Bros Kerang Mutiara", "lapas-ambon"),
    ("H-603", "Miniatur Perahu Pinisi", "lapas-makassar"),
    ("H-471", "Gantungan Kunci Noken Mini", "lapas-abepura"),
    ("H-238", "Tempat Tisu Anyaman Ketak", "lapas-mataram"),
    ("H-965", "Tatakan Gelas Batok Kelapa isi 4", "lapas-kerobokan"),
)
# Competition entries are per delegation; two entries from one delegation need distinct titles.

VISITORS_2018 = (
    (datetime.date(2018, 4, 3), 1_240),
    (datetime.date(2018, 4, 4), 965),
    (datetime.date(2018, 4, 5), 1_012),
    (datetime.date(2018, 4, 6), 1_378),
)

# QRIS did not exist yet in 2018: cash, transfer and card only.
SALE_PAYMENT_METHODS_2018 = ("cash", "cash", "cash", "cash", "transfer", "card")
SALES_2018 = 48

# (buyer, organisation, email, phone, product name or "", prison slug or "", quantity, message, status)
INQUIRIES_2018 = (
    ("Ibu Ratna Dewi", "Hotel Bumi Nusantara (contoh)", "pembelian@hotel-bumi.example", "", 120,
     "Set Sabun dan Tempat Sabun Batok Kelapa", "lapas-kerobokan",
     "Kami ingin memesan 120 set untuk kamar hotel. Apakah bisa diberi logo hotel?", "answered"),
    ("Bapak Hendrawan", "Toko Cinderamata Sinar Jaya (contoh)", "", "0812-0000-1234", 50,
     "Tatakan Gelas Batik isi 6", "lapas-cipinang",
     "Berapa harga grosir untuk 50 set? Kami toko oleh-oleh di Bandung.", "closed"),
    ("Ibu Maya Sari", "Koperasi Pegawai (contoh)", "koperasi@contoh.example", "", 30,
     "Mukena Katun Bordir", "rutan-pondok-bambu",
     "Koperasi kami ingin memesan mukena untuk hadiah Lebaran.", "new"),
    ("Bapak Daniel", "", "daniel@contoh.example", "", None, "", "",
     "Apakah pameran tahun depan diadakan lagi di Plasa Industri?", "new"),
)

# --- The cooperation agreement signed at the opening (Perjanjian Kerja Sama, PKS).
AGREEMENT = {
    "number": "PAS-16.HM.05.02 TAHUN 2018 / 27/IKM/PKS/IV/2018",
    "title": (
        "Peningkatan Pembinaan dan Bimbingan Kemandirian Warga Binaan Pemasyarakatan"
    ),
    "first_party": "Direktorat Jenderal Pemasyarakatan, Kementerian Hukum dan HAM",
    "second_party": "Direktorat Jenderal Industri Kecil dan Menengah, Kementerian Perindustrian",
    "signed_on": datetime.date(2018, 4, 3),
    "valid_from": datetime.date(2018, 4, 3),
    "valid_to": datetime.date(2023, 4, 2),
    "summary": (
        "Meningkatkan pembinaan dan bimbingan kemandirian bagi warga binaan pemasyarakatan agar "
        "memiliki keterampilan dan kreativitas dalam menghasilkan karya produktif yang bernilai "
        "tinggi, serta mempromosikan dan memasarkan produknya."
    ),
}
# (party, area, text, due date). The IKM list is the article's, one obligation each.
OBLIGATIONS = (
    ("ikm", "training", "Menentukan jenis kegiatan pelatihan yang akan dilaksanakan.", datetime.date(2018, 5,
     31)),
    ("ikm", "instructors", "Menyediakan tenaga ahli/instruktur pelatihan.", datetime.date(2018, 6, 30)),
    ("ikm", "certificates", "Menyediakan sertifikat pelatihan.", datetime.date(2018, 12, 31)),
    ("ikm", "materials", "Menyiapkan bahan dan kelengkapan peserta pelatihan.", datetime.date(2018, 6, 30)),
    ("ikm", "venue", "Menyediakan tempat pameran sebagai ajang promosi hasil karya Warga Binaan "
     "Pemasyarakatan.", datetime.date(2018, 4, 3)),
    ("ikm", "promotion", "Menyediakan media promosi melalui konten digital.", datetime.date(2018, 12, 31)),
    ("ikm", "exhibition", "Membantu kelancaran pelaksanaan kegiatan pameran.", datetime.date(2018, 4, 6)),
    ("pas", "participants", "Menyeleksi dan mengusulkan warga binaan peserta pelatihan.", datetime.date(2018,
     5, 15)),
    ("pas", "other", "Menyediakan tempat pelatihan di lapas/rutan.", datetime.date(2018, 5, 31)),
    ("pas", "other", "Menugaskan petugas pendamping selama pelatihan dan pameran.", datetime.date(2018, 6,
     30)),
    ("pas", "exhibition", "Mengoordinasikan keikutsertaan Kanwil dan lapas/rutan dalam pameran.",
     datetime.date(2019, 3, 31)),
    ("pas", "other", "Melaporkan perkembangan usaha warga binaan setelah pelatihan.", datetime.date(2018, 12,
     31)),
)
# How much evidence fulfils each obligation: (target, unit), by obligation text.
OBLIGATION_TARGETS = {
    "Menentukan jenis kegiatan pelatihan yang akan dilaksanakan.": (2, "pelatihan"),
    "Menyediakan tenaga ahli/instruktur pelatihan.": (2, "pelatihan"),
    "Menyediakan sertifikat pelatihan.": (10, "sertifikat"),
    "Menyiapkan bahan dan kelengkapan peserta pelatihan.": (3, "paket"),
    "Menyediakan media promosi melalui konten digital.": (12, "konten"),
    "Menyeleksi dan mengusulkan warga binaan peserta pelatihan.": (2, "pelatihan"),
    "Menyediakan tempat pelatihan di lapas/rutan.": (2, "pelatihan"),
    "Menugaskan petugas pendamping selama pelatihan dan pameran.": (3, "kegiatan"),
}
# What each finished Bimtek counts as, for which obligation: (party, area, evidence kind). The
# certificates' quantity is the number of certificates the training gave.
TRAINING_EVIDENCE = (
    ("ikm", "training", "training"),
    ("ikm", "instructors", "instructors"),
    ("ikm", "certificates", "certificates"),
    ("ikm", "materials", "kits"),
    ("pas", "Menyeleksi dan mengusulkan warga binaan peserta pelatihan.", "other"),
    ("pas", "Menyediakan tempat pelatihan di lapas/rutan.", "other"),
    ("pas", "Menugaskan petugas pendamping selama pelatihan dan pameran.", "other"),
)
# Evidence of the 2018 exhibition and of promotion: (obligation area or text, kind, quantity,
# date, description, url). The exhibition's rows link the 2018 exhibition.
EXHIBITION_EVIDENCE_2018 = (
    ("venue", "exhibition", 1, datetime.date(2018, 4, 3),
     "Plasa Industri Kementerian Perindustrian untuk pameran ke-6", ""),
    ("exhibition", "exhibition", 1, datetime.date(2018, 4, 6),
     "Pameran Produk Unggulan Narapidana ke-6, 3-6 April 2018", ""),
    ("Mengoordinasikan keikutsertaan Kanwil dan lapas/rutan dalam pameran.", "exhibition", 1,
     datetime.date(2018, 4, 6), "33 Kanwil mengirim delegasi ke pameran ke-6", ""),
)
PROMOTION_EVIDENCE_2018 = (
    ("promotion", "promotion", 3, datetime.date(2018, 4, 6),
     "Liputan dan foto produk pameran di situs Kemenperin", "https://kemenperin.go.id/"),
    ("promotion", "promotion", 2, datetime.date(2018, 7, 20),
     "Katalog digital karya warga binaan", "https://www.kemenperin.go.id/artikel/"),
)

# --- Bimtek named in the article (details invented). Participants: that prison's inmates.
TRAININGS = (
    {
        "title": "Bimtek Batik Tulis",
        "skill_area": "Batik tulis",
        "prison": "lapas-perempuan-tangerang",
        "craft": "batik",
        "starts_on": datetime.date(2018, 2, 19),
        "ends_on": datetime.date(2018, 2, 23),
        "hours": 40,
        "instructors": "Instruktur Balai Besar Kerajinan dan Batik, Yogyakarta\nPendamping Ditjen IKM",
        "materials": "Kain mori primisima, malam batik, pewarna naptol dan indigosol",
        "participant_kit": "Canting, wajan dan kompor batik, celemek, modul pelatihan",
        "capacity": 20,
        "scores": (88, 84, 79, 91, 76, 58),  # in INMATES order of that prison; below 60 fails
    },
    {
        "title": "Bimtek Menjahit dan Desain Busana Muslim",
        "skill_area": "Menjahit busana",
        "prison": "rutan-pondok-bambu",
        "craft": "jahit",
        "starts_on": datetime.date(2018, 3, 5),
        "ends_on": datetime.date(2018, 3, 9),
        "hours": 40,
        "instructors": "Instruktur desain busana, Ditjen IKM\nPendamping Ditjen IKM",
        "materials": "Kain katun rayon, benang, kertas pola",
        "participant_kit": "Gunting kain, meteran, kapur jahit, modul pelatihan",
        "capacity": 15,
        "scores": (86, 81, 77, 83, 72, 80),
    },
)
CERTIFICATE_PREFIX = "IKM/BIMTEK"

# (prison slug, kind, craft or "", items, quantity, value, given_on, obligation areas)
AID = (
    ("lapas-perempuan-tangerang", "equipment", "batik",
     "Peralatan batik tulis: kompor listrik batik, wajan, canting dan gawangan", 10, 25_000_000,
     datetime.date(2018, 2, 23), ("materials",)),
    ("rutan-pondok-bambu", "equipment", "jahit", "Mesin jahit high speed", 5, 30_000_000,
     datetime.date(2018, 3, 9), ()),
    ("lapas-cipinang", "management", "",
     "Pendampingan manajemen usaha: pencatatan keuangan, harga pokok produksi dan desain kemasan", 1,
     15_000_000, datetime.date(2018, 5, 15), ()),
)

# --- A Bimtek still to come at Tangerang, dated relative to the day the demo data is first
# loaded: three participants confirmed, two proposed and waiting for the ministry (capacity 4, so
# confirming both puts the second on the waiting list).
UPCOMING_TRAINING = {
    "title": "Bimtek Pewarnaan Alam dan Desain Motif Batik",
    "skill_area": "Batik tulis, pewarna alam",
    "prison": "lapas-perempuan-tangerang",
    "craft": "batik",
    "starts_in_days": 21,
    "days": 3,
    "hours": 24,
    "instructors": "Instruktur Balai Besar Kerajinan dan Batik, Yogyakarta",
    "materials": "Kain katun primisima, malam, pewarna alam (indigofera, tingi, jambal, tegeran)",
    "participant_kit": "Sarung tangan, celemek, panci pencelupan, modul pewarnaan alam",
    "capacity": 4,
    "confirmed": 3,
    "proposed": 2,
}

# --- An upcoming exhibition, dated relative to the day the demo data is first loaded.
UPCOMING = {
    "slug": "pameran-karya-warga-binaan-makassar",
    "title": "Pameran Karya Warga Binaan Pemasyarakatan Kawasan Timur Indonesia",
    "edition": None,
    "venue": "Celebes Convention Center",
    "address": "Jl. Metro Tanjung Bunga, Makassar",
    "city": "Makassar",
    "opening_time": datetime.time(10, 0),
    "closing_time": datetime.time(20, 0),
    "timezone": "Asia/Makassar",
    "organisers": (
        "Direktorat Jenderal Pemasyarakatan, Kementerian Hukum dan HAM\n"
        "Direktorat Jenderal Industri Kecil dan Menengah, Kementerian Perindustrian"
    ),
    "description": (
        "Pameran karya warga binaan dari lapas dan rutan di kawasan timur Indonesia. Pendaftaran "
        "delegasi dibuka untuk seluruh Kanwil."
    ),
    "is_published": True,
}
UPCOMING_STARTS_IN_DAYS = 60
UPCOMING_DAYS = 4
UPCOMING_REGISTRATION_OPENED_DAYS_AGO = 10
UPCOMING_REGISTRATION_CLOSES_IN_DAYS = 30
# (kind, title, day offset from start, start time, end time, place, host, host prison slug, description)
PROGRAMME_UPCOMING = (
    ("opening", "Pembukaan Pameran", 0, datetime.time(10, 0), datetime.time(11, 0), "Panggung utama",
     "Kanwil Kemenkumham Sulawesi Selatan", "", "Pembukaan pameran dan kunjungan ke stan."),
    ("demo", "Demo Menenun Sutra Bugis", 1, datetime.time(13, 0), datetime.time(15, 0), "Area demo", "",
     "lapas-makassar", "Warga binaan Lapas Kelas I Makassar memperagakan menenun lipa' sabbe."),
    ("talk_show", "Memasarkan Karya Warga Binaan secara Daring", 2, datetime.time(14, 0),
     datetime.time(15, 30), "Panggung utama", "Direktorat Jenderal Industri Kecil dan Menengah", "",
     "Foto produk, deskripsi dan harga yang jujur untuk toko daring."),
)
# (prison slug or "", province, status, booth code)
UPCOMING_DELEGATIONS = (
    ("lapas-makassar", "Sulawesi Selatan", "accepted", "A-01"),
    ("lapas-ambon", "Maluku", "applied", ""),
    ("", "Nusa Tenggara Timur", "applied", ""),
    ("lapas-cipinang", "DKI Jakarta", "applied", ""),
)


# --- Demo accounts (DEBUG only). (username, first, last, role or "", prison slug, position, where)
class AccountSpec(NamedTuple):
    username: str
    first_name: str
    last_name: str
    role: str  # a group name from inmates.roles, or "superuser"
    prison: str
    position: str
    where: str


def demo_accounts() -> tuple[AccountSpec, ...]:
    return (
        AccountSpec("admin", "Admin", "Etalase", "superuser", "", "", "/admin/"),
        AccountSpec("staf", "Rina", "Kusumawati", roles.MINISTRY_STAFF, "", "", "/admin/"),
        AccountSpec("pas", "Bagus", "Santoso", roles.CORRECTIONS_STAFF, "", "", "/admin/"),
        AccountSpec(
            "petugas.cipinang", "Dedi", "Kurnia", roles.PRISON_OFFICER, "lapas-cipinang",
            "Kepala Seksi Kegiatan Kerja", "/portal/",
        ),
        AccountSpec(
            "petugas.tangerang", "Lestari", "Wulandari", roles.PRISON_OFFICER,
            "lapas-perempuan-tangerang", "Kepala Seksi Kegiatan Kerja", "/portal/",
        ),
        AccountSpec("juri", "Nadia", "Prameswari", roles.JURY, "", "", "/portal/juri/"),
    )
