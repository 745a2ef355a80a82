"""Rows of every model registered in the admin, made in bulk, for the admin tests.

``make_rows(model, count)`` returns ``count`` new rows of ``model`` sharing one set of parents, so
a changelist shows exactly the rows asked for. A model registered in the admin without a builder
here makes the admin tests fail with a message saying so: every new admin is covered.
"""

import datetime
import itertools
from collections.abc import Callable

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model
from django.utils import timezone

from exhibitions.models import (
    Booth,
    Competition,
    CompetitionEntry,
    Criterion,
    Delegation,
    Exhibition,
    Inquiry,
    InquiryReply,
    JudgeScore,
    ProgrammeItem,
    Sale,
    StockLine,
    VisitorCount,
    VisitorFeedback,
)
from exhibitions.money import sale_shares
from inmates.models import Consent, Inmate, OfficerProfile, Prison, Region, Workshop
from products.models import Category, Product, ProductImage
from programs.models import (
    Agreement,
    Aid,
    Certificate,
    CertificateCounter,
    Evidence,
    FollowUp,
    Obligation,
    Training,
    TrainingAttendance,
    TrainingParticipant,
)
from tests import factories

User = get_user_model()

BUILDERS: dict[type[Model], Callable[[int], list]] = {}


def builds(model):
    def register(function):
        BUILDERS[model] = function
        return function

    return register


def make_rows(model, count: int) -> list:
    try:
        builder = BUILDERS[model]
    except KeyError:
        raise LookupError(
            f"{model._meta.label} is registered in the admin but tests/admin_factories.py has no "
            "builder for it: add one (decorated with @builds)."
        ) from None
    rows = builder(count)
    assert len(rows) == count and all(row.pk for row in rows)
    return rows


def _bulk(model, objects: list) -> list:
    created = model.objects.bulk_create(objects)
    if created and created[0].pk is None:  # a backend that does not return ids
        return list(model.objects.order_by("-pk")[: len(objects)])[::-1]
    return created


def _token() -> int:
    return factories.n()


AWARE = timezone.make_aware(datetime.datetime(2018, 4, 3, 10, 0))


# --- inmates --------------------------------------------------------------------------------------


@builds(Region)
def regions(count):
    t = _token()
    return _bulk(
        Region,
        [
            Region(name=f"Kanwil Massal {t}-{i}", province=f"Provinsi Massal {t}-{i}", slug=f"pm-{t}-{i}")
            for i in range(count)
        ],
    )


@builds(Prison)
def prisons(count, *, region=None):
    t = _token()
    region = region or factories.make_region()
    return _bulk(
        Prison,
        [
            Prison(
                name=f"Lapas Massal {t}-{i}",
                slug=f"lapas-massal-{t}-{i}",
                kind=Prison.Kind.LAPAS,
                klass=Prison.Klass.IIA,
                region=region,
                city=f"Kota {i}",
            )
            for i in range(count)
        ],
    )


@builds(Workshop)
def workshops(count):
    t = _token()
    prison = factories.make_prison()
    return _bulk(
        Workshop,
        [Workshop(prison=prison, name=f"Bengkel {t}-{i}", craft=Workshop.Craft.BATIK) for i in range(count)],
    )


def _users(count, **kwargs):
    t = _token()
    return _bulk(
        User,
        [
            User(
                username=f"pengguna{t}-{i}",
                email=f"pengguna{t}-{i}@example.test",
                first_name="Pengguna",
                last_name=f"{t}-{i}",
                password="!",
                **kwargs,
            )
            for i in range(count)
        ],
    )


@builds(OfficerProfile)
def officer_profiles(count):
    prison = factories.make_prison()
    users = _users(count)
    return _bulk(
        OfficerProfile,
        [OfficerProfile(user=user, prison=prison, position="Kasi Giatja") for user in users],
    )


@builds(Inmate)
def inmates(count, *, prison=None):
    t = _token()
    prison = prison or factories.make_prison()
    workshop = factories.make_workshop(prison=prison)
    return _bulk(
        Inmate,
        [
            Inmate(
                prison=prison,
                workshop=workshop,
                legal_name=f"Nama Asli {t}-{i}",
                registration_number=f"B.I-{t}-{i:03d}/2018",
                gender=Inmate.Gender.MALE,
                birth_year=1990,
                display_name=f"Pengrajin {t}-{i}",
            )
            for i in range(count)
        ],
    )


@builds(Consent)
def consents(count):
    recorder = factories.make_user()
    return _bulk(
        Consent,
        [
            Consent(inmate=inmate, display_name_public=True, story_public=True, recorded_by=recorder)
            for inmate in inmates(count)
        ],
    )


# --- products -------------------------------------------------------------------------------------


