"""Realistic showcase data for the browser tests: what a visitor of a running exhibition sees.

Two prisons in two provinces, three categories, approved products with real (small) photos stored
through the image service, makers who consented, a running exhibition with a programme over two
days and accepted delegations with booth codes (and one applied delegation that must not show).
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from exhibitions.models import Booth, Delegation, ProgrammeItem
from products.services import product_image_add
from tests import factories

# Colours of the product photos: one per product, so the grid is not a wall of one colour.
PHOTO_COLOURS = [(39, 48, 107), (122, 74, 31), (29, 107, 58), (160, 40, 40), (200, 170, 90), (60, 60, 60)]


def _photo(product, *, colour, alt_text: str, position: int = 0):
    upload = factories.uploaded_image(size=(800, 600), color=colour, name="foto-produk.jpg")
    return product_image_add(product=product, file=upload, alt_text=alt_text, position=position)


def build_showcase() -> SimpleNamespace:
    jakarta = factories.make_region(name="Kanwil DKI Jakarta", province="DKI Jakarta", slug="dki-jakarta")
    banten = factories.make_region(name="Kanwil Banten", province="Banten", slug="banten")
    cipinang = factories.make_prison(
        name="Lapas Kelas I Cipinang",
        slug="lapas-cipinang",
        region=jakarta,
        city="Jakarta Timur",
        public_description="Bengkel batik tulis dan kerajinan kayu warga binaan sejak 2012.",
    )
    tangerang = factories.make_prison(
        name="Lapas Perempuan Kelas IIA Tangerang",
        slug="lapas-perempuan-tangerang",
        region=banten,
        city="Tangerang",
        public_description="Tenun, anyaman pandan dan busana karya warga binaan perempuan.",
    )
    batik = factories.make_category(slug="batik", name_id="Batik", name_en="Batik", position=1)
    anyaman = factories.make_category(slug="anyaman", name_id="Anyaman", name_en="Woven goods", position=2)
    kayu = factories.make_category(
        slug="kerajinan-kayu", name_id="Kerajinan kayu", name_en="Woodcraft", position=3
    )

    maker = factories.make_inmate(
        prison=cipinang,
        display_name="Pak Sarno",
        public_story="Belajar membatik di bengkel lapas; kini mengajar teman-temannya.",
    )
    factories.make_consent(inmate=maker)
    weaver = factories.make_inmate(prison=tangerang, display_name="Bu Ratna", public_story="")
    factories.make_consent(inmate=weaver, story_public=False)

    specs = [
        ("Kain Batik Tulis Parang Rusak", "kain-batik-tulis-parang", batik, cipinang, 450_000, maker),
        ("Kemeja Batik Cap Mega Mendung", "kemeja-batik-mega-mendung", batik, cipinang, 275_000, maker),
        ("Tas Anyaman Pandan Cokelat", "tas-anyaman-pandan", anyaman, tangerang, 125_000, weaver),
        ("Keranjang Rotan Serbaguna", "keranjang-rotan", anyaman, tangerang, 90_000, weaver),
        ("Miniatur Kapal Pinisi Kayu Jati", "miniatur-pinisi", kayu, cipinang, 650_000, None),
        ("Talenan Kayu Sonokeling", "talenan-sonokeling", kayu, cipinang, 85_000, None),
    ]
    products = []
    for index, (name, slug, category, prison, price, product_maker) in enumerate(specs):
        product = factories.make_product(
            name=name,
            slug=slug,
            category=category,
            prison=prison,
            price=price,
            description=f"{name}, dikerjakan tangan di bengkel kerja {prison.name}.",
            materials="Kain katun primisima, pewarna alam" if category == batik else "Bahan alami pilihan",
            size="200 × 115 cm" if category == batik else "30 × 20 × 10 cm",
            monthly_capacity=20 + index,
        )
        if product_maker is not None:
            product.makers.add(product_maker)
        _photo(product, colour=PHOTO_COLOURS[index], alt_text=f"{name}, tampak depan")
        if index == 0:
            _photo(product, colour=(230, 220, 200), alt_text=f"{name}, detail motif", position=1)
        products.append(product)

    today = timezone.localdate()
    exhibition = factories.make_exhibition(
        title="Pameran Produk Unggulan Warga Binaan",
        slug="pameran-produk-unggulan",
        edition=7,
        venue="Plasa Industri",
        address="Jl. Jend. Gatot Subroto Kav. 52-53",
        city="Jakarta",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=2),
        # Open round the clock, so "open now" shows whenever the test runs.
        opening_time=datetime.time(0, 0),
        closing_time=datetime.time(23, 59),
        organisers="Direktorat Jenderal Industri Kecil dan Menengah\nDirektorat Jenderal Pemasyarakatan",
        description="Pameran tahunan karya warga binaan dari lapas dan rutan seluruh Indonesia.",
    )
    first_day = timezone.make_aware(datetime.datetime.combine(exhibition.start_date, datetime.time(10, 0)))
    factories.make_programme_item(
        exhibition=exhibition,
        kind=ProgrammeItem.Kind.FASHION_SHOW,
        title="Peragaan busana karya warga binaan",
        starts_at=first_day,
        place="Panggung utama",
        host="Second Chance Foundation",
    )
    factories.make_programme_item(
        exhibition=exhibition,
        kind=ProgrammeItem.Kind.DEMO,
        title="Demo membatik tulis",
        starts_at=first_day + datetime.timedelta(hours=4),
        place="Stan A-01",
        host_prison=cipinang,
    )
    factories.make_programme_item(
        exhibition=exhibition,
        kind=ProgrammeItem.Kind.TALK_SHOW,
        title="Talk show: Branding & Packaging",
        starts_at=first_day + datetime.timedelta(days=1),
        host="Ditjen IKM",
        description="Mengemas produk agar siap masuk hotel dan toko oleh-oleh.",
    )
    for prison, name, booth in [
        (cipinang, "Lapas Kelas I Cipinang", "A-01"),
        (tangerang, "Lapas Perempuan Tangerang", "B-02"),
    ]:
        delegation = factories.make_delegation(
            exhibition=exhibition, prison=prison, name=name, status=Delegation.Status.ACCEPTED
        )
        delegation.products.add(*[p for p in products if p.prison_id == prison.pk])
        Booth.objects.create(exhibition=exhibition, code=booth, zone="Hall A", delegation=delegation)
    factories.make_delegation(exhibition=exhibition, name="Kanwil Jawa Barat (mendaftar)")

    return SimpleNamespace(
        prisons=[cipinang, tangerang],
        categories=[batik, anyaman, kayu],
        products=products,
        product=products[0],
        exhibition=exhibition,
        maker=maker,
    )
