"""Loading the demo data of programs/demo_data.py (``manage.py seed_demo``).

Guarantees: every row is found by a natural key (slug, number, username, a fixed date or an
idempotency key) and created only when missing; a row that exists is never changed or deleted,
so a second run writes nothing, and edits made while trying the demo survive a re-run. Images
are added only to approved products that have none. Demo accounts are created only when asked
(the command asks when DEBUG is on). Everything runs in one transaction.
"""

import datetime
import random
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from exhibitions.models import (
    Booth,
    Competition,
    CompetitionEntry,
    Criterion,
    Delegation,
    Exhibition,
    Inquiry,
    ProgrammeItem,
    Sale,
    StockLine,
    VisitorCount,
)
from exhibitions.money import sale_shares
from exhibitions.services import inquiry_reference_new
from inmates import roles
from inmates.models import Consent, Inmate, OfficerProfile, Prison, Region, Workshop
from products.models import Category, Product, ProductImage
from products.services import product_image_add
from programs import demo_data as data
from programs.demo_images import VARIANTS, DemoImages
from programs.models import (
    Agreement,
    Aid,
    Certificate,
    Evidence,
    FollowUp,
    Obligation,
    Training,
    TrainingAttendance,
    TrainingParticipant,
)
from programs.services import certificate_issue

SALE_KEY_NAMESPACE = uuid.UUID("5d1f2f0e-52a8-4b8e-9a56-2018e7a1a5e0")
PRISON_PROVINCE = {spec.slug: spec.province for spec in data.PRISONS}

# A Bimtek graduate of Tangerang released in 2018, so that the officers' follow-up page of the
# demo has someone to follow (her 12-month follow-up is left to do). Invented.
DEMO_RELEASES = {("lapas-perempuan-tangerang", "Lilis Suryati"): datetime.date(2018, 9, 17)}
# (prison, legal name, months after release, recorded on, has a business, sector, business name,
#  employees, monthly turnover band, notes). Invented; never shown on a public page.
DEMO_FOLLOW_UPS = (
    ("lapas-perempuan-tangerang", "Lilis Suryati", 3, datetime.date(2018, 12, 18), True, "Batik tulis",
     "Batik Lilis", 0, "lt1m", "Menerima pesanan kain batik dari tetangga dan pengajian."),
    ("lapas-perempuan-tangerang", "Lilis Suryati", 6, datetime.date(2019, 3, 20), True, "Batik tulis",
     "Batik Lilis", 1, "1-5m", "Mengajak satu tetangga membantu mencanting."),
    ("lapas-medan", "Robert Sinaga", 3, datetime.date(2019, 5, 20), True, "Mebel dan ukiran kayu",
     "Ukiran Sinaga", 1, "1-5m", ""),
    ("lapas-medan", "Robert Sinaga", 6, datetime.date(2019, 8, 19), True, "Mebel dan ukiran kayu",
     "Ukiran Sinaga", 2, "1-5m", "Mendapat pesanan lemari dari sekolah."),
    ("lapas-banjarmasin", "Arbain Noor", 3, datetime.date(2019, 2, 25), False, "", "", 0, "none",
     "Sedang mencari modal usaha."),
    ("lapas-banjarmasin", "Arbain Noor", 6, datetime.date(2019, 5, 22), True, "Makanan olahan ikan",
     "Amplang Arbain", 0, "lt1m", ""),
    ("lapas-banjarmasin", "Arbain Noor", 12, datetime.date(2019, 11, 25), True, "Makanan olahan ikan",
     "Amplang Arbain", 1, "1-5m", "Dititipkan di tiga warung dan satu toko oleh-oleh."),
)


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)  # model -> rows created
    images: int = 0
    seconds: float = 0.0
    accounts_created: bool = False

    @property
    def nothing_created(self) -> bool:
        return not self.created and not self.images


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str
    exists: bool


def demo_database_in_use() -> bool:
    """Whether the database already holds an exhibition (then ``--if-empty`` loads nothing)."""
    return Exhibition.objects.exists()