@builds(Category)
def categories(count):
    t = _token()
    return _bulk(
        Category,
        [Category(slug=f"kategori-massal-{t}-{i}", name_id=f"Kategori Massal {t}-{i}") for i in range(count)],
    )


@builds(Product)
def products(count, *, status=Product.Status.SUBMITTED, prison=None, with_images=True):
    t = _token()
    prison = prison or factories.make_prison()
    category = factories.make_category()
    workshop = factories.make_workshop(prison=prison)
    curator = factories.make_user()
    rows = _bulk(
        Product,
        [
            Product(
                name=f"Produk Massal {t}-{i}",
                slug=f"produk-massal-{t}-{i}",
                category=category,
                price=150000 + i,
                prison=prison,
                workshop=workshop,
                status=status,
                submitted_at=AWARE,
                curated_by=curator,
            )
            for i in range(count)
        ],
    )
    if with_images:
        _bulk(ProductImage, [_image(product, position=0) for product in rows])
    return rows


def _image(product, *, position):
    # Names only: listing pages build URLs from them and never open the files.
    t = _token()
    return ProductImage(
        product=product,
        image=f"products/aa/{t:032x}.jpg",
        width=640,
        height=480,
        thumb_small=f"thumbs/{t:032x}-320.jpg",
        thumb_medium=f"thumbs/{t:032x}-640.jpg",
        thumb_large=f"thumbs/{t:032x}-1280.jpg",
        alt_text=f"Foto produk {t}",
        position=position,
    )


@builds(ProductImage)
def product_images(count):
    product = factories.make_product()
    return _bulk(ProductImage, [_image(product, position=i) for i in range(count)])


# --- exhibitions ----------------------------------------------------------------------------------


@builds(Exhibition)
def exhibitions(count):
    t = _token()
    return _bulk(
        Exhibition,
        [
            Exhibition(
                title=f"Pameran Massal {t}-{i}",
                slug=f"pameran-massal-{t}-{i}",
                venue="Plasa Industri",
                city="Jakarta",
                start_date=datetime.date(2018, 4, 3),
                end_date=datetime.date(2018, 4, 6),
                is_published=True,
            )
            for i in range(count)
        ],
    )


@builds(Delegation)
def delegations(count, *, exhibition=None, status=Delegation.Status.APPLIED):
    t = _token()
    exhibition = exhibition or factories.make_exhibition()
    region = factories.make_region()
    decider = factories.make_user()
    return _bulk(
        Delegation,
        [
            Delegation(
                exhibition=exhibition,
                region=region,
                prison=prison,
                name=f"Delegasi {t}-{i}",
                status=status,
                decided_by=decider,
            )
            for i, prison in enumerate(prisons(count, region=region))
        ],
    )


@builds(ProgrammeItem)
def programme_items(count):
    exhibition = factories.make_exhibition()
    host = factories.make_prison()
    return _bulk(
        ProgrammeItem,
        [
            ProgrammeItem(
                exhibition=exhibition,
                kind=ProgrammeItem.Kind.DEMO,
                title=f"Demo membatik {i}",
                starts_at=AWARE + datetime.timedelta(hours=i),
                ends_at=AWARE + datetime.timedelta(hours=i, minutes=45),
                host_prison=host,
            )
            for i in range(count)
        ],
    )


@builds(Competition)
def competitions(count):
    exhibition = factories.make_exhibition()
    return _bulk(
        Competition,
        [
            Competition(exhibition=exhibition, title=f"Lomba desain {i}", organiser="Ditjen IKM")
            for i in range(count)
        ],
    )


def _competition():
    return Competition.objects.create(exhibition=factories.make_exhibition(), title="Lomba batik")


@builds(Criterion)
def criteria(count):
    competition = _competition()
    return _bulk(
        Criterion,
        [
            Criterion(competition=competition, name=f"Kriteria {i}", weight=10, position=i)
            for i in range(count)
        ],
    )


def _entries(count, *, competition):
    delegation = factories.make_delegation(exhibition=competition.exhibition)
    product = factories.make_product(prison=delegation.prison)
    return _bulk(
        CompetitionEntry,
        [
            CompetitionEntry(
                competition=competition,
                delegation=delegation,
                product=product,
                entry_code=f"P{i:03d}",
                title=f"Karya {i}",
            )
            for i in range(count)
        ],
    )


@builds(CompetitionEntry)
def competition_entries(count):
    return _entries(count, competition=_competition())


@builds(JudgeScore)
def judge_scores(count):
    competition = _competition()
    criterion = Criterion.objects.create(competition=competition, name="Kreativitas", weight=100)
    judge = factories.make_user()
    return _bulk(
        JudgeScore,
        [
            JudgeScore(entry=entry, criterion=criterion, judge=judge, score=80)
            for entry in _entries(count, competition=competition)
        ],
    )


