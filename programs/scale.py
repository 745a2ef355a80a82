"""Synthetic data at national scale, for the benchmark (bench/run.py) and for trying the app with
realistic volumes: 34 provinces, hundreds of prisons, hundreds of thousands of inmates, tens of
thousands of products, years of exhibitions.

Everything is written with ``bulk_create`` in batches (``seed_scale(batch_size=...)``), so the full
size takes minutes, not hours. Only a handful of real image files are made (through
``products.services.product_image_add``: re-encoded, with thumbnails); every other product's image
rows point at those same stored files. No history rows are written for bulk-created records, and
nothing here sends mail. Names, stories and numbers are invented; the random generator is seeded,
so the same sizes and seed give the same data (row ids aside).

Used by ``python manage.py seed_scale`` (programs/management/commands/seed_scale.py).
"""

import contextlib
import dataclasses
import datetime
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TextIO

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from exhibitions.models import (
    Booth,
    Competition,
    CompetitionEntry,
    Criterion,
    Delegation,
    Exhibition,
    ProgrammeItem,
    Sale,
    TimeZone,
)
from exhibitions.money import sale_shares
from inmates.models import Consent, Inmate, Prison, Region, Workshop
from products.models import Category, Product, ProductImage
from products.services import product_image_add
from programs import demo_data
from programs.demo_images import DemoImages
from programs.models import Training, TrainingParticipant

# The 33 provinces of the demo data (2018) and North Kalimantan, the 34th.
REGIONS: tuple[tuple[str, str], ...] = (*demo_data.REGIONS, ("Kalimantan Utara", "65"))

# Cities per province, for prison names and exhibition venues (a few each; cycled when a province
# has more prisons than names).
CITIES: dict[str, tuple[str, ...]] = {
    "Aceh": ("Banda Aceh", "Lhokseumawe", "Langsa", "Meulaboh", "Takengon"),
    "Sumatera Utara": ("Medan", "Pematangsiantar", "Binjai", "Tebing Tinggi", "Sibolga", "Tanjung Balai"),
    "Sumatera Barat": ("Padang", "Bukittinggi", "Payakumbuh", "Solok", "Pariaman"),
    "Riau": ("Pekanbaru", "Dumai", "Bengkalis", "Rengat", "Bangkinang"),
    "Jambi": ("Jambi", "Muara Bungo", "Sarolangun", "Kuala Tungkal"),
    "Sumatera Selatan": ("Palembang", "Lubuklinggau", "Prabumulih", "Lahat", "Muara Enim"),
    "Bengkulu": ("Bengkulu", "Curup", "Manna", "Argamakmur"),
    "Lampung": ("Bandar Lampung", "Metro", "Kotabumi", "Kalianda", "Gunung Sugih"),
    "Kepulauan Bangka Belitung": ("Pangkalpinang", "Tanjung Pandan", "Sungailiat", "Muntok"),
    "Kepulauan Riau": ("Batam", "Tanjung Pinang", "Karimun", "Natuna"),
    "DKI Jakarta": ("Jakarta Timur", "Jakarta Pusat", "Jakarta Utara", "Jakarta Selatan", "Jakarta Barat"),
    "Jawa Barat": ("Bandung", "Bogor", "Cirebon", "Garut", "Sukabumi", "Tasikmalaya", "Karawang", "Cianjur"),
    "Jawa Tengah": ("Semarang", "Surakarta", "Pekalongan", "Kudus", "Cilacap", "Magelang", "Purwokerto"),
    "DI Yogyakarta": ("Yogyakarta", "Wonosari", "Sleman", "Bantul"),
    "Jawa Timur": ("Surabaya", "Malang", "Kediri", "Madiun", "Jember", "Banyuwangi", "Pamekasan"),
    "Banten": ("Tangerang", "Serang", "Cilegon", "Pandeglang", "Rangkasbitung"),
    "Bali": ("Denpasar", "Singaraja", "Tabanan", "Karangasem", "Bangli"),
    "Nusa Tenggara Barat": ("Mataram", "Sumbawa Besar", "Bima", "Selong"),
    "Nusa Tenggara Timur": ("Kupang", "Ende", "Maumere", "Atambua", "Waingapu"),
    "Kalimantan Barat": ("Pontianak", "Singkawang", "Ketapang", "Sintang"),
    "Kalimantan Tengah": ("Palangka Raya", "Sampit", "Pangkalan Bun", "Muara Teweh"),
    "Kalimantan Selatan": ("Banjarmasin", "Martapura", "Banjarbaru", "Kotabaru", "Amuntai"),
    "Kalimantan Timur": ("Samarinda", "Balikpapan", "Bontang", "Tenggarong"),
    "Kalimantan Utara": ("Tarakan", "Tanjung Selor", "Nunukan", "Malinau"),
    "Sulawesi Utara": ("Manado", "Bitung", "Tondano", "Kotamobagu"),
    "Sulawesi Tengah": ("Palu", "Poso", "Luwuk", "Tolitoli"),
    "Sulawesi Selatan": ("Makassar", "Parepare", "Palopo", "Bone", "Bulukumba", "Sinjai"),
    "Sulawesi Tenggara": ("Kendari", "Baubau", "Kolaka", "Raha"),
    "Gorontalo": ("Gorontalo", "Limboto", "Marisa"),
    "Sulawesi Barat": ("Mamuju", "Polewali", "Majene"),
    "Maluku": ("Ambon", "Tual", "Masohi", "Saumlaki"),
    "Maluku Utara": ("Ternate", "Tidore", "Tobelo", "Labuha"),
    "Papua Barat": ("Manokwari", "Sorong", "Fakfak", "Kaimana"),
    "Papua": ("Jayapura", "Merauke", "Timika", "Biak", "Nabire", "Wamena"),
}
WITA_PROVINCES = {
    "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Selatan", "Kalimantan Timur",
    "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara",
    "Gorontalo", "Sulawesi Barat",
}
WIT_PROVINCES = {"Maluku", "Maluku Utara", "Papua Barat", "Papua"}

