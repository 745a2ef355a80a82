"""Forms of the public catalogue: the catalogue's filters (GET) and the buyer inquiry (POST)."""


import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config import fragments
from config.validators import NAME_VALIDATORS, LengthAtMost, clean_phone_number
from exhibitions.models import Exhibition
from exhibitions.selectors import CATALOGUE_SORTS, CatalogueFilters
from inmates.form_fields import WholeNumberField
from inmates.models import Prison, Region
from products.forms import PriceField
from products.models import Category

MAX_QUERY_LENGTH = 100
MAX_PRICE = 10**12



# Words a buyer writes after a count of pieces ("50 lembar", "1.000 pcs"): the number is the
# quantity. Another unit ("50 lusin", "20 kodi", "5 meter") would change the count: it is refused.
COUNTING_UNITS = frozenset(
    {
        "buah", "bh", "biji", "lembar", "lbr", "helai", "potong", "pasang", "set", "unit", "pcs", "pc",
        "piece", "pieces", "item", "items", "pair", "pairs", "ekor", "botol", "bungkus", "pak", "pack",
        "packs", "toples", "kotak", "box", "boxes",
    }
)  # fmt: skip
_COUNT_WITH_UNIT = re.compile(r"\s*([\d.\s]*\d)\s*([^\W\d_]+)\.?\s*")


