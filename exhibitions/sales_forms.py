"""The sales desk's form: one sale at a booth. Used by the plain HTML form (no JavaScript) and,
with the same rules, by the JSON endpoint the offline queue sends its entries to. The service
(``sale_record``) checks everything again."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.validators import validate_plausible_datetime
from exhibitions.models import Sale
from exhibitions.services import SALE_MAX_QUANTITY, SALE_MAX_UNIT_PRICE
from inmates.form_fields import RupiahField as SharedRupiahField
from inmates.form_fields import WholeNumberField
from inmates.templatetags.etalase import format_rupiah

# Short labels for the big payment buttons.
PAYMENT_BUTTON_LABELS = {
    Sale.PaymentMethod.CASH: _("Tunai"),
    Sale.PaymentMethod.TRANSFER: _("Transfer"),
    Sale.PaymentMethod.QRIS: _("QRIS"),
    Sale.PaymentMethod.CARD: _("Kartu"),
}

class RupiahField(SharedRupiahField):
    """Whole rupiah, typed as the cashier writes it: "150000", "150.000" or "Rp 150.000"."""

    default_error_messages = {
        "invalid": _("Tulis harga dalam angka rupiah, mis. 150.000."),
        "decimal": _("Tulis harga dalam rupiah utuh, tanpa sen."),
        "negative": _("Harga tidak boleh negatif."),
    }


def price_far_from_catalogue(*, unit_price: int, catalogue_price: int) -> bool:
    """Whether a sale's price is so far from the catalogue's that it is likely a slip: nothing, or
    more than three times or less than a third of it (an extra zero; found by two probes: Rp 0
    and Rp 1.500.000 for a Rp 225.000 batik went straight into the totals). The sales desk's
    script asks the same (sales_desk.js)."""
    if not catalogue_price:
        return False
    return unit_price == 0 or unit_price > 3 * catalogue_price or unit_price * 3 < catalogue_price


class AsksAboutFarPrices:
    """A sale form's question about a price far from the catalogue's: its ``price_confirmed`` box
    (a plain yes only) and ``ask_if_far``, which refuses the price until that box is ticked and
    sets ``asks_price_confirmation`` for the page to offer it. The desk and the correction page
    ask alike."""

    asks_price_confirmation = False

    def clean_price_confirmed(self):
        # Only a plain yes ("1", "on", "true"): a checkbox reads any other text, "0" too, as ticked
        # (found by an attacker probe sending the queue's JSON).
        raw = self.data.get(self.add_prefix("price_confirmed"))
        return isinstance(raw, str) and raw.strip().lower() in ("1", "on", "true", "yes")

    def ask_if_far(self, *, unit_price: int | None, catalogue_price: int) -> None:
        if (
            unit_price is None
            or self.cleaned_data.get("price_confirmed")
            or not price_far_from_catalogue(unit_price=unit_price, catalogue_price=catalogue_price)
        ):
            return
        self.asks_price_confirmation = True
        self.add_error(
            "unit_price",
            _(
                "Harga %(price)s jauh dari harga katalog %(catalogue)s. Periksa lagi; bila memang "
                "benar, centang “Harga ini benar” lalu catat."
            )
            % {"price": format_rupiah(unit_price), "catalogue": format_rupiah(catalogue_price)},
        )


class SaleProductField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SaleForm(AsksAboutFarPrices, forms.Form):
    product = SaleProductField(
        label=_("Produk"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Pilih produk yang terjual."),
            "invalid_choice": _("Pilih produk yang dijual di stan ini."),
        },
    )
    quantity = WholeNumberField(
        label=pgettext_lazy("quantity", "Jumlah"),
        min_value=1,
        max_value=SALE_MAX_QUANTITY,
        initial=1,
        error_messages={"required": _("Isi jumlah barang."), "invalid": _("Jumlah harus bilangan bulat.")},
    )
    unit_price = RupiahField(
        label=_("Harga satuan (Rp)"),
        required=False,
        min_value=0,
        max_value=SALE_MAX_UNIT_PRICE,
        help_text=_("Kosongkan untuk memakai harga katalog."),
        error_messages={"invalid": _("Tulis harga dalam angka rupiah, mis. 150.000.")},
    )
    payment_method = forms.ChoiceField(
        label=_("Cara bayar"),
        choices=[(value, PAYMENT_BUTTON_LABELS[value]) for value in Sale.PaymentMethod.values],
        initial=Sale.PaymentMethod.CASH,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara bayar."), "invalid_choice": _("Pilih cara bayar.")},
    )
    # Made when the entry is made (by the page, or by the phone for a queued entry), so sending
    # the same entry again stores nothing new.
    idempotency_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kunci entri hilang; muat ulang halaman kasir."),
            "invalid": _("Kunci entri tidak sah; muat ulang halaman kasir."),
        },
    )
    # Ticked after the desk said the price is far from the catalogue's (the script asks first and
    # then always sends it).
    price_confirmed = forms.BooleanField(required=False, label=_("Harga ini benar"))
    # When the sale happened (a queued entry is sent later); empty means now.
    sold_at = forms.DateTimeField(
        required=False,
        widget=forms.HiddenInput,
        validators=[validate_plausible_datetime],
        error_messages={"invalid": _("Waktu penjualan tidak terbaca.")},
    )

    def __init__(self, *args, products, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        if product is not None and cleaned.get("unit_price") is None and "unit_price" not in self.errors:
            cleaned["unit_price"] = product.price
        if product is not None:
            self.ask_if_far(unit_price=cleaned.get("unit_price"), catalogue_price=product.price)
        return cleaned


class SaleReverseForm(AsksAboutFarPrices, forms.Form):
    """Correct a sale; with the button "Koreksi dan catat yang benar" (``and_record``) also record
    the right one in its place (``sale_correct``), its quantity, price and payment method shown
    filled in from the sale. ``cleaned_data["replace"]`` says which."""

    idempotency_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kunci entri hilang; muat ulang halaman."),
            "invalid": _("Kunci entri tidak sah; muat ulang halaman."),
        },
    )
    quantity = WholeNumberField(
        label=pgettext_lazy("quantity", "Jumlah"),
        required=False,
        min_value=1,
        max_value=SALE_MAX_QUANTITY,
        error_messages={"invalid": _("Jumlah harus bilangan bulat.")},
    )
    unit_price = RupiahField(label=_("Harga satuan (Rp)"), required=False, min_value=0, max_value=SALE_MAX_UNIT_PRICE)
    payment_method = forms.ChoiceField(
        label=_("Cara bayar"),
        required=False,
        choices=[(value, PAYMENT_BUTTON_LABELS[value]) for value in Sale.PaymentMethod.values],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Pilih cara bayar.")},
    )

    price_confirmed = forms.BooleanField(required=False, label=_("Harga ini benar"))

    def __init__(self, *args, sale=None, **kwargs):
        self.sale = sale
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        if sale is not None:
            initial.setdefault("quantity", sale.quantity)
            initial.setdefault("unit_price", sale.unit_price)
            initial.setdefault("payment_method", sale.payment_method)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        cleaned["replace"] = bool(self.data.get("and_record"))
        if not cleaned["replace"]:
            # "Koreksi saja": what the boxes hold is not used, so it is not checked either.
            for name in ("quantity", "unit_price", "payment_method"):
                self._errors.pop(name, None)
        else:
            required = {
                "quantity": _("Isi jumlah barang."),
                "unit_price": _("Isi harga satuan."),
                "payment_method": _("Pilih cara bayar."),
            }
            for name, message in required.items():
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
            if self.sale is not None:
                # As the sales desk asks (found by an attacker probe: Rp 1.500.000 for a
                # Rp 225.000 shirt went through here).
                self.ask_if_far(unit_price=cleaned.get("unit_price"), catalogue_price=self.sale.product.price)
        return cleaned