FIRST_NAMES_MALE = (
    "Agus", "Ahmad", "Andi", "Arif", "Bambang", "Budi", "Dedi", "Dian", "Eko", "Fajar", "Hendra",
    "Heru", "Imam", "Joko", "Kurniawan", "Made", "Muhammad", "Nyoman", "Putu", "Rudi", "Slamet",
    "Sugeng", "Teguh", "Wahyu", "Yohanes", "Yusuf", "Asep", "Ujang", "La Ode", "Daeng", "Frans",
    "Ketut", "Rizky", "Hidayat", "Samsul", "Tono",
)
FIRST_NAMES_FEMALE = (
    "Ani", "Dewi", "Endang", "Fitri", "Indah", "Lestari", "Lilis", "Maria", "Nur", "Putri", "Rina",
    "Sari", "Siti", "Sri", "Wati", "Wulan", "Yuni", "Ayu", "Ratna", "Kadek", "Agnes", "Nining",
)
FAMILY_NAMES = (
    "Santoso", "Wibowo", "Saputra", "Hidayat", "Kurniawan", "Siregar", "Nasution", "Simanjuntak",
    "Lubis", "Harahap", "Pratama", "Setiawan", "Wijaya", "Susanto", "Gunawan", "Rahayu", "Lestari",
    "Manurung", "Situmorang", "Tanjung", "Rahman", "Syahputra", "Ginting", "Tarigan", "Pattimura",
    "Wenda", "Mandagi", "Lamablawa", "Ndoen", "Daulay",
)

# Per category: product nouns and motifs/qualities; names are "<noun> <motif>".
PRODUCT_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "batik": (
        ("Kain Batik Tulis", "Kain Batik Cap", "Selendang Batik", "Taplak Batik", "Sarung Batik",
         "Syal Batik", "Kemeja Batik"),
        ("Parang", "Kawung", "Mega Mendung", "Truntum", "Sidomukti", "Lereng", "Sekar Jagad",
         "Tambal", "Ceplok", "Sasirangan", "Pekalongan", "Semarangan"),
    ),
    "tenun": (
        ("Kain Tenun Ikat", "Songket", "Sarung Tenun", "Selendang Tenun", "Ulos", "Tas Tenun", "Syal Tenun"),
        ("Sumba", "Palembang", "Bugis", "Toraja", "Lombok", "Flores", "Troso", "Batak", "Sutra"),
    ),
    "kerajinan-kayu": (
        ("Meja Tamu", "Kursi Teras", "Rak Buku", "Kotak Perhiasan", "Miniatur Perahu", "Talenan",
         "Nampan", "Patung", "Lemari Kecil", "Bingkai Foto"),
        ("Kayu Jati", "Kayu Mahoni", "Kayu Sonokeling", "Ukir Jepara", "Ukir Bali", "Kayu Trembesi",
         "Kayu Pinus", "Kayu Kelapa"),
    ),
    "anyaman": (
        ("Tas Anyaman", "Keranjang", "Tikar", "Tudung Saji", "Noken", "Topi Anyaman", "Kotak Tisu"),
        ("Pandan", "Rotan", "Lontar", "Ketak", "Bambu", "Eceng Gondok", "Mendong"),
    ),
    "kulit": (
        ("Dompet Kulit", "Tas Kulit", "Ikat Pinggang", "Sepatu Kulit", "Jaket Kulit", "Wayang Kulit",
         "Gantungan Kunci Kulit"),
        ("Sapi", "Domba", "Jahit Tangan", "Tatah Sungging", "Klasik", "Pria", "Wanita"),
    ),
    "busana": (
        ("Kemeja", "Mukena", "Gamis", "Kaos", "Celana Kain", "Jaket", "Seragam Sekolah", "Kebaya"),
        ("Katun", "Bordir", "Lengan Panjang", "Lengan Pendek", "Anak", "Dewasa", "Sablon"),
    ),
    "makanan-olahan": (
        ("Keripik", "Kue Kering", "Sambal", "Abon", "Kerupuk", "Dodol", "Rempeyek", "Bawang Goreng"),
        ("Singkong", "Pisang", "Tempe", "Ikan", "Nanas", "Kacang", "Pedas", "Original"),
    ),
    "cinderamata": (
        ("Gantungan Kunci", "Miniatur", "Hiasan Dinding", "Tempat Pensil", "Asbak", "Lampu Hias", "Boneka"),
        ("Batok Kelapa", "Flanel", "Kerang", "Resin", "Tanah Liat", "Akar Wangi", "Manik-manik"),
    ),
}
MATERIALS: dict[str, tuple[str, ...]] = {
    "batik": ("Katun primisima, malam, pewarna alam", "Katun prima, pewarna sintetis", "Sutra, malam"),
    "tenun": ("Benang katun", "Benang sutra", "Benang katun, pewarna alam"),
    "kerajinan-kayu": ("Kayu jati, plitur", "Kayu mahoni, cat air", "Kayu sonokeling"),
    "anyaman": ("Daun pandan", "Rotan", "Bambu, cat alami", "Daun lontar"),
    "kulit": ("Kulit sapi asli, benang lilin", "Kulit domba", "Kulit sapi nabati"),
    "busana": ("Katun", "Katun rayon", "Drill", "Kain toyobo"),
    "makanan-olahan": ("Singkong, minyak kelapa, garam", "Tepung terigu, mentega, gula", "Cabai, bawang"),
    "cinderamata": ("Batok kelapa", "Kain flanel", "Resin, kerang", "Akar wangi"),
}
DESCRIPTION_OPENINGS = (
    "Dibuat dengan tangan oleh warga binaan di {workshop}, {city}.",
    "Karya buatan tangan warga binaan {prison}.",
    "Dikerjakan satu per satu di {workshop} dengan bimbingan instruktur.",
    "Produk unggulan {prison}, dibuat dari bahan pilihan.",
)
DESCRIPTION_MIDDLES = (
    "Setiap potong diperiksa sebelum dikemas, sehingga rapi dan tahan lama.",
    "Cocok untuk hadiah, cinderamata kantor, atau dipakai sehari-hari.",
    "Warna dan motif dapat sedikit berbeda karena dikerjakan dengan tangan.",
    "Tersedia dalam beberapa ukuran; pesanan jumlah besar dapat dibicarakan.",
    "Hasil pelatihan keterampilan yang dibina bersama Kementerian Perindustrian.",
)
CRAFT_OF_CATEGORY = demo_data.CATEGORY_CRAFT
SIZES = ("Kecil", "Sedang", "Besar", "S, M, L, XL", "30 x 20 cm", "115 x 250 cm", "250 gram", "500 gram")