@transaction.atomic
def demo_seed(*, with_accounts: bool, now: datetime.datetime | None = None) -> SeedReport:
    """Create whatever demo rows are missing; see the module docstring for what is guaranteed.

    ``with_accounts``: also create one demo login per role (only ever with DEBUG on).
    ``now``: the moment the upcoming exhibition's dates are counted from, when it is created.
    """
    started = time.perf_counter()
    seeder = _Seeder(now=now or timezone.now())
    seeder.run(with_accounts=with_accounts)
    report = seeder.report
    report.seconds = time.perf_counter() - started
    return report


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, with whether each exists in this database."""
    User = get_user_model()
    existing = set(
        User.objects.filter(username__in=[a.username for a in data.demo_accounts()]).values_list(
            "username", flat=True
        )
    )
    prison_names = dict(Prison.objects.values_list("slug", "name"))
    logins = []
    for account in data.demo_accounts():
        if account.role == "superuser":
            role = "Superuser"
        elif account.prison:
            role = f"{account.role}, {prison_names.get(account.prison, account.prison)}"
        elif account.role == roles.JURY:
            role = f"{account.role}, {data.COMPETITION_2018['title']}"
        else:
            role = account.role
        logins.append(DemoLogin(account.username, role, account.where, account.username in existing))
    return logins


class _Seeder:
    def __init__(self, *, now: datetime.datetime):
        self.now = now
        self.report = SeedReport()
        self.categories: dict[str, Category] = {}
        self.regions: dict[str, Region] = {}
        self.prisons: dict[str, Prison] = {}
        self.workshops: dict[tuple[str, str], Workshop] = {}
        self.inmates: dict[str, list[tuple[data.InmateSpec, Inmate]]] = defaultdict(list)
        self.products: dict[tuple[str, str], Product] = {}
        self.delegations_2018: dict[str, Delegation] = {}  # by province
        self.obligations: dict[str, Obligation] = {}  # IKM obligations by area
        self.obligations_by_text: dict[str, Obligation] = {}
        self.competition: Competition | None = None

    def run(self, *, with_accounts: bool) -> None:
        self.seed_categories()
        self.seed_regions_and_prisons()
        self.seed_inmates()
        self.seed_products()
        self.seed_exhibition_2018()
        self.seed_agreement()
        self.seed_trainings_and_aid()
        self.seed_follow_ups()
        self.seed_upcoming_training()
        self.seed_exhibition_evidence()
        self.seed_upcoming_exhibition()
        if with_accounts:
            self.seed_accounts()
            self.report.accounts_created = True
        self.seed_images()

    # --- helpers
    def get_or_create(self, model: type[models.Model], lookup: dict, defaults: dict | None = None):
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults or {})
        if created:
            self.report.created[model] += 1
        return obj, created

    # --- inmates app
    def seed_categories(self) -> None:
        for position, (slug, name_id, name_en, description) in enumerate(data.CATEGORIES, start=1):
            self.categories[slug], _ = self.get_or_create(
                Category,
                {"slug": slug},
                {"name_id": name_id, "name_en": name_en, "description": description, "position": position},
            )

    def seed_regions_and_prisons(self) -> None:
        for province, code in data.REGIONS:
            self.regions[province], _ = self.get_or_create(
                Region,
                {"slug": slugify(province)},
                {"name": data.region_name(province), "province": province, "code": code},
            )
        for spec in data.PRISONS:
            prison, _ = self.get_or_create(
                Prison,
                {"slug": spec.slug},
                {
                    "name": spec.name,
                    "kind": spec.kind,
                    "klass": spec.klass,
                    "region": self.regions[spec.province],
                    "city": spec.city,
                    "public_description": spec.description,
                },
            )
            self.prisons[spec.slug] = prison
            for craft in spec.crafts:
                self.workshops[spec.slug, craft], _ = self.get_or_create(
                    Workshop,
                    {"prison": prison, "name": data.WORKSHOP_NAMES[craft]},
                    {"craft": craft, "description": data.WORKSHOP_DESCRIPTIONS[craft]},
                )

    def seed_inmates(self) -> None:
        for i, spec in enumerate(data.INMATES):
            year = 2015 + i % 3
            story = ""
            if spec.display_name:
                story = (
                    f"{data.STORY_OPENINGS[spec.craft].format(year=year)} "
                    f"{data.STORY_HOPES[i % len(data.STORY_HOPES)]}"
                )
            defaults = {
                "workshop": self.workshops[spec.prison, spec.craft],
                "legal_name": spec.legal_name,
                "gender": spec.gender,
                "birth_year": spec.birth_year,
                "skills": data.SKILLS[spec.craft],
                "display_name": spec.display_name,
                "public_story": story,
            }
            released_on = spec.released_on or DEMO_RELEASES.get((spec.prison, spec.legal_name))
            if released_on:
                defaults.update(status=Inmate.Status.RELEASED, release_date=released_on)
            inmate, created = self.get_or_create(
                Inmate,
                {
                    "prison": self.prisons[spec.prison],
                    "registration_number": f"B.I-{(i * 137) % 9000 + 100:04d}/{year}",
                },
                defaults,
            )
            if created:
                # Registered in Etalase as if in late 2017, when the programme's records began
                # (auto_now_add ignores defaults); the outcomes dashboard counts by this date.
                registered_at = data.wib(2017, 11, 1, 9) + datetime.timedelta(days=2 * i)
                Inmate.objects.filter(pk=inmate.pk).update(created_at=registered_at)
                Inmate.history.filter(id=inmate.pk).update(created_at=registered_at)
            self.inmates[spec.prison].append((spec, inmate))
            self.seed_consent(i, spec, inmate)

    def seed_consent(self, i: int, spec: data.InmateSpec, inmate: Inmate) -> None:
        given_on = data.wib(2017, 11, 6, 10) + datetime.timedelta(days=2 * i)
        full = spec.consent in ("full", "withdrawn")
        defaults = {
            "display_name_public": full and bool(spec.display_name),
            "story_public": full and bool(spec.display_name),
            "work_photos_public": True,
            "face_public": False,
            "notes": "Formulir persetujuan ditandatangani di hadapan petugas.",
        }
        if spec.consent == "withdrawn":
            defaults["withdrawn_on"] = data.wib(2018, 5, 14, 10) + datetime.timedelta(days=i)
            defaults["notes"] = "Dicabut atas permintaan warga binaan."
        self.get_or_create(Consent, {"inmate": inmate, "given_on": given_on}, defaults)

    # --- products app
    def seed_products(self) -> None:
        for i, spec in enumerate(data.PRODUCTS):
            prison = self.prisons[spec.prison]
            craft = spec.craft or data.CATEGORY_CRAFT[spec.category]
            workshop = self.workshops[spec.prison, craft]
            submitted_at = curated_at = None
            if spec.status != Product.Status.DRAFT:
                submitted_at = data.wib(2018, 2, 5 + i % 20, 10)
            if spec.status in (Product.Status.APPROVED, Product.Status.REJECTED):
                curated_at = data.wib(2018, 3, 5 + i % 20, 14)
            product, created = self.get_or_create(
                Product,
                {"slug": slugify(f"{spec.name} {spec.prison}")},
                {
                    "name": spec.name,
                    "description": spec.description,
                    "category": self.categories[spec.category],
                    "price": spec.price,
                    "materials": spec.materials,
                    "size": spec.size,
                    "weight_grams": spec.weight_grams,
                    "monthly_capacity": spec.monthly_capacity,
                    "prison": prison,
                    "workshop": workshop,
                    "status": spec.status,
                    "status_reason": spec.reason,
                    "is_featured": spec.featured,
                    "submitted_at": submitted_at,
                    "curated_at": curated_at,
                },
            )
            if created:
                # Dated as if entered in early 2018, before the fair (auto_now_add ignores defaults).
                created_at = submitted_at or data.wib(2018, 3, 1, 9)
                Product.objects.filter(pk=product.pk).update(created_at=created_at)
                Product.history.filter(id=product.pk).update(created_at=created_at)
                makers = [inmate for s, inmate in self.inmates[spec.prison] if s.craft == craft]
                if makers:
                    start = i % len(makers)
                    product.makers.set((makers[start:] + makers[:start])[:2])
            self.products[spec.prison, spec.name] = product

    def seed_images(self) -> None:
        seeded_ids = [p.pk for p in self.products.values()]
        with_images = set(
            ProductImage.objects.filter(product_id__in=seeded_ids).values_list("product_id", flat=True)
        )
        wanting = (
            # Every product that went to curation had photos (product_submit asks for one): the
            # queue's products too, or a new user trying the demo could approve none of them.
            Product.objects.filter(pk__in=seeded_ids)
            .exclude(status=Product.Status.DRAFT)
            .exclude(pk__in=with_images)
            .select_related("category")
            .order_by("slug")
        )
        images = DemoImages()
        per_category: Counter = Counter()
        for product in wanting:
            slug = product.category.slug
            n = per_category[slug]
            per_category[slug] += 1
            count = 3 if product.is_featured else (2 if n % 6 == 5 else 1)
            for k in range(count):
                product_image_add(
                    product=product,
                    file=images.file(slug, (n + k) % VARIANTS),
                    alt_text=f"{product.name}: ilustrasi motif {product.category.name_id.lower()}",
                    position=k,
                    user=None,
                )
                self.report.images += 1

    def approved_specs(self, prison_slugs) -> list[data.ProductSpec]:
        return [
            s for s in data.PRODUCTS if s.prison in prison_slugs and s.status == Product.Status.APPROVED
        ]

    # --- exhibitions app
    def seed_exhibition_2018(self) -> None:
        values = dict(data.EXHIBITION_2018)
        exhibition, _ = self.get_or_create(Exhibition, {"slug": values.pop("slug")}, values)
        for kind, title, starts_at, ends_at, place, host, host_prison, description in data.PROGRAMME_2018:
            self.get_or_create(
                ProgrammeItem,
                {"exhibition": exhibition, "title": title, "starts_at": starts_at},
                {
                    "kind": kind,
                    "ends_at": ends_at,
                    "place": place,
                    "host": host,
                    "host_prison": self.prisons.get(host_prison),
                    "description": description,
                },
            )
        self.seed_delegations_2018(exhibition)
        self.seed_competition_2018(exhibition)
        self.seed_sales_2018(exhibition)
        self.seed_stock_2018(exhibition)
        for day, count in data.VISITORS_2018:
            self.get_or_create(VisitorCount, {"exhibition": exhibition, "day": day}, {"count": count})
        self.seed_inquiries(exhibition)

    def delegation_prisons(self, province: str) -> list[str]:
        """The prisons whose products a 2018 delegation of ``province`` shows."""
        own = [s for s in data.DELEGATION_PRISONS_2018 if PRISON_PROVINCE[s] == province]
        if own:
            return own
        return [s.slug for s in data.PRISONS if s.province == province]

    def seed_delegations_2018(self, exhibition: Exhibition) -> None:
        prison_by_province = {
            PRISON_PROVINCE[slug]: self.prisons[slug] for slug in data.DELEGATION_PRISONS_2018
        }
        for i, (province, _code) in enumerate(data.REGIONS):
            region = self.regions[province]
            prison = prison_by_province.get(province)
            lookup = {"exhibition": exhibition, "region": region, "prison": prison}
            delegation, created = self.get_or_create(
                Delegation,
                lookup,
                {
                    "name": prison.name if prison else data.kanwil_short_name(province),
                    "status": Delegation.Status.ACCEPTED,
                    "applied_at": data.wib(2018, 2, 5, 9) + datetime.timedelta(days=i % 30),
                    "decided_at": data.wib(2018, 3, 20, 10),
                },
            )
            if created:
                specs = self.approved_specs(self.delegation_prisons(province))
                delegation.products.set([self.products[s.prison, s.name] for s in specs])
            # Three zones of eleven booths (A-01 .. C-11), one per delegation.
            zone = "ABC"[i // 11]
            self.get_or_create(
                Booth,
                {"exhibition": exhibition, "code": f"{zone}-{i % 11 + 1:02d}"},
                {"zone": f"Zona {zone}", "size": "3 x 3 m", "delegation": delegation},
            )
            self.delegations_2018[province] = delegation

    def seed_stock_2018(self, exhibition: Exhibition) -> None:
        """What each delegation brought of each product it showed and took back: it adds up
        (brought in = sold + returned) except for two lines, so the stock page has something to
        show and the exhibition cannot be closed before staff correct them."""
        from django.db.models import Case, F, Sum, When

        sold = {
            (row["delegation_id"], row["product_id"]): row["n"]
            for row in Sale.objects.filter(exhibition=exhibition)
            .values("delegation_id", "product_id")
            .annotate(n=Sum(Case(When(reverses__isnull=True, then=F("quantity")), default=-F("quantity"))))
        }
        rng = random.Random(2018_04)
        lines = 0
        for province, _code in data.REGIONS:
            delegation = self.delegations_2018[province]
            for product in delegation.products.order_by("name", "pk"):
                quantity = sold.get((delegation.pk, product.pk), 0)
                brought_in = quantity + rng.randint(2, 8)
                returned = brought_in - quantity
                lines += 1
                if lines == 7:
                    returned = None  # not counted yet
                elif lines == 19:
                    returned -= 1  # one item unaccounted for
                self.get_or_create(
                    StockLine,
                    {"delegation": delegation, "product": product},
                    {"brought_in": brought_in, "returned": returned, "recorded_at": data.wib(2018, 4, 6, 17)},
                )

    def delegation_for_prison(self, prison_slug: str) -> Delegation:
        return self.delegations_2018[PRISON_PROVINCE[prison_slug]]

    def seed_competition_2018(self, exhibition: Exhibition) -> None:
        values = dict(data.COMPETITION_2018)
        self.competition, _ = self.get_or_create(
            Competition, {"exhibition": exhibition, "title": values.pop("title")}, values
        )
        for position, (name, weight) in enumerate(data.CRITERIA_2018, start=1):
            self.get_or_create(
                Criterion,
                {"competition": self.competition, "name": name},
                {"weight": weight, "position": position},
            )
        for code, product_name, prison_slug in data.ENTRIES_2018:
            self.get_or_create(
                CompetitionEntry,
                {"competition": self.competition, "entry_code": code},
                {
                    "delegation": self.delegation_for_prison(prison_slug),
                    "product": self.products[prison_slug, product_name],
                    "title": product_name,
                },
            )

    def seed_sales_2018(self, exhibition: Exhibition) -> None:
        # Drawn from the data alone (fixed seed), so every run computes the same sales.
        rng = random.Random(2018)
        stands = []
        for province, _code in data.REGIONS:
            specs = self.approved_specs(self.delegation_prisons(province))
            if specs:
                stands.append((province, specs))
        # At the delegation's booth, as the booth's till records them (one booth each).
        booths = {booth.delegation_id: booth for booth in Booth.objects.filter(exhibition=exhibition)}
        for i in range(data.SALES_2018):
            province, specs = rng.choice(stands)
            spec = rng.choice(specs)
            if spec.category == "makanan-olahan":
                quantity = rng.randint(2, 6)
            elif spec.price < 100_000:
                quantity = rng.randint(1, 4)
            else:
                quantity = 1
            sold_at = data.wib(2018, 4, rng.randint(3, 6), rng.randint(9, 16), rng.randrange(0, 60, 5))
            method = rng.choice(data.SALE_PAYMENT_METHODS_2018)
            if spec.price >= 1_000_000:
                method = rng.choice(("transfer", "card"))
            self.get_or_create(
                Sale,
                {"idempotency_key": uuid.uuid5(SALE_KEY_NAMESPACE, f"sale-2018-{i}")},
                {
                    "exhibition": exhibition,
                    "delegation": self.delegations_2018[province],
                    "booth": booths.get(self.delegations_2018[province].pk),
                    "product": self.products[spec.prison, spec.name],
                    "quantity": quantity,
                    "unit_price": spec.price,
                    "payment_method": method,
                    "sold_at": sold_at,
                    **sale_shares(exhibition=exhibition, quantity=quantity, unit_price=spec.price),
                },
            )

    def seed_inquiries(self, exhibition: Exhibition) -> None:
        for i, row in enumerate(data.INQUIRIES_2018):
            buyer, organisation, email, phone, quantity, product_name, prison_slug, message, status = row
            sent_at = data.wib(2018, 4, 4 + i % 3, 11, 15 * i)
            inquiry, created = self.get_or_create(
                Inquiry,
                {"buyer_name": buyer, "organisation": organisation, "exhibition": exhibition},
                {
                    "product": self.products.get((prison_slug, product_name)),
                    "prison": self.prisons.get(prison_slug),
                    "email": email,
                    "phone": phone,
                    "quantity": quantity,
                    "message": message,
                    "status": status,
                    "reference": inquiry_reference_new(),
                    "answered_at": (
                        sent_at + datetime.timedelta(days=2) if status != Inquiry.Status.NEW else None
                    ),
                },
            )
            if created:
                Inquiry.objects.filter(pk=inquiry.pk).update(created_at=sent_at)

    # --- programs app
    def seed_agreement(self) -> None:
        values = dict(data.AGREEMENT)
        agreement, _ = self.get_or_create(Agreement, {"number": values.pop("number")}, values)
        positions: Counter = Counter()
        for party, area, text, due_date in data.OBLIGATIONS:
            positions[party] += 1
            target, unit = data.OBLIGATION_TARGETS.get(text, (1, ""))
            obligation, _ = self.get_or_create(
                Obligation,
                {"agreement": agreement, "party": party, "area": area, "text": text},
                {"due_date": due_date, "position": positions[party], "target_quantity": target, "unit": unit},
            )
            if party == "ikm":
                self.obligations[area] = obligation
            self.obligations_by_text[text] = obligation

    def obligation(self, party: str, key: str) -> Obligation:
        """An obligation by area (the ministry's, one per area) or by its text."""
        if party == "ikm" and key in self.obligations:
            return self.obligations[key]
        return self.obligations_by_text[key]

    def seed_evidence(self, obligation: Obligation, kind: str, description: str, defaults: dict) -> None:
        # Found again by obligation, kind and description: a second run adds nothing.
        self.get_or_create(
            Evidence, {"obligation": obligation, "kind": kind, "description": description[:255]}, defaults
        )

    def seed_trainings_and_aid(self) -> None:
        for spec in data.TRAININGS:
            prison = self.prisons[spec["prison"]]
            training, created = self.get_or_create(
                Training,
                {"title": spec["title"], "prison": prison, "starts_on": spec["starts_on"]},
                {
                    "skill_area": spec["skill_area"],
                    "workshop": self.workshops[spec["prison"], spec["craft"]],
                    "ends_on": spec["ends_on"],
                    "hours": spec["hours"],
                    "instructors": spec["instructors"],
                    "materials": spec["materials"],
                    "participant_kit": spec["participant_kit"],
                    "capacity": spec["capacity"],
                    "status": Training.Status.FINISHED,
                },
            )
            residents = self.inmates[spec["prison"]]
            # Those of the training's craft first, then the others of that prison.
            ordered = [m for s, m in residents if s.craft == spec["craft"]]
            ordered += [m for s, m in residents if s.craft != spec["craft"]]
            for inmate, score in zip(ordered, spec["scores"], strict=False):
                passed = score >= 60
                participant, _ = self.get_or_create(
                    TrainingParticipant,
                    {"training": training, "inmate": inmate},
                    {
                        "status": TrainingParticipant.Status.CONFIRMED,
                        "days_attended": 5 if passed else 3,
                        "passed": passed,
                        "score": score,
                    },
                )
                # The attendance grid behind ``days_attended``: present from the first day on.
                for offset in range((training.ends_on - training.starts_on).days + 1):
                    self.get_or_create(
                        TrainingAttendance,
                        {"participant": participant, "day": training.starts_on + datetime.timedelta(days=offset)},
                        {"present": offset < participant.days_attended},
                    )
                if passed and not Certificate.objects.filter(participant=participant).exists():
                    # Numbered from the year's counter, like every certificate issued later.
                    certificate_issue(participant=participant, user=None, issued_on=spec["ends_on"])
                    self.report.created[Certificate] += 1
            certificates = Certificate.objects.filter(participant__training=training).count()
            for party, key, kind in data.TRAINING_EVIDENCE:
                quantity = certificates if kind == Evidence.Kind.CERTIFICATES else 1
                self.seed_evidence(
                    self.obligation(party, key),
                    kind,
                    training.title,
                    {"quantity": max(quantity, 1), "date": training.ends_on, "training": training},
                )
        for prison_slug, kind, craft, items, quantity, value, given_on, areas in data.AID:
            aid, created = self.get_or_create(
                Aid,
                {"prison": self.prisons[prison_slug], "kind": kind, "given_on": given_on},
                {
                    "workshop": self.workshops.get((prison_slug, craft)),
                    "items": items,
                    "quantity": quantity,
                    "value": value,
                },
            )
            for area in areas:
                self.seed_evidence(
                    self.obligations[area],
                    Evidence.Kind.AID,
                    items,
                    {"quantity": 1, "date": given_on, "aid": aid},
                )

    def seed_follow_ups(self) -> None:
        by_name = {
            (spec.prison, spec.legal_name): inmate
            for specs in self.inmates.values()
            for spec, inmate in specs
        }
        for prison_slug, legal_name, months, recorded_on, business, sector, name, employees, band, note in (
            DEMO_FOLLOW_UPS
        ):
            self.get_or_create(
                FollowUp,
                {"inmate": by_name[prison_slug, legal_name], "months_after_release": months},
                {
                    "recorded_on": recorded_on,
                    "has_business": business,
                    "sector": sector,
                    "business_name": name,
                    "employees": employees,
                    "turnover_band": band,
                    "notes": note,
                },
            )

    def seed_upcoming_training(self) -> None:
        spec = data.UPCOMING_TRAINING
        prison = self.prisons[spec["prison"]]
        starts_on = timezone.localdate(self.now) + datetime.timedelta(days=spec["starts_in_days"])
        # Found by title and prison: its dates count from the day of the first load.
        training, _ = self.get_or_create(
            Training,
            {"title": spec["title"], "prison": prison},
            {
                "skill_area": spec["skill_area"],
                "workshop": self.workshops[spec["prison"], spec["craft"]],
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=spec["days"] - 1),
                "hours": spec["hours"],
                "instructors": spec["instructors"],
                "materials": spec["materials"],
                "participant_kit": spec["participant_kit"],
                "capacity": spec["capacity"],
                "status": Training.Status.PLANNED,
            },
        )
        residents = [
            inmate
            for s, inmate in self.inmates[spec["prison"]]
            if inmate.status == Inmate.Status.ACTIVE and s.consent != "withdrawn"
        ]
        residents.sort(key=lambda inmate: inmate.workshop.craft != spec["craft"])
        wanted = [TrainingParticipant.Status.CONFIRMED] * spec["confirmed"]
        wanted += [TrainingParticipant.Status.PROPOSED] * spec["proposed"]
        proposed_at = self.now - datetime.timedelta(days=2)
        for inmate, status in zip(residents, wanted, strict=False):
            confirmed = status == TrainingParticipant.Status.CONFIRMED
            self.get_or_create(
                TrainingParticipant,
                {"training": training, "inmate": inmate},
                {
                    "status": status,
                    "confirmed_at": proposed_at + datetime.timedelta(days=1) if confirmed else None,
                    "status_changed_at": proposed_at + datetime.timedelta(days=1) if confirmed else None,
                },
            )

    def seed_exhibition_evidence(self) -> None:
        exhibition = Exhibition.objects.get(slug=data.EXHIBITION_2018["slug"])
        for key, kind, quantity, date, description, url in data.EXHIBITION_EVIDENCE_2018:
            party = "ikm" if key in self.obligations else "pas"
            self.seed_evidence(
                self.obligation(party, key),
                kind,
                description,
                {"quantity": quantity, "date": date, "exhibition": exhibition, "url": url},
            )
        for key, kind, quantity, date, description, url in data.PROMOTION_EVIDENCE_2018:
            self.seed_evidence(
                self.obligation("ikm", key), kind, description, {"quantity": quantity, "date": date, "url": url}
            )

    def seed_upcoming_exhibition(self) -> None:
        values = dict(data.UPCOMING)
        today = timezone.localdate(self.now)
        start = today + datetime.timedelta(days=data.UPCOMING_STARTS_IN_DAYS)
        # Dates count from the day of the first load; a later run leaves them as they are.
        values.update(
            start_date=start,
            end_date=start + datetime.timedelta(days=data.UPCOMING_DAYS - 1),
            # Office hours, as staff would set them (not the minute and second of the first load).
            registration_opens=timezone.make_aware(
                datetime.datetime.combine(
                    today - datetime.timedelta(days=data.UPCOMING_REGISTRATION_OPENED_DAYS_AGO), datetime.time(8, 0)
                )
            ),
            registration_closes=timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=data.UPCOMING_REGISTRATION_CLOSES_IN_DAYS), datetime.time(17, 0)
                )
            ),
        )
        exhibition, _ = self.get_or_create(Exhibition, {"slug": values.pop("slug")}, values)
        zone = exhibition.tzinfo
        for kind, title, day, begins, ends, place, host, host_prison, description in data.PROGRAMME_UPCOMING:
            date = exhibition.start_date + datetime.timedelta(days=day)
            self.get_or_create(
                ProgrammeItem,
                {"exhibition": exhibition, "title": title},
                {
                    "kind": kind,
                    "starts_at": datetime.datetime.combine(date, begins, tzinfo=zone),
                    "ends_at": datetime.datetime.combine(date, ends, tzinfo=zone),
                    "place": place,
                    "host": host,
                    "host_prison": self.prisons.get(host_prison),
                    "description": description,
                },
            )
        for prison_slug, province, status, booth in data.UPCOMING_DELEGATIONS:
            prison = self.prisons.get(prison_slug)
            delegation, created = self.get_or_create(
                Delegation,
                {"exhibition": exhibition, "region": self.regions[province], "prison": prison},
                {
                    "name": prison.name if prison else data.kanwil_short_name(province),
                    "status": status,
                    "applied_at": self.now - datetime.timedelta(days=3),
                    "decided_at": self.now - datetime.timedelta(days=1) if status == "accepted" else None,
                },
            )
            if booth:
                self.get_or_create(
                    Booth,
                    {"exhibition": exhibition, "code": booth},
                    {"zone": f"Zona {booth.split('-')[0]}", "size": "3 x 3 m", "delegation": delegation},
                )
            if created:
                if prison:
                    prisons = [prison_slug]
                else:
                    prisons = [s.slug for s in data.PRISONS if s.province == province]
                specs = self.approved_specs(prisons)[:4]
                delegation.products.set([self.products[s.prison, s.name] for s in specs])

    # --- accounts (DEBUG only)
    def seed_accounts(self) -> None:
        User = get_user_model()
        for account in data.demo_accounts():
            user = User.objects.filter(username=account.username).first()
            if user is None:
                user = User(
                    username=account.username,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    email=f"{account.username}@etalase.example",
                    is_staff=account.role in ("superuser", roles.MINISTRY_STAFF, roles.CORRECTIONS_STAFF),
                    is_superuser=account.role == "superuser",
                )
                # Set once: re-hashing on every run would rewrite the row for nothing.
                user.set_password(data.DEMO_PASSWORD)
                user.save()
                self.report.created[User] += 1
                if account.role != "superuser":
                    user.groups.add(Group.objects.get(name=account.role))
            if account.prison:
                self.get_or_create(
                    OfficerProfile,
                    {"user": user},
                    {"prison": self.prisons[account.prison], "position": account.position},
                )
            if account.role == roles.JURY and self.competition is not None:
                self.competition.jurors.add(user)
                # The demo juror scores every entry of the hotel souvenir competition.
                for entry in self.competition.entries.all():
                    entry.assigned_jurors.add(user)
