"""``manage.py seed_demo``: idempotent, faithful to the 6th exhibition of 2018, careful with consent.

The demo data is loaded twice, once per module (thumbnailing ~150 images takes about 15 s);
each test runs in a savepoint inside the module's transaction, and the module rolls it all back.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from exhibitions.models import Delegation, Exhibition, ProgrammeItem, Sale, VisitorCount
from inmates import roles
from inmates.models import Consent, Inmate
from products.models import Category, Product, ProductImage
from programs.models import (
    Agreement,
    Certificate,
    CertificateCounter,
    Evidence,
    Obligation,
    Training,
    TrainingParticipant,
)
from programs.selectors import agreement_obligations

SLUG_2018 = "pameran-produk-unggulan-narapidana-2018"
DEMO_USERNAMES = {"admin", "staf", "pas", "petugas.cipinang", "petugas.tangerang", "juri"}
IKM_AREAS = {"training", "instructors", "certificates", "materials", "venue", "promotion", "exhibition"}


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _rows() -> dict[str, list[tuple]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
    }


def _media_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("seed-media")
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, MEDIA_ROOT=media_root, PASSWORD_HASHERS=fast_hasher):
            first_output = _seed()
            first = {"counts": _row_counts(), "rows": _rows(), "files": _media_files(media_root)}
            second_output = _seed()
            second = {"counts": _row_counts(), "rows": _rows(), "files": _media_files(media_root)}
        yield {
            "media_root": media_root,
            "first": first,
            "second": second,
            "first_output": first_output,
            "second_output": second_output,
        }
        transaction.set_rollback(True)


@pytest.fixture
def seeded_db(seeded, db):
    return seeded


@pytest.fixture
def exhibition_2018(seeded_db):
    return Exhibition.objects.get(slug=SLUG_2018)


# --- idempotency


def test_seed_demo_second_run_keeps_every_row_count(seeded_db):
    assert seeded_db["second"]["counts"] == seeded_db["first"]["counts"]
    assert seeded_db["first"]["counts"]["exhibitions.Exhibition"] == 2
    assert seeded_db["first"]["counts"]["products.ProductImage"] > 0


def test_seed_demo_second_run_changes_no_row(seeded_db):
    assert seeded_db["second"]["rows"] == seeded_db["first"]["rows"]


def test_seed_demo_second_run_writes_no_media_file(seeded_db):
    assert seeded_db["second"]["files"] == seeded_db["first"]["files"]
    assert len(seeded_db["first"]["files"]) == 4 * ProductImage.objects.count()


def test_seed_demo_second_run_reports_nothing_created(seeded_db):
    assert "tidak ada yang diubah" in seeded_db["second_output"]
    assert "Baru dibuat:" in seeded_db["first_output"]


# --- faithful to the 6th exhibition, 2018


def test_seed_demo_2018_exhibition_dates_hours_and_zone(exhibition_2018):
    assert exhibition_2018.title == "Pameran Produk Unggulan Narapidana"
    assert exhibition_2018.edition == 6
    assert exhibition_2018.venue == "Plasa Industri, Kementerian Perindustrian"
    assert exhibition_2018.city == "Jakarta"
    assert exhibition_2018.start_date == datetime.date(2018, 4, 3)
    assert exhibition_2018.end_date == datetime.date(2018, 4, 6)
    assert exhibition_2018.opening_time == datetime.time(9, 0)
    assert exhibition_2018.closing_time == datetime.time(17, 0)
    assert exhibition_2018.timezone == "Asia/Jakarta"
    assert exhibition_2018.organisers.splitlines() == [
        "Direktorat Jenderal Pemasyarakatan, Kementerian Hukum dan HAM",
        "Direktorat Jenderal Industri Kecil dan Menengah, Kementerian Perindustrian",
    ]


def test_seed_demo_2018_has_33_accepted_delegations_one_per_kanwil(exhibition_2018):
    delegations = exhibition_2018.delegations.all()
    assert delegations.count() == 33
    assert delegations.filter(status=Delegation.Status.ACCEPTED).count() == 33
    assert delegations.values("region").distinct().count() == 33
    booths = exhibition_2018.booths.all()
    assert booths.count() == 33
    assert booths.filter(delegation__in=delegations).values("delegation").distinct().count() == 33
    assert list(booths.order_by("zone").values_list("zone", flat=True).distinct()) == ["Zona A", "Zona B", "Zona C"]


def test_seed_demo_2018_prison_delegations_lie_in_their_kanwil(exhibition_2018):
    with_prison = exhibition_2018.delegations.filter(prison__isnull=False).select_related("prison")
    assert with_prison.count() == 8
    for delegation in with_prison:
        assert delegation.prison.region_id == delegation.region_id
        assert delegation.name == delegation.prison.name
    for delegation in exhibition_2018.delegations.filter(prison__isnull=True).select_related("region"):
        assert delegation.name == f"Kanwil Kemenkumham {delegation.region.province}"


def test_seed_demo_2018_delegations_show_only_approved_products_of_their_region(exhibition_2018):
    for delegation in exhibition_2018.delegations.prefetch_related("products__prison"):
        for product in delegation.products.all():
            assert product.status == Product.Status.APPROVED
            assert product.prison.region_id == delegation.region_id


def test_seed_demo_2018_programme_matches_the_article(exhibition_2018):
    programme = exhibition_2018.programme.select_related("host_prison")
    kinds = set(programme.values_list("kind", flat=True))
    assert {"opening", "fashion_show", "demo", "talk_show", "competition"} <= kinds
    opening = programme.get(kind=ProgrammeItem.Kind.OPENING)
    assert opening.starts_at.astimezone(exhibition_2018.tzinfo) == datetime.datetime(
        2018, 4, 3, 9, 0, tzinfo=exhibition_2018.tzinfo
    )
    assert "Menteri Perindustrian" in opening.title
    assert {d.host_prison.name for d in programme.filter(kind=ProgrammeItem.Kind.DEMO)} == {
        "Lapas Kelas I Cipinang"
    }
    assert list(programme.filter(kind=ProgrammeItem.Kind.TALK_SHOW).values_list("title", flat=True)) == [
        "Branding & Packaging"
    ]
    assert set(programme.filter(kind=ProgrammeItem.Kind.COMPETITION).values_list("host", flat=True)) == {
        "Second Chance Foundation"
    }


def test_seed_demo_programme_items_fall_within_opening_hours(seeded_db):
    for item in ProgrammeItem.objects.select_related("exhibition"):
        exhibition = item.exhibition
        start = item.starts_at.astimezone(exhibition.tzinfo)
        end = item.ends_at.astimezone(exhibition.tzinfo)
        assert exhibition.start_date <= start.date() == end.date() <= exhibition.end_date
        assert exhibition.opening_time <= start.time() < end.time() <= exhibition.closing_time


def test_seed_demo_programme_has_no_overlap_in_one_place(seeded_db):
    items = list(ProgrammeItem.objects.order_by("exhibition", "place", "starts_at"))
    assert len(items) == 11
    for before, after in zip(items, items[1:], strict=False):
        if (before.exhibition_id, before.place) == (after.exhibition_id, after.place):
            assert before.ends_at <= after.starts_at


def test_seed_demo_2018_competition_weights_and_blind_codes(exhibition_2018):
    competition = exhibition_2018.competitions.get()
    assert competition.title == "Lomba Cinderamata untuk Hotel"
    assert competition.organiser == "Second Chance Foundation"
    assert sum(competition.criteria.values_list("weight", flat=True)) == 100
    entries = list(competition.entries.select_related("delegation"))
    assert len(entries) == 8
    for entry in entries:
        assert re.fullmatch(r"H-\d{3}", entry.entry_code)
        assert entry.delegation.exhibition_id == exhibition_2018.pk
        assert entry.delegation.products.filter(pk=entry.product_id).exists()


def test_seed_demo_2018_sales_within_opening_hours_without_qris(exhibition_2018):
    sales = list(Sale.objects.filter(exhibition=exhibition_2018).select_related("delegation", "product"))
    assert len(sales) == 48
    for sale in sales:
        assert exhibition_2018.is_open_at(sale.sold_at)
        assert sale.payment_method in {"cash", "transfer", "card"}
        assert sale.unit_price == sale.product.price
        assert sale.delegation.exhibition_id == exhibition_2018.pk
        assert sale.delegation.products.filter(pk=sale.product_id).exists()


def test_seed_demo_2018_visitor_count_for_each_day(exhibition_2018):
    days = list(VisitorCount.objects.filter(exhibition=exhibition_2018).values_list("day", flat=True))
    assert days == [datetime.date(2018, 4, d) for d in (3, 4, 5, 6)]


def test_seed_demo_agreement_lists_every_ministry_obligation(seeded_db):
    agreement = Agreement.objects.get()
    assert agreement.first_party.startswith("Direktorat Jenderal Pemasyarakatan")
    assert agreement.second_party.startswith("Direktorat Jenderal Industri Kecil dan Menengah")
    assert agreement.signed_on == datetime.date(2018, 4, 3)
    assert "bimbingan kemandirian warga binaan pemasyarakatan" in agreement.title.lower()
    ikm = list(agreement.obligations.filter(party="ikm").values_list("area", flat=True))
    assert sorted(ikm) == sorted(IKM_AREAS)
    assert agreement.obligations.filter(party="pas").count() == 5
    assert agreement.obligations.filter(due_date__isnull=True).count() == 0


def test_seed_demo_bimtek_certificates_only_for_passed_participants(seeded_db):
    participants = TrainingParticipant.objects.select_related("training__prison")
    assert {p.training.prison.name for p in participants} == {
        "Lapas Perempuan Kelas IIA Tangerang",
        "Rutan Kelas IIA Pondok Bambu",
    }
    finished = participants.filter(training__status=Training.Status.FINISHED)
    assert finished.filter(status=TrainingParticipant.Status.CONFIRMED).count() == 12
    assert Certificate.objects.count() == participants.filter(passed=True).count() == 11
    assert participants.filter(passed=False, certificates__isnull=False).count() == 0
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"IKM/BIMTEK/2018/{n:04d}" for n in range(1, 12)]
    # Drawn from the year's counter, so the next certificate of 2018 is number 12.
    assert CertificateCounter.objects.get(year=2018).last_number == 11
    training_obligations = Obligation.objects.filter(
        party="ikm", evidence__training__isnull=False
    ).values_list("area", flat=True)
    assert set(training_obligations) == {"training", "instructors", "certificates", "materials"}
    certificate_evidence = Evidence.objects.filter(kind=Evidence.Kind.CERTIFICATES).order_by("date")
    assert list(certificate_evidence.values_list("training__title", "quantity")) == [
        ("Bimtek Batik Tulis", 5),
        ("Bimtek Menjahit dan Desain Busana Muslim", 6),
    ]


def test_seed_demo_upcoming_training_has_confirmed_and_proposed_participants(seeded_db):
    training = Training.objects.get(status=Training.Status.PLANNED)
    assert training.prison.slug == "lapas-perempuan-tangerang"
    assert training.starts_on > timezone.localdate()
    statuses = sorted(training.participants.values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "proposed", "proposed"]
    assert training.capacity == 4
    assert training.participants.filter(inmate__status=Inmate.Status.RELEASED).count() == 0


def test_seed_demo_agreement_progress_mixes_fulfilled_and_overdue(seeded_db):
    agreement = Agreement.objects.get()
    statuses = dict(
        agreement_obligations(agreement=agreement, today=datetime.date(2019, 6, 1)).values_list(
            "text", "progress_status"
        )
    )
    assert statuses["Menyediakan sertifikat pelatihan."] == "fulfilled"
    assert statuses["Menyediakan media promosi melalui konten digital."] == "overdue"
    assert statuses["Melaporkan perkembangan usaha warga binaan setelah pelatihan."] == "overdue"
    assert statuses["Menyediakan tempat pameran sebagai ajang promosi hasil karya Warga Binaan "
                    "Pemasyarakatan."] == "fulfilled"


# --- people and consent


def test_seed_demo_withdrawn_consent_leaves_no_active_consent(seeded_db):
    withdrawn = Inmate.objects.filter(consents__withdrawn_on__isnull=False).distinct()
    assert withdrawn.count() == 4
    assert Consent.objects.active().filter(inmate__in=withdrawn).count() == 0
    assert Inmate.objects.publicly_credited().filter(pk__in=withdrawn).count() == 0


def test_seed_demo_consent_on_record_for_every_inmate(seeded_db):
    assert Inmate.objects.count() == 63
    assert Inmate.objects.filter(consents__isnull=True).count() == 0
    photos_only = Consent.objects.active().filter(
        display_name_public=False, story_public=False, work_photos_public=True
    )
    assert photos_only.count() == 10
    assert Inmate.objects.publicly_credited().distinct().count() == 49
    assert Consent.objects.filter(face_public=True).count() == 0


def test_seed_demo_children_are_never_credited(seeded_db):
    children = Inmate.objects.filter(prison__kind="lpka")
    assert children.count() == 3
    assert Inmate.objects.publicly_credited().filter(pk__in=children).count() == 0
    assert set(children.values_list("display_name", "public_story")) == {("", "")}


def test_seed_demo_inmates_match_the_prison_they_live_in(seeded_db):
    for inmate in Inmate.objects.select_related("prison", "workshop"):
        assert inmate.workshop.prison_id == inmate.prison_id
        if inmate.prison.kind == "lapas_perempuan" or inmate.prison.slug == "rutan-pondok-bambu":
            assert inmate.gender == "P"


# --- products and images


def test_seed_demo_categories(seeded_db):
    assert list(Category.objects.values_list("slug", flat=True)) == [
        "batik",
        "tenun",
        "kerajinan-kayu",
        "anyaman",
        "kulit",
        "busana",
        "makanan-olahan",
        "cinderamata",
    ]
    assert Category.objects.filter(name_en="").count() == 0


def test_seed_demo_products_statuses_and_makers(seeded_db):
    assert Product.objects.count() == 121
    assert Product.objects.approved().count() == 111
    assert Product.objects.filter(status="rejected").exclude(status_reason="").count() == 3
    assert Product.objects.filter(is_featured=True).exclude(status="approved").count() == 0
    for product in Product.objects.prefetch_related("makers").select_related("workshop"):
        assert product.workshop.prison_id == product.prison_id
        assert all(maker.prison_id == product.prison_id for maker in product.makers.all())


def test_seed_demo_every_product_past_draft_has_images_with_thumbnails(seeded_db):
    # The curation queue's products too: without photos the demo's queue could approve none
    # (found looking at it).
    media_root = seeded_db["media_root"]
    assert Product.objects.filter(status="submitted").exists()
    for product in Product.objects.exclude(status="draft").prefetch_related("images"):
        images = list(product.images.all())
        assert 1 <= len(images) <= 3
        for image in images:
            assert (image.width, image.height) == (1200, 900)
            for field in (image.image, image.thumb_small, image.thumb_medium, image.thumb_large):
                assert field.name
                assert (media_root / field.name).is_file()
    assert Product.objects.filter(status="draft", images__isnull=False).count() == 0


# --- the upcoming exhibition


def test_seed_demo_upcoming_exhibition_has_open_registration_in_wita(seeded_db):
    upcoming = Exhibition.objects.get(slug="pameran-karya-warga-binaan-makassar")
    assert upcoming.timezone == "Asia/Makassar"
    assert upcoming.start_date == timezone.localdate() + datetime.timedelta(days=60)
    assert upcoming.registration_is_open()
    item = upcoming.programme.get(kind=ProgrammeItem.Kind.OPENING)
    assert item.starts_at.astimezone(upcoming.tzinfo).time() == datetime.time(10, 0)


def test_seed_demo_rerun_keeps_upcoming_dates(seeded_db):
    upcoming = Exhibition.objects.get(slug="pameran-karya-warga-binaan-makassar")
    moved = (datetime.date(2030, 1, 7), datetime.date(2030, 1, 10))
    Exhibition.objects.filter(pk=upcoming.pk).update(start_date=moved[0], end_date=moved[1])

    _seed()

    upcoming.refresh_from_db()
    assert (upcoming.start_date, upcoming.end_date) == moved


# --- accounts and --if-empty


def test_seed_demo_with_debug_creates_one_account_per_role(seeded_db, settings):
    User = get_user_model()
    User.objects.all().delete()
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    output = _seed()

    users = {u.username: u for u in User.objects.prefetch_related("groups")}
    assert set(users) == DEMO_USERNAMES
    assert users["admin"].is_superuser
    assert [g.name for g in users["staf"].groups.all()] == [roles.MINISTRY_STAFF]
    assert [g.name for g in users["pas"].groups.all()] == [roles.CORRECTIONS_STAFF]
    assert [g.name for g in users["juri"].groups.all()] == [roles.JURY]
    assert users["staf"].is_staff and users["pas"].is_staff
    assert not users["juri"].is_staff and not users["petugas.cipinang"].is_staff
    assert users["petugas.cipinang"].officer_profile.prison.name == "Lapas Kelas I Cipinang"
    assert users["petugas.tangerang"].officer_profile.prison.name == "Lapas Perempuan Kelas IIA Tangerang"
    assert list(users["juri"].juries.values_list("title", flat=True)) == ["Lomba Cinderamata untuk Hotel"]
    assert users["staf"].check_password("etalase-demo-2018")
    assert "petugas.cipinang" in output and "etalase-demo-2018" in output


def test_seed_demo_without_debug_creates_no_account(seeded_db, settings):
    User = get_user_model()
    User.objects.all().delete()
    settings.DEBUG = False

    output = _seed()

    assert User.objects.count() == 0
    assert "akun demo tidak dibuat" in output
    assert "etalase-demo-2018" not in output


def test_seed_demo_if_empty_does_nothing_on_a_database_with_an_exhibition(seeded_db, settings):
    settings.DEBUG = True
    Agreement.objects.all().delete()  # something a full run would put back
    before = _row_counts()

    output = _seed("--if-empty")

    assert _row_counts() == before
    assert Agreement.objects.count() == 0
    assert "tidak dimuat" in output
    assert "petugas.tangerang" in output  # the logins are printed all the same


def test_seed_demo_publishes_nothing_that_names_an_inmate(seeded_db):
    from inmates.models import Inmate

    leaking = [inmate.pk for inmate in Inmate.objects.all() if inmate.public_text_errors()]
    assert Inmate.objects.exists() and leaking == []


def test_seed_demo_upcoming_registration_window_is_in_office_hours_and_open(seeded_db):
    from django.utils import timezone

    from exhibitions.models import Exhibition

    upcoming = Exhibition.objects.filter(registration_opens__isnull=False).order_by("-start_date").first()
    opens = timezone.localtime(upcoming.registration_opens)
    closes = timezone.localtime(upcoming.registration_closes)
    assert (opens.hour, opens.minute, opens.second) == (8, 0, 0)
    assert (closes.hour, closes.minute, closes.second) == (17, 0, 0)
    assert upcoming.registration_is_open()