class QuantityField(WholeNumberField):
    """A count of pieces, also with its unit: "50", "1.000", "50 lembar", "1.000 pcs"."""

    def to_python(self, value):
        if isinstance(value, str):
            typed = _COUNT_WITH_UNIT.fullmatch(value)
            if typed:
                if typed.group(2).casefold() not in COUNTING_UNITS:
                    raise ValidationError(self.error_messages["unit"], code="unit")
                value = typed.group(1)
        return super().to_python(value)


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that runs one query only when a value is given (choices are never listed:
    the catalogue shows its own options with counts)."""

    def __init__(self, queryset, *, name: str, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)
        self.name = name

    def to_python(self, value):
        # The object a slug names is kept under the public content version (config/fragments.py):
        # a filtered catalogue page is otherwise answered without a query.
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not value.isascii() or len(value) > 200:
            return super().to_python(value)  # refused there, with the usual message
        return fragments.remember(
            "catalogue-slug", (self.name, value), lambda: super(SlugChoiceField, self).to_python(value)
        )


_PRICE_SHORTHAND = re.compile(r"(?:rp\.?|idr)?\s*(\d+(?:[.,]\d{1,3})?)\s*(rb|ribu|k|jt|juta)\.?", re.IGNORECASE)
_SHORTHAND_TIMES = {"rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000}


class CataloguePriceField(PriceField):
    """A price as a visitor types one into a filter: as every form reads rupiah, and also "50rb",
    "50 ribu", "100k", "1,5 juta", "1,5jt" or "IDR 100000" (found by a visitor probe: each was
    "tidak terbaca")."""

    def to_python(self, value):
        if isinstance(value, str):
            text = re.sub(r"^\s*idr\s*", "", value, flags=re.IGNORECASE)
            shorthand = _PRICE_SHORTHAND.fullmatch(text.strip())
            if shorthand:
                amount = Decimal(shorthand.group(1).replace(",", ".")) * _SHORTHAND_TIMES[shorthand.group(2).lower()]
                if amount == amount.to_integral_value():
                    return int(amount)
            value = text
        return super().to_python(value)


class CatalogueFilterForm(forms.Form):
    """The catalogue's GET parameters. Never shown as a form: it only checks them. A bad value
    (unknown slug, not a number) is dropped, the others are kept."""

    q = forms.CharField(required=False, strip=True)
    category = SlugChoiceField(Category.objects.all(), name="category")
    region = SlugChoiceField(Region.objects.all(), name="region")
    prison = SlugChoiceField(Prison.objects.all(), name="prison")
    exhibition = SlugChoiceField(Exhibition.objects.published(), name="exhibition")
    # Read as every form reads rupiah ("150.000", "Rp 150.000,-", "150.000,00"); its own reader
    # dropped every non-digit, so "150.000,00" was Rp 15.000.000 and "1,5" Rp 15.
    min_price = CataloguePriceField(required=False, min_value=0, max_value=MAX_PRICE)
    max_price = CataloguePriceField(required=False, min_value=0, max_value=MAX_PRICE)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in CATALOGUE_SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH].strip()

    def filters(self) -> CatalogueFilters:
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            low, high = high, low
        return CatalogueFilters(
            q=data.get("q") or "",
            category=data.get("category"),
            region=data.get("region"),
            prison=data.get("prison"),
            exhibition=data.get("exhibition"),
            min_price=low,
            max_price=high,
            sort=data.get("sort") or "",
        )

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def price_errors(self) -> dict[str, dict]:
        """The price boxes that held something not read as rupiah ("1,5 juta", "-5"): per field
        what was typed and why it was not used. Said on the page, not dropped without a word (found
        by a visitor's probe: every product came back and was taken for the range typed)."""
        self.is_valid()
        errors = {}
        for name in ("min_price", "max_price"):
            typed = self.data.get(name)
            if name in self.errors and isinstance(typed, str) and typed.strip():
                errors[name] = {"typed": typed.strip()[:40], "message": self.errors[name][0]}
        return errors


class InquiryForm(forms.Form):
    """A buyer's question or order. ``situs`` is a honeypot: hidden from people by CSS, filled
    by bots; a filled one is answered as a success and nothing is saved."""

    buyer_name = forms.CharField(
        label=_("Nama"),
        max_length=120,
        error_messages={"required": _("Tulis nama Anda.")},
        validators=NAME_VALIDATORS,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Instansi/usaha"),
        max_length=160,
        required=False,
        help_text=_("Boleh dikosongkan, mis. hotel, toko atau kantor Anda."),
        validators=NAME_VALIDATORS,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Surel"),
        required=False,
        error_messages={"invalid": _("Tulis alamat surel yang benar, mis. nama@contoh.id.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telepon/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    quantity = QuantityField(
        label=_("Jumlah yang diinginkan"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text=_("Angka saja, mis. 50 (atau 50 buah)."),
        error_messages={
            "invalid": _("Tulis jumlah dengan angka."),
            "min_value": _("Jumlah paling sedikit 1."),
            "max_value": _("Jumlah terlalu besar; jelaskan kebutuhan Anda di pesan."),
            "unit": _(
                "Tulis jumlah barangnya dengan angka, mis. 600; satuan seperti lusin, kodi atau meter "
                "jelaskan di pesan."
            ),
        },
    )
    message = forms.CharField(
        label=_("Pesan"),
        help_text=_("Paling banyak 2.000 karakter."),
        error_messages={"required": _("Tulis pesan Anda.")},
        validators=[
            LengthAtMost(
                2000, message=_("Pesan paling banyak %(limit)s karakter (sekarang %(count)s); persingkat, lalu kirim lagi.")
            )
        ],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    situs = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    rate_limited = ""  # "network" or "contact", set by the view when the service refused: shown above the form

    def __init__(self, *args, message_placeholder: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength on the box (templates/django/forms/widgets/textarea.html): a browser cut
        # a pasted brief at 2,000 characters without a word (found by a visitor probe).
        if message_placeholder:
            self.fields["message"].widget.attrs["placeholder"] = message_placeholder

    @property
    def is_bot(self) -> bool:
        return bool(self.is_bound and (self.data.get("situs") or "").strip())

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data["phone"], min_digits=6)

    def clean_email(self):
        """An ordinary address only: no quoted name ("korban"@…), no address in brackets
        (nama@[192.0.2.1]). Django's check lets both through; they are not what a buyer writes,
        and each spelling counted as another mailbox for the daily acknowledgements (and the
        second sent the mail to whatever server an attacker named; found by two attacker probes)."""
        email = self.cleaned_data["email"]
        local, _at, domain = email.rpartition("@")
        if email and ('"' in local or "\\" in local or domain.startswith("[")):
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"], code="invalid")
        return email

    def clean(self):
        data = super().clean()
        no_contact = not data.get("email") and not data.get("phone")
        if no_contact and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", _("Isi surel atau nomor telepon agar kami dapat membalas Anda."))
        return data
