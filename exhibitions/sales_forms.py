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


class SaleProductField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SaleForm(forms.Form):
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
        return cleaned


class SaleReverseForm(forms.Form):
    idempotency_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kunci entri hilang; muat ulang halaman."),
            "invalid": _("Kunci entri tidak sah; muat ulang halaman."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