@builds(Sale)
def sales(count):
    delegation = factories.make_delegation()
    product = factories.make_product(prison=delegation.prison)
    recorder = factories.make_user()
    return _bulk(
        Sale,
        [
            Sale(
                exhibition=delegation.exhibition,
                delegation=delegation,
                product=product,
                quantity=1 + i % 3,
                unit_price=product.price,
                sold_at=AWARE + datetime.timedelta(minutes=i),
                recorded_by=recorder,
                **sale_shares(exhibition=delegation.exhibition, quantity=1 + i % 3, unit_price=product.price),
            )
            for i in range(count)
        ],
    )


@builds(VisitorCount)
def visitor_counts(count):
    exhibition = factories.make_exhibition()
    return _bulk(
        VisitorCount,
        [
            VisitorCount(
                exhibition=exhibition, day=exhibition.start_date + datetime.timedelta(days=i), count=100 + i
            )
            for i in range(count)
        ],
    )


@builds(Inquiry)
def inquiries(count):
    product = factories.make_product()
    exhibition = factories.make_exhibition()
    return _bulk(
        Inquiry,
        [
            Inquiry(
                product=product,
                exhibition=exhibition,
                prison=product.prison,
                buyer_name=f"Pembeli {i}",
                email=f"pembeli{i}@example.test",
                message="Kami ingin memesan.",
            )
            for i in range(count)
        ],
    )


@builds(InquiryReply)
def inquiry_replies(count):
    inquiry = factories.make_inquiry(product=factories.make_product())
    return _bulk(
        InquiryReply,
        [InquiryReply(inquiry=inquiry, body=f"Balasan {i}: bisa, Bu.") for i in range(count)],
    )


# --- programs -------------------------------------------------------------------------------------


@builds(Agreement)
def agreements(count):
    t = _token()
    return _bulk(
        Agreement,
        [
            Agreement(
                number=f"PKS-M{t}-{i}/2018",
                title="Pembinaan kemandirian",
                first_party="Ditjen PAS",
                second_party="Ditjen IKM",
                signed_on=datetime.date(2018, 4, 3),
                valid_from=datetime.date(2018, 4, 3),
                valid_to=datetime.date(2023, 4, 2),
            )
            for i in range(count)
        ],
    )


@builds(Obligation)
def obligations(count):
    agreement = factories.make_agreement()
    return _bulk(
        Obligation,
        [
            Obligation(
                agreement=agreement,
                party="ikm",
                area=Obligation.Area.TRAINING,
                text=f"Menyelenggarakan pelatihan {i}",
                due_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i),
                position=i,
            )
            for i in range(count)
        ],
    )


@builds(Training)
def trainings(count):
    prison = factories.make_prison()
    workshop = factories.make_workshop(prison=prison)
    return _bulk(
        Training,
        [
            Training(
                title=f"Bimtek Batik {i}",
                skill_area="Batik tulis",
                prison=prison,
                workshop=workshop,
                starts_on=datetime.date(2018, 3, 1),
                ends_on=datetime.date(2018, 3, 5),
            )
            for i in range(count)
        ],
    )


@builds(TrainingParticipant)
def participants(count):
    training = factories.make_training()
    proposer = factories.make_user()
    return _bulk(
        TrainingParticipant,
        [
            TrainingParticipant(training=training, inmate=inmate, proposed_by=proposer)
            for inmate in inmates(count, prison=training.prison)
        ],
    )


@builds(Certificate)
def certificates(count):
    t = _token()
    issuer = factories.make_user()
    return _bulk(
        Certificate,
        [
            Certificate(
                participant=participant,
                number=f"SRT-{t}-{i}",
                issued_on=datetime.date(2018, 3, 6),
                issued_by=issuer,
            )
            for i, participant in enumerate(participants(count))
        ],
    )


_counter_years = itertools.cycle(range(2000, 2101))  # years a counter may have


@builds(CertificateCounter)
def certificate_counters(count):
    return _bulk(
        CertificateCounter, [CertificateCounter(year=next(_counter_years), last_number=7) for _ in range(count)]
    )


@builds(FollowUp)
def follow_ups(count):
    released = inmates(count)
    Inmate.objects.filter(pk__in=[i.pk for i in released]).update(
        status=Inmate.Status.RELEASED, release_date=datetime.date(2018, 1, 15)
    )
    recorder = factories.make_user()
    return _bulk(
        FollowUp,
        [
            FollowUp(
                inmate=inmate,
                months_after_release=6,
                recorded_on=datetime.date(2018, 7, 16),
                has_business=True,
                sector="Konveksi",
                business_name=f"Usaha Jahit {i}",
                employees=2,
                turnover_band=FollowUp.TurnoverBand.FROM_1M,
                recorded_by=recorder,
            )
            for i, inmate in enumerate(released)
        ],
    )


