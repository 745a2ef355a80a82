"""Plain factory functions for tests: each makes one valid object, with keyword overrides."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from exhibitions.models import Delegation, Exhibition, Inquiry, ProgrammeItem, Sale
from exhibitions.money import sale_shares
from inmates import roles
from inmates.models import Consent, Inmate, OfficerProfile, Prison, Region, Workshop
from products.models import Category, Product, ProductImage
from programs.models import Agreement, Obligation, Training, TrainingParticipant

_seq = itertools.count(1)


def n() -> int:
    return next(_seq)


def make_user(*, role: str | None = None, password: str = "s3cret-pass-Etalase", **kwargs):
    User = get_user_model()
    i = n()
    kwargs.setdefault("username", f"user{i}")
    kwargs.setdefault("email", f"user{i}@example.test")
    if role in (roles.MINISTRY_STAFF, roles.CORRECTIONS_STAFF):
        kwargs.setdefault("is_staff", True)
    user = User.objects.create_user(password=password, **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_region(**kwargs) -> Region:
    i = n()
    kwargs.setdefault("name", f"Kanwil Provinsi {i}")
    kwargs.setdefault("province", f"Provinsi {i}")
    kwargs.setdefault("slug", f"provinsi-{i}")
    return Region.objects.create(**kwargs)


def make_prison(**kwargs) -> Prison:
    i = n()
    if "region" not in kwargs:
        kwargs["region"] = make_region()
    kwargs.setdefault("name", f"Lapas Kelas IIA Kota {i}")
    kwargs.setdefault("slug", f"lapas-kota-{i}")
    kwargs.setdefault("kind", Prison.Kind.LAPAS)
    kwargs.setdefault("klass", Prison.Klass.IIA)
    kwargs.setdefault("city", f"Kota {i}")
    return Prison.objects.create(**kwargs)


def make_workshop(**kwargs) -> Workshop:
    if "prison" not in kwargs:
        kwargs["prison"] = make_prison()
    kwargs.setdefault("name", f"Bengkel {n()}")
    kwargs.setdefault("craft", Workshop.Craft.BATIK)
    return Workshop.objects.create(**kwargs)


def make_officer(*, prison: Prison | None = None, **kwargs):
    user = make_user(role=roles.PRISON_OFFICER, **kwargs)
    OfficerProfile.objects.create(user=user, prison=prison or make_prison())
    return user


def make_inmate(**kwargs) -> Inmate:
    i = n()
    if "prison" not in kwargs:
        kwargs["prison"] = make_prison()
    kwargs.setdefault("legal_name", f"Nama Asli {i}")
    kwargs.setdefault("registration_number", f"B.I-{i:05d}/2018")
    kwargs.setdefault("gender", Inmate.Gender.MALE)
    kwargs.setdefault("birth_year", 1990)
    kwargs.setdefault("display_name", f"Pengrajin {i}")
    kwargs.setdefault("public_story", f"Kisah pengrajin {i}.")
    return Inmate.objects.create(**kwargs)


def make_consent(*, inmate: Inmate | None = None, **kwargs) -> Consent:
    kwargs.setdefault("display_name_public", True)
    kwargs.setdefault("story_public", True)
    kwargs.setdefault("work_photos_public", True)
    return Consent.objects.create(inmate=inmate or make_inmate(), **kwargs)


def make_category(**kwargs) -> Category:
    i = n()
    kwargs.setdefault("slug", f"kategori-{i}")
    kwargs.setdefault("name_id", f"Kategori {i}")
    kwargs.setdefault("name_en", f"Category {i}")
    return Category.objects.create(**kwargs)


def make_product(**kwargs) -> Product:
    i = n()
    if "prison" not in kwargs:
        kwargs["prison"] = make_prison()
    if "category" not in kwargs:
        kwargs["category"] = make_category()
    kwargs.setdefault("name", f"Produk {i}")
    kwargs.setdefault("slug", f"produk-{i}")
    kwargs.setdefault("price", 150000)
    kwargs.setdefault("status", Product.Status.APPROVED)
    return Product.objects.create(**kwargs)


def make_exhibition(**kwargs) -> Exhibition:
    i = n()
    kwargs.setdefault("title", f"Pameran {i}")
    kwargs.setdefault("slug", f"pameran-uji-{i}")  # never a year: fixtures use "pameran-2018"
    kwargs.setdefault("venue", "Plasa Industri")
    kwargs.setdefault("city", "Jakarta")
    kwargs.setdefault("start_date", datetime.date(2018, 4, 3))
    kwargs.setdefault("end_date", datetime.date(2018, 4, 6))
    kwargs.setdefault("is_published", True)
    return Exhibition.objects.create(**kwargs)


def make_delegation(**kwargs) -> Delegation:
    if "exhibition" not in kwargs:
        kwargs["exhibition"] = make_exhibition()
    if "prison" not in kwargs:
        kwargs["prison"] = make_prison()
    if "region" not in kwargs:
        kwargs["region"] = kwargs["prison"].region if kwargs["prison"] else make_region()
    kwargs.setdefault("name", f"Delegasi {n()}")
    return Delegation.objects.create(**kwargs)


def make_programme_item(**kwargs) -> ProgrammeItem:
    if "exhibition" not in kwargs:
        kwargs["exhibition"] = make_exhibition()
    start = kwargs.pop("starts_at", timezone.make_aware(datetime.datetime(2018, 4, 3, 10, 0)))
    kwargs.setdefault("ends_at", start + datetime.timedelta(hours=1))
    kwargs.setdefault("kind", ProgrammeItem.Kind.DEMO)
    kwargs.setdefault("title", f"Acara {n()}")
    return ProgrammeItem.objects.create(starts_at=start, **kwargs)


def make_sale(**kwargs) -> Sale:
    if "delegation" not in kwargs:
        kwargs["delegation"] = make_delegation()
    kwargs.setdefault("exhibition", kwargs["delegation"].exhibition)
    if "product" not in kwargs:
        kwargs["product"] = make_product(prison=kwargs["delegation"].prison or make_prison())
    kwargs.setdefault("quantity", 1)
    kwargs.setdefault("unit_price", kwargs["product"].price)
    for field, value in sale_shares(
        exhibition=kwargs["exhibition"], quantity=kwargs["quantity"], unit_price=kwargs["unit_price"]
    ).items():
        kwargs.setdefault(field, value)
    return Sale.objects.create(**kwargs)


def make_inquiry(**kwargs) -> Inquiry:
    kwargs.setdefault("buyer_name", "Ibu Pembeli")
    kwargs.setdefault("email", "pembeli@example.test")
    kwargs.setdefault("message", "Kami tertarik memesan 50 buah.")
    return Inquiry.objects.create(**kwargs)


def make_agreement(**kwargs) -> Agreement:
    i = n()
    kwargs.setdefault("number", f"PKS-{i}/2018")
    kwargs.setdefault("title", "Peningkatan pembinaan dan bimbingan kemandirian WBP")
    kwargs.setdefault("first_party", "Direktorat Jenderal Pemasyarakatan")
    kwargs.setdefault("second_party", "Direktorat Jenderal Industri Kecil dan Menengah")
    kwargs.setdefault("signed_on", datetime.date(2018, 4, 3))
    kwargs.setdefault("valid_from", datetime.date(2018, 4, 3))
    kwargs.setdefault("valid_to", datetime.date(2023, 4, 2))
    return Agreement.objects.create(**kwargs)


def make_obligation(**kwargs) -> Obligation:
    if "agreement" not in kwargs:
        kwargs["agreement"] = make_agreement()
    kwargs.setdefault("party", "ikm")
    kwargs.setdefault("area", Obligation.Area.TRAINING)
    kwargs.setdefault("text", "Menentukan jenis kegiatan pelatihan")
    return Obligation.objects.create(**kwargs)


def make_training(**kwargs) -> Training:
    if "prison" not in kwargs:
        kwargs["prison"] = make_prison()
    kwargs.setdefault("title", f"Bimtek Batik {n()}")
    kwargs.setdefault("skill_area", "Batik tulis")
    kwargs.setdefault("starts_on", datetime.date(2018, 3, 1))
    kwargs.setdefault("ends_on", datetime.date(2018, 3, 5))
    return Training.objects.create(**kwargs)


def make_participant(**kwargs) -> TrainingParticipant:
    if "training" not in kwargs:
        kwargs["training"] = make_training()
    if "inmate" not in kwargs:
        kwargs["inmate"] = make_inmate(prison=kwargs["training"].prison)
    return TrainingParticipant.objects.create(**kwargs)


def image_bytes(*, size=(64, 48), color=(40, 60, 140), fmt="JPEG", exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(buffer, format=fmt, exif=exif)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def photo_with_gps(*, camera: str = "KameraPetugas", size=(800, 600)) -> bytes:
    """A JPEG with EXIF naming the camera and a GPS position (Jakarta), as a phone writes it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = camera
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 12.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 52.0, 10.0)
    return image_bytes(size=size, exif=exif.tobytes())


def uploaded_image(*, name="foto.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def make_photo(product: Product, **kwargs) -> ProductImage:
    """A photo of ``product`` (a small JPEG in the test's media folder)."""
    from django.core.files.base import ContentFile

    kwargs.setdefault("image", ContentFile(image_bytes(), name=f"foto-{n()}.jpg"))
    kwargs.setdefault("alt_text", product.name)
    return ProductImage.objects.create(product=product, **kwargs)