@dataclasses.dataclass(frozen=True)
class ScaleSizes:
    """How much to make. The defaults are the national scale of the benchmark."""

    prisons: int = 530
    inmates: int = 250_000
    products: int = 50_000
    exhibitions: int = 8
    delegations: int = 60  # accepted delegations per exhibition (at most one per prison)
    trainings: int = 2_000
    participants: int = 15  # per training
    sales: int = 200  # per past exhibition
    images: int = 12  # distinct image files, shared by every product's image rows


@dataclasses.dataclass
class ScaleReport:
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [f"{name}: {count:,}".replace(",", ".") for name, count in self.counts.items()]


class Progress:
    """A one-line progress bar on a stream (stderr): label, bar, count, elapsed seconds. On a
    terminal it redraws in place at most ten times a second; elsewhere (a log file) it writes a
    line at each quarter."""

    WIDTH = 30

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, enabled: bool = True):
        self.label, self.total, self.done = label, max(total, 0), 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = self.last_draw = time.monotonic()
        self.quarter = -1

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if now - self.last_draw >= 0.1 or self.done >= self.total:
                self.last_draw = now
                self._draw(end="")
        else:
            quarter = 4 * self.done // self.total if self.total else 4
            if quarter != self.quarter and quarter < 4:
                self.quarter = quarter
                self._draw(end="\n")

    def finish(self) -> None:
        self.total = self.done  # the total was an estimate where rows are drawn at random
        if self.enabled:
            self._draw(end="\n")

    def _draw(self, *, end: str) -> None:
        fraction = self.done / self.total if self.total else 1.0
        filled = int(self.WIDTH * min(fraction, 1.0))
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        text = f"{self.label:<22} [{bar}] {self.done:>9,}/{self.total:,} {elapsed:6.1f} s"
        self.stream.write(("\r" if self.tty else "") + text + end)
        self.stream.flush()


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextlib.contextmanager
def _dates_as_given(*fields: models.DateTimeField):
    """Let bulk_create keep the ``created_at`` values given (auto_now_add would make every row
    'now'), so the catalogue's newest-first order has years of history to page through."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


def _unique(base: str, taken: set[str], *, limit: int) -> str:
    candidate, n = base[:limit], 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = base[: limit - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


class _Seeder:
    def __init__(self, *, sizes: ScaleSizes, seed: int, batch_size: int, progress: bool, stream: TextIO):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.progress_enabled = progress
        self.stream = stream
        self.report = ScaleReport()
        self.now = timezone.now()

    # --- helpers
    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, stream=self.stream, enabled=self.progress_enabled)

    def bulk(self, model: type[models.Model], rows: Iterable, *, label: str, total: int) -> list:
        """bulk_create ``rows`` in batches with a progress bar; returns the created objects (with
        primary keys on PostgreSQL and SQLite)."""
        bar = self.progress(label, total)
        created = []
        for batch in _batches(rows, self.batch_size):
            created.extend(model.objects.bulk_create(batch, batch_size=self.batch_size))
            bar.advance(len(batch))
        bar.finish()
        self.report.counts[label] = self.report.counts.get(label, 0) + len(created)
        return created

    def aware(self, day: datetime.date, hour: int = 10, minute: int = 0, tz: str = "Asia/Jakarta"):
        from zoneinfo import ZoneInfo

        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(tz))

    # --- steps
    def run(self) -> ScaleReport:
        started = time.monotonic()
        self.seed_regions_and_categories()
        self.seed_prisons()
        self.seed_inmates()
        self.seed_products()
        self.seed_images()
        self.seed_exhibitions()
        self.seed_trainings()
        self.report.seconds = time.monotonic() - started
        return self.report

    def seed_regions_and_categories(self) -> None:
        self.regions: list[Region] = []
        for province, code in REGIONS:
            region, _ = Region.objects.get_or_create(
                slug=slugify(province),
                defaults={"name": demo_data.region_name(province), "province": province, "code": code},
            )
            self.regions.append(region)
        self.categories: list[Category] = []
        for position, (slug, name_id, name_en, description) in enumerate(demo_data.CATEGORIES, start=1):
            category, _ = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_id": name_id, "name_en": name_en, "description": description, "position": position
                },
            )
            self.categories.append(category)
        self.report.counts["regions"] = len(self.regions)
        self.report.counts["categories"] = len(self.categories)

    def seed_prisons(self) -> None:
        names = set(Prison.objects.values_list("name", flat=True))
        slugs = set(Prison.objects.values_list("slug", flat=True))
        # Java and Sumatra hold most prisons: weight provinces by their number of cities.
        weights = [len(CITIES[region.province]) for region in self.regions]
        kinds = [
            (Prison.Kind.LAPAS, "Lapas", 60),
            (Prison.Kind.RUTAN, "Rutan", 30),
            (Prison.Kind.LAPAS_PEREMPUAN, "Lapas Perempuan", 6),
            (Prison.Kind.LPKA, "LPKA", 4),
        ]
        classes = [("I", 15), ("IIA", 45), ("IIB", 35), ("III", 5)]
        per_city: dict[str, int] = defaultdict(int)
        rows = []
        for _ in range(self.sizes.prisons):
            region = self.rng.choices(self.regions, weights)[0]
            city = self.rng.choice(CITIES[region.province])
            kind, label, _w = self.rng.choices(kinds, [k[2] for k in kinds])[0]
            klass = self.rng.choices([c[0] for c in classes], [c[1] for c in classes])[0]
            per_city[city] += 1
            name = _unique(f"{label} Kelas {klass} {city}", names, limit=160)
            rows.append(
                Prison(
                    name=name,
                    slug=_unique(slugify(name), slugs, limit=160),
                    kind=kind,
                    klass=klass,
                    region=region,
                    city=city,
                    address=f"Jl. Pemasyarakatan No. {self.rng.randint(1, 200)}, {city}",
                    public_description=(
                        f"{label} di {city}, {region.province}. Bengkel kerja warga binaan menghasilkan "
                        "produk kerajinan dan makanan olahan untuk pasar lokal."
                    ),
                )
            )
        self.prisons: list[Prison] = self.bulk(Prison, rows, label="lapas/rutan", total=len(rows))
        # A few big prisons with many inmates and products, many small ones (Zipf-like weights).
        self.prison_weights = [1.0 / (rank + 3) for rank in range(len(self.prisons))]
        crafts = list(Workshop.Craft.values)
        crafts.remove(Workshop.Craft.OTHER)
        rows = []
        for prison in self.prisons:
            for craft in self.rng.sample(crafts, self.rng.randint(2, 4)):
                rows.append(
                    Workshop(
                        prison=prison,
                        name=demo_data.WORKSHOP_NAMES.get(craft, f"Bengkel {craft}"),
                        craft=craft,
                        description=demo_data.WORKSHOP_DESCRIPTIONS.get(craft, ""),
                    )
                )
        workshops = self.bulk(Workshop, rows, label="bengkel kerja", total=len(rows))
        self.workshops: dict[int, list[Workshop]] = defaultdict(list)
        for workshop in workshops:
            self.workshops[workshop.prison_id].append(workshop)

    def seed_inmates(self) -> None:
        sizes, rng = self.sizes, self.rng
        prison_for = rng.choices(self.prisons, self.prison_weights, k=sizes.inmates)
        numbers: dict[int, int] = defaultdict(int)
        hopes = demo_data.STORY_HOPES

        def rows():
            for prison in prison_for:
                numbers[prison.pk] += 1
                female = prison.kind == Prison.Kind.LAPAS_PEREMPUAN or rng.random() < 0.08
                first = rng.choice(FIRST_NAMES_FEMALE if female else FIRST_NAMES_MALE)
                family = rng.choice(FAMILY_NAMES)
                workshop = rng.choice(self.workshops[prison.pk]) if rng.random() < 0.8 else None
                year = rng.randint(2012, 2024)
                roll = rng.random()
                status, release_date = Inmate.Status.ACTIVE, None
                if roll < 0.12:
                    status = Inmate.Status.RELEASED
                    release_date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(200, 1800))
                elif roll < 0.16:
                    status = Inmate.Status.TRANSFERRED
                display = f"{'Ibu' if female else 'Pak'} {first}" if rng.random() < 0.7 else ""
                story = ""
                if display and workshop is not None and rng.random() < 0.5:
                    opening = demo_data.STORY_OPENINGS.get(workshop.craft, "Bekerja di bengkel sejak {year}.")
                    story = f"{opening.format(year=year)} {rng.choice(hopes)}"
                yield Inmate(
                    prison=prison,
                    workshop=workshop,
                    legal_name=f"{first} {family}",
                    registration_number=f"B.I-{numbers[prison.pk]:05d}/{year}",
                    gender=Inmate.Gender.FEMALE if female else Inmate.Gender.MALE,
                    birth_year=rng.randint(1955, 2004),
                    skills=demo_data.SKILLS.get(workshop.craft, "") if workshop else "",
                    status=status,
                    release_date=release_date,
                    transferred_to="Lapas lain" if status == Inmate.Status.TRANSFERRED else "",
                    transferred_on=(
                        datetime.date(year, 1, 1) + datetime.timedelta(days=400)
                        if status == Inmate.Status.TRANSFERRED
                        else None
                    ),
                    display_name=display,
                    public_story=story,
                )

        inmates = self.bulk(Inmate, rows(), label="warga binaan", total=sizes.inmates)
        # Per prison and craft: the ids of inmates whose current consent credits them by name.
        self.makers: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.any_makers: dict[int, list[int]] = defaultdict(list)
        craft_of = {w.pk: w.craft for ws in self.workshops.values() for w in ws}

        def consents():
            for inmate in inmates:
                if rng.random() >= 0.85:
                    continue  # no consent: never shown
                given = self.aware(datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randint(0, 2900)))
                withdrawn = rng.random() < 0.05
                named = bool(inmate.display_name)
                if named and not withdrawn:
                    self.any_makers[inmate.prison_id].append(inmate.pk)
                    if inmate.workshop_id:
                        self.makers[inmate.prison_id, craft_of[inmate.workshop_id]].append(inmate.pk)
                yield Consent(
                    inmate=inmate,
                    display_name_public=named,
                    story_public=named and rng.random() < 0.6,
                    work_photos_public=rng.random() < 0.9,
                    face_public=False,
                    given_on=given,
                    withdrawn_on=given + datetime.timedelta(days=rng.randint(1, 400)) if withdrawn else None,
                    notes="Dicabut atas permintaan warga binaan." if withdrawn else "",
                )

        self.bulk(Consent, consents(), label="persetujuan", total=int(sizes.inmates * 0.85))
        self.all_inmates: dict[int, list[int]] = defaultdict(list)
        for inmate in inmates:
            self.all_inmates[inmate.prison_id].append(inmate.pk)

    def seed_products(self) -> None:
        sizes, rng = self.sizes, self.rng
        slugs = set(Product.objects.values_list("slug", flat=True))
        statuses = [
            (Product.Status.APPROVED, 85),
            (Product.Status.SUBMITTED, 5),
            (Product.Status.DRAFT, 5),
            (Product.Status.REJECTED, 3),
            (Product.Status.ARCHIVED, 2),
        ]
        category_weights = [18, 10, 16, 12, 10, 14, 12, 8][: len(self.categories)]
        prison_for = rng.choices(self.prisons, self.prison_weights, k=sizes.products)
        first_day = datetime.date(2015, 1, 1)
        span = (self.now.date() - first_day).days
        counter = 0

        def rows():
            nonlocal counter
            for prison in prison_for:
                counter += 1
                category = rng.choices(self.categories, category_weights)[0]
                nouns, motifs = PRODUCT_WORDS.get(category.slug, (("Produk",), ("Kerajinan",)))
                name = f"{rng.choice(nouns)} {rng.choice(motifs)}"
                craft = CRAFT_OF_CATEGORY.get(category.slug, "")
                workshops = self.workshops[prison.pk]
                workshop = next((w for w in workshops if w.craft == craft), None) or rng.choice(workshops)
                status = rng.choices([s[0] for s in statuses], [s[1] for s in statuses])[0]
                day = first_day + datetime.timedelta(days=rng.randint(0, span))
                created = self.aware(day, rng.randint(8, 16))
                submitted = created + datetime.timedelta(days=1) if status != Product.Status.DRAFT else None
                curated = (
                    created + datetime.timedelta(days=rng.randint(2, 20))
                    if status in (Product.Status.APPROVED, Product.Status.REJECTED, Product.Status.ARCHIVED)
                    else None
                )
                description = " ".join(
                    [
                        rng.choice(DESCRIPTION_OPENINGS).format(
                            workshop=workshop.name, city=prison.city, prison=prison.name
                        ),
                        rng.choice(DESCRIPTION_MIDDLES),
                        rng.choice(DESCRIPTION_MIDDLES),
                    ]
                )
                price = rng.choice((15, 25, 35, 50, 75, 95, 125, 150, 200, 250, 350, 500, 750, 1250, 2500))
                yield Product(
                    name=name,
                    slug=_unique(f"{slugify(name)}-{counter}", slugs, limit=180),
                    description=description,
                    category=category,
                    price=price * 1000 + rng.choice((0, 0, 5000)),
                    materials=rng.choice(MATERIALS.get(category.slug, ("",))),
                    size=rng.choice(SIZES),
                    weight_grams=rng.choice((None, 150, 250, 450, 800, 1500)),
                    monthly_capacity=rng.choice((5, 10, 20, 40, 100)),
                    prison=prison,
                    workshop=workshop,
                    status=status,
                    status_reason=(
                        "Foto kurang jelas; mohon unggah ulang."
                        if status == Product.Status.REJECTED
                        else ("Tidak diproduksi lagi." if status == Product.Status.ARCHIVED else "")
                    ),
                    is_featured=status == Product.Status.APPROVED and rng.random() < 0.01,
                    submitted_at=submitted,
                    curated_at=curated,
                    created_at=created,
                )

        with _dates_as_given(Product._meta.get_field("created_at")):
            products = self.bulk(Product, rows(), label="produk", total=sizes.products)
        self.approved = [p for p in products if p.status == Product.Status.APPROVED]
        self.approved_by_prison: dict[int, list[Product]] = defaultdict(list)
        for product in self.approved:
            self.approved_by_prison[product.prison_id].append(product)

        Makers = Product.makers.through

        def makers():
            for product in products:
                craft = product.workshop.craft if product.workshop else ""
                pool = (
                    self.makers.get((product.prison_id, craft))
                    or self.any_makers.get(product.prison_id)
                    or self.all_inmates.get(product.prison_id)
                )
                if not pool:
                    continue
                for inmate_id in set(rng.sample(pool, min(len(pool), rng.choice((1, 1, 2, 3))))):
                    yield Makers(product_id=product.pk, inmate_id=inmate_id)

        self.bulk(Makers, makers(), label="pembuat produk", total=int(len(products) * 1.6))

    def seed_images(self) -> None:
        """``images`` real files (re-encoded, thumbnails made) through product_image_add, one per
        (category, variant); every other approved product gets image rows pointing at its
        category's files."""
        if not self.approved or self.sizes.images <= 0:
            return
        drawer = DemoImages()
        by_category: dict[int, list[ProductImage]] = defaultdict(list)
        owners: set[int] = set()
        bar = self.progress("berkas gambar", self.sizes.images)
        for i in range(self.sizes.images):
            category = self.categories[i % len(self.categories)]
            owner = next(
                (p for p in self.approved if p.category_id == category.pk and p.pk not in owners), None
            )
            if owner is None:
                bar.advance()
                continue
            owners.add(owner.pk)
            image = product_image_add(
                product=owner,
                file=drawer.file(category.slug, i // len(self.categories)),
                alt_text=f"{owner.name}: contoh foto produk",
                position=0,
            )
            by_category[category.pk].append(image)
            bar.advance()
        bar.finish()
        self.report.counts["berkas gambar"] = sum(len(v) for v in by_category.values())
        rng = self.rng

        def rows():
            for product in self.approved:
                if product.pk in owners or not by_category.get(product.category_id):
                    continue
                files = by_category[product.category_id]
                for position in range(rng.choice((1, 1, 2, 3))):
                    source = files[(product.pk + position) % len(files)]
                    yield ProductImage(
                        product=product,
                        image=source.image.name,
                        width=source.width,
                        height=source.height,
                        thumb_small=source.thumb_small.name,
                        thumb_medium=source.thumb_medium.name,
                        thumb_large=source.thumb_large.name,
                        alt_text=f"{product.name}: foto {position + 1}",
                        position=position,
                    )

        self.bulk(ProductImage, rows(), label="gambar produk", total=int(len(self.approved) * 1.6))

    def seed_exhibitions(self) -> None:
        sizes, rng = self.sizes, self.rng
        if sizes.exhibitions <= 0:
            return
        slugs = set(Exhibition.objects.values_list("slug", flat=True))
        today = timezone.localdate(self.now)
        last_past_year = today.year - 1
        venues = [
            ("Plasa Industri", "Jakarta", "Jl. Gatot Subroto Kav. 52-53, Jakarta Selatan", TimeZone.WIB),
            ("Jogja Expo Center", "Yogyakarta", "Jl. Raya Janti, Banguntapan", TimeZone.WIB),
            ("Grand City Convex", "Surabaya", "Jl. Walikota Mustajab, Surabaya", TimeZone.WIB),
            ("Bali Nusa Dua Convention Center", "Badung", "Kawasan ITDC, Nusa Dua", TimeZone.WITA),
            ("Celebes Convention Center", "Makassar", "Jl. Metro Tanjung Bunga, Makassar", TimeZone.WITA),
        ]
        rows = []
        for k in range(sizes.exhibitions):
            upcoming = k == sizes.exhibitions - 1
            year = today.year if upcoming else last_past_year - (sizes.exhibitions - 2 - k)
            venue, city, address, zone = venues[k % len(venues)]
            if upcoming:
                start = today + datetime.timedelta(days=60)
            else:
                start = datetime.date(year, 4, 3) + datetime.timedelta(days=rng.randint(0, 150))
            title = f"Pameran Produk Unggulan Warga Binaan {start.year}"
            rows.append(
                Exhibition(
                    title=title,
                    edition=k + 1,
                    slug=_unique(slugify(title), slugs, limit=200),
                    venue=venue,
                    address=address,
                    city=city,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=3),
                    timezone=zone,
                    organisers="Kementerian Perindustrian (Ditjen IKM)\nDirektorat Jenderal Pemasyarakatan",
                    description=(
                        "Pameran tahunan produk unggulan warga binaan pemasyarakatan dari seluruh Indonesia: "
                        "stan delegasi kanwil dan lapas, demo keterampilan, peragaan busana dan lomba."
                    ),
                    registration_opens=self.now - datetime.timedelta(days=10) if upcoming else None,
                    registration_closes=self.now + datetime.timedelta(days=30) if upcoming else None,
                    is_published=True,
                )
            )
        exhibitions = self.bulk(Exhibition, rows, label="pameran", total=len(rows))

        prisons_with_products = [p for p in self.prisons if self.approved_by_prison.get(p.pk)]
        delegations, shown_rows, programme, booths = [], [], [], []
        for exhibition in exhibitions:
            upcoming = exhibition.start_date > today
            count = min(sizes.delegations, len(prisons_with_products))
            chosen = rng.sample(prisons_with_products, count)
            extra = rng.sample(self.prisons, min(len(self.prisons), max(2, count // 10)))
            seen = set()
            for i, prison in enumerate(chosen + extra):
                if prison.pk in seen:
                    continue
                seen.add(prison.pk)
                accepted = i < count and not upcoming
                if accepted:
                    status = Delegation.Status.ACCEPTED
                elif upcoming or rng.random() < 0.5:
                    status = Delegation.Status.APPLIED
                else:
                    status = Delegation.Status.REJECTED
                delegations.append(
                    Delegation(
                        exhibition=exhibition,
                        region_id=prison.region_id,
                        prison=prison,
                        name=f"Delegasi {prison.name}",
                        status=status,
                        applied_at=self.aware(exhibition.start_date - datetime.timedelta(days=45)),
                        decided_at=None if status == Delegation.Status.APPLIED else self.aware(
                            exhibition.start_date - datetime.timedelta(days=20)
                        ),
                    )
                )
                if accepted:
                    booths.append((exhibition, f"{'ABCD'[i % 4]}-{i + 1:02d}", len(delegations) - 1))
            days = (exhibition.end_date - exhibition.start_date).days + 1
            kinds = list(ProgrammeItem.Kind.values)
            for d in range(days):
                for hour in (10, 13, 15):
                    day = exhibition.start_date + datetime.timedelta(days=d)
                    starts = self.aware(day, hour, tz=exhibition.timezone)
                    kind = rng.choice(kinds)
                    programme.append(
                        ProgrammeItem(
                            exhibition=exhibition,
                            kind=kind,
                            title=f"{ProgrammeItem.Kind(kind).label} hari ke-{d + 1}",
                            description="Terbuka untuk umum.",
                            starts_at=starts,
                            ends_at=starts + datetime.timedelta(hours=1, minutes=30),
                            place="Panggung utama",
                            host_prison=rng.choice(chosen) if chosen else None,
                        )
                    )
        delegations = self.bulk(Delegation, delegations, label="delegasi", total=len(delegations))
        self.bulk(ProgrammeItem, programme, label="susunan acara", total=len(programme))
        self.bulk(
            Booth,
            (
                Booth(exhibition=exhibition, code=code, zone=f"Zona {code[0]}", size="3 x 3 m",
                      delegation=delegations[index])
                for exhibition, code, index in booths
            ),
            label="stan",
            total=len(booths),
        )

        Shown = Delegation.products.through
        accepted = [d for d in delegations if d.status == Delegation.Status.ACCEPTED]
        for delegation in accepted:
            products = self.approved_by_prison.get(delegation.prison_id, [])
            for product in rng.sample(products, min(len(products), delegation.product_quota)):
                shown_rows.append(Shown(delegation_id=delegation.pk, product_id=product.pk))
        self.bulk(Shown, shown_rows, label="produk dipamerkan", total=len(shown_rows))
        shown_by_delegation: dict[int, list[int]] = defaultdict(list)
        for row in shown_rows:
            shown_by_delegation[row.delegation_id].append(row.product_id)
        price_of = {p.pk: p.price for p in self.approved}

        # A competition per past exhibition with published results, and market-trial sales.
        competitions, criteria, entries, sales = [], [], [], []
        by_exhibition: dict[int, list[Delegation]] = defaultdict(list)
        for delegation in accepted:
            by_exhibition[delegation.exhibition_id].append(delegation)
        past = [e for e in exhibitions if by_exhibition.get(e.pk)]
        for exhibition in past:
            competitions.append(
                Competition(
                    exhibition=exhibition,
                    title="Lomba Desain Produk Unggulan",
                    organiser="Kementerian Perindustrian",
                    description="Penilaian karya terbaik tiap delegasi.",
                    scoring_closed=True,
                    results_published=True,
                )
            )
        competitions = self.bulk(Competition, competitions, label="lomba", total=len(competitions))
        for competition, exhibition in zip(competitions, past):
            for position, (name, weight) in enumerate((("Desain", 40), ("Kerapian", 35), ("Nilai jual", 25))):
                criteria.append(
                    Criterion(competition=competition, name=name, weight=weight, position=position)
                )
            for rank, delegation in enumerate(by_exhibition[exhibition.pk][:10], start=1):
                product_ids = shown_by_delegation.get(delegation.pk) or [None]
                entries.append(
                    CompetitionEntry(
                        competition=competition,
                        delegation=delegation,
                        product_id=product_ids[0],
                        entry_code=f"L-{rank:03d}",
                        title=f"Karya {delegation.prison.name}"[:200] if delegation.prison else "Karya",
                        rank=rank if rank <= 3 else None,
                        award="Juara" if rank <= 3 else "",
                    )
                )
            for _ in range(sizes.sales):
                delegation = rng.choice(by_exhibition[exhibition.pk])
                product_ids = shown_by_delegation.get(delegation.pk)
                if not product_ids:
                    continue
                product_id = rng.choice(product_ids)
                quantity, unit_price = rng.randint(1, 5), price_of[product_id]
                sold = self.aware(
                    exhibition.start_date + datetime.timedelta(days=rng.randint(0, 3)),
                    rng.randint(9, 16),
                    rng.randint(0, 59),
                    tz=exhibition.timezone,
                )
                sales.append(
                    Sale(
                        exhibition=exhibition,
                        delegation=delegation,
                        product_id=product_id,
                        quantity=quantity,
                        unit_price=unit_price,
                        payment_method=rng.choice(Sale.PaymentMethod.values),
                        sold_at=sold,
                        **sale_shares(exhibition=exhibition, quantity=quantity, unit_price=unit_price),
                    )
                )
        self.bulk(Criterion, criteria, label="kriteria lomba", total=len(criteria))
        self.bulk(CompetitionEntry, entries, label="peserta lomba", total=len(entries))
        self.bulk(Sale, sales, label="penjualan", total=len(sales))

    def seed_trainings(self) -> None:
        sizes, rng = self.sizes, self.rng
        if sizes.trainings <= 0:
            return
        today = timezone.localdate(self.now)
        rows = []
        for _ in range(sizes.trainings):
            prison = rng.choices(self.prisons, self.prison_weights)[0]
            workshop = rng.choice(self.workshops[prison.pk])
            start = today - datetime.timedelta(days=rng.randint(-90, 9 * 365))
            length = rng.randint(3, 10)
            end = start + datetime.timedelta(days=length - 1)
            if end < today:
                status = Training.Status.FINISHED if rng.random() < 0.95 else Training.Status.CANCELLED
            elif start <= today:
                status = Training.Status.RUNNING
            else:
                status = Training.Status.PLANNED
            rows.append(
                Training(
                    title=f"Bimtek {Workshop.Craft(workshop.craft).label} {start.year}",
                    skill_area=Workshop.Craft(workshop.craft).label,
                    prison=prison,
                    workshop=workshop,
                    starts_on=start,
                    ends_on=end,
                    hours=length * 8,
                    instructors="Instruktur Balai Diklat Industri",
                    capacity=max(sizes.participants, 20),
                    status=status,
                )
            )
        trainings = self.bulk(Training, rows, label="pelatihan", total=len(rows))

        def participants():
            for training in trainings:
                pool = self.all_inmates.get(training.prison_id, [])
                finished = training.status == Training.Status.FINISHED
                for inmate_id in rng.sample(pool, min(len(pool), sizes.participants)):
                    yield TrainingParticipant(
                        training=training,
                        inmate_id=inmate_id,
                        status=TrainingParticipant.Status.CONFIRMED,
                        days_attended=(training.ends_on - training.starts_on).days + 1 if finished else 0,
                        passed=(rng.random() < 0.9) if finished else None,
                        score=rng.randint(60, 98) if finished else None,
                    )

        self.bulk(
            TrainingParticipant,
            participants(),
            label="peserta pelatihan",
            total=len(trainings) * sizes.participants,
        )


def seed_scale(
    *,
    sizes: ScaleSizes,
    seed: int = 2018,
    batch_size: int = 5_000,
    progress: bool = True,
    stream: TextIO | None = None,
) -> ScaleReport:
    """Add synthetic data of ``sizes`` in one transaction (all or nothing), then refresh the
    planner's statistics (ANALYZE) so that the first queries use the indexes.

    The caller decides whether the database may already hold products (the command refuses
    unless --force). Nothing is deleted.
    """
    seeder = _Seeder(
        sizes=sizes, seed=seed, batch_size=batch_size, progress=progress, stream=stream or sys.stderr
    )
    with transaction.atomic():
        report = seeder.run()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum would do a little later: statistics, and the visibility map that
            # lets counts read indexes only.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return report