@builds(Aid)
def aid(count):
    prison = factories.make_prison()
    workshop = factories.make_workshop(prison=prison)
    return _bulk(
        Aid,
        [
            Aid(
                kind=Aid.Kind.EQUIPMENT,
                prison=prison,
                workshop=workshop,
                items=f"Mesin jahit {i}",
                quantity=2,
                value=5_000_000,
                given_on=datetime.date(2018, 5, 1),
            )
            for i in range(count)
        ],
    )


@builds(Evidence)
def evidence(count):
    obligation = factories.make_obligation()
    training = factories.make_training()
    aid_row = aid(1)[0]
    exhibition = factories.make_exhibition()
    recorder = factories.make_user()
    links = ({"training": training}, {"aid": aid_row}, {"exhibition": exhibition}, {"url": "https://example.test/"})
    return _bulk(
        Evidence,
        [
            Evidence(
                obligation=obligation,
                kind=Evidence.Kind.TRAINING,
                quantity=1 + i % 3,
                date=datetime.date(2018, 5, 1) + datetime.timedelta(days=i),
                description=f"Bukti {i}",
                recorded_by=recorder,
                **links[i % len(links)],
            )
            for i in range(count)
        ],
    )


@builds(TrainingAttendance)
def attendance(count):
    recorder = factories.make_user()
    rows = []
    for participant in participants(-(-count // 5)):
        participant.status = TrainingParticipant.Status.CONFIRMED
        participant.save(update_fields=["status"])
        training = participant.training
        for day in range(5):
            if len(rows) == count:
                break
            rows.append(
                TrainingAttendance(
                    participant=participant,
                    day=training.starts_on + datetime.timedelta(days=day),
                    present=day % 2 == 0,
                    recorded_by=recorder,
                )
            )
    return _bulk(TrainingAttendance, rows)


# --- auth -----------------------------------------------------------------------------------------


@builds(User)
def users(count):
    rows = _users(count)
    prison = factories.make_prison()
    _bulk(OfficerProfile, [OfficerProfile(user=user, prison=prison) for user in rows])
    return rows


@builds(Group)
def groups(count):
    t = _token()
    return _bulk(Group, [Group(name=f"Kelompok {t}-{i}") for i in range(count)])


# --- exhibitions: booths, stock, visitors' feedback -------------------------------------------


@builds(Booth)
def booths(count):
    t = _token()
    exhibition = factories.make_exhibition()
    holders = delegations(count, exhibition=exhibition, status=Delegation.Status.ACCEPTED)
    return _bulk(
        Booth,
        [
            Booth(exhibition=exhibition, code=f"B{t}-{i}"[:12], zone=f"Zona {i % 3}", size="3 x 3 m", delegation=d)
            for i, d in enumerate(holders)
        ],
    )


@builds(StockLine)
def stock_lines(count):
    delegation = factories.make_delegation(status=Delegation.Status.ACCEPTED)
    recorder = factories.make_user()
    return _bulk(
        StockLine,
        [
            StockLine(
                delegation=delegation,
                product=product,
                brought_in=10 + i,
                returned=None if i % 2 else 3,
                recorded_by=recorder,
                recorded_at=AWARE,
            )
            for i, product in enumerate(products(count, status=Product.Status.APPROVED, prison=delegation.prison, with_images=False))
        ],
    )


@builds(VisitorFeedback)
def visitor_feedback(count):
    exhibition = factories.make_exhibition()
    booth = Booth.objects.create(exhibition=exhibition, code=f"F{_token()}"[:12], zone="Zona A")
    product = factories.make_product()
    return _bulk(
        VisitorFeedback,
        [
            VisitorFeedback(
                exhibition=exhibition, booth=booth, product=product, rating=1 + i % 5, comment=f"Bagus sekali {i}"
            )
            for i in range(count)
        ],
    )


# --- axes: failed logins and the login log (config/admin.py) ----------------------------------


@builds(AccessAttempt)
def access_attempts(count):
    t = _token()
    return _bulk(
        AccessAttempt,
        [
            AccessAttempt(
                username=f"pengguna{t}-{i}", ip_address=f"203.0.113.{i % 250}", user_agent="Mozilla/5.0",
                http_accept="text/html", path_info="/masuk/", get_data="", post_data="username=x",
                failures_since_start=1 + i % 6, attempt_time=AWARE,
            )
            for i in range(count)
        ],
    )


@builds(AccessLog)
def access_logs(count):
    t = _token()
    return _bulk(
        AccessLog,
        [
            AccessLog(
                username=f"pengguna{t}-{i}", ip_address=f"198.51.100.{i % 250}", user_agent="Mozilla/5.0",
                http_accept="text/html", path_info="/admin/login/", attempt_time=AWARE,
            )
            for i in range(count)
        ],
    )
