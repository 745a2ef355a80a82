"""Forms of the exhibitions floor. Choices are limited to the officer's own prison; the services
check again (the prison comes from the officer's profile, never from the browser)."""


from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.validators import clean_phone_number
from exhibitions.models import Inquiry
from inmates.form_fields import IdMultipleChoiceField, offer_by_search
from inmates.roles import PRISON_OFFICER
from inmates.templatetags.etalase import format_rupiah
from products.models import Product


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        position = obj.officer_profile.position
        return f"{name} ({position})" if position else name


class ProductChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        # "Rp" and the amount on one line beside a checkbox on a phone (a look-and-feel review).
        return f"{obj.name} · {format_rupiah(obj.price).replace(' ', chr(0xA0))}"


class ApplicationForm(forms.Form):
    """Apply to an exhibition, or change an application: products, contact officer and phone."""

    products = ProductChoiceField(
        label=_("Produk yang akan dipamerkan"),
        queryset=Product.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya produk lapas Anda yang sudah disetujui kurator yang dapat dipilih."),
        error_messages={
            "required": _("Pilih setidaknya satu produk yang sudah disetujui."),
            "invalid_choice": _("Pilih hanya produk lapas Anda yang sudah disetujui kurator."),
        },
    )
    contact_officer = OfficerChoiceField(
        label=_("Petugas penghubung"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Pilih petugas"),
        error_messages={
            "required": _("Pilih petugas penghubung."),
            "invalid_choice": _("Pilih petugas dari lapas Anda."),
        },
    )
    contact_phone = forms.CharField(
        label=_("Telepon penghubung"),
        max_length=30,
        help_text=_("Nomor yang dapat dihubungi panitia, mis. 0812 3456 7890."),
        error_messages={"required": _("Isi nomor telepon penghubung.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, prison, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = (
            Product.objects.approved().originals().filter(prison=prison).order_by("name")
        )
        self.fields["contact_officer"].queryset = (
            get_user_model()
            .objects.filter(
                officer_profile__prison=prison, is_active=True, groups__name=PRISON_OFFICER
            )
            .select_related("officer_profile")
            .order_by("first_name", "last_name", "username")
            .distinct()
        )
        offer_by_search(self, "products", search_url=reverse("portal:exhibit-product-search"))

    def clean_contact_phone(self):
        return clean_phone_number(self.cleaned_data["contact_phone"], min_digits=7)


class InquiryReplyForm(forms.Form):
    """An answer to the buyer, e-mailed by Etalase (``exhibitions.services.inquiry_reply``, which
    also checks the length once line ends are counted as the browser counts them)."""

    body = forms.CharField(
        label=_("Balasan untuk pembeli"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,  # a bound on what is read; the 5.000 of the message is the service's
        help_text=_(
            "Dikirim lewat surel dari Etalase ke alamat pembeli. Jangan menyebut nama lengkap, "
            "nomor registrasi, atau perkara warga binaan."
        ),
        error_messages={
            "required": _("Tulis balasannya dulu."),
            "max_length": _("Balasan paling panjang 5.000 karakter."),
        },
    )


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Ubah status"),
        choices=Inquiry.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pilih status yang tersedia.")},
    )


class CallNoteForm(forms.Form):
    """What was said on a call with the buyer, kept with the answers (never e-mailed)."""

    body = forms.CharField(
        label=_("Catatan telepon"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        help_text=_("Untuk petugas dan kementerian, tidak dikirim ke pembeli: mis. harga, jumlah dan tanggal kirim yang disepakati."),
        error_messages={"required": _("Tulis catatannya dulu."), "max_length": _("Catatan paling panjang 5.000 karakter.")},
    )
