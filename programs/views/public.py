"""Public views: only public_* selectors and public templates.

Prison pages live on this floor because they count trainings; certificate verification
because certificates belong to trainings. Neither ever shows an inmate's data.
"""

import re

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from config.auth import client_ip
from config.fragments import once, remember
from programs.selectors import (
    normalise_certificate_code,
    public_certificate_verification,
    public_prison_exhibitions,
    public_prison_list,
    public_prison_products,
    public_prisons,
)
from programs.services import certificate_lookup_missed, certificate_lookups_allowed

# The prison page shows a gallery's worth; the catalogue (filtered by prison) has them all.
PRODUCTS_SHOWN = 12


def prison_list(request):
    return render(request, "public/prisons/prison_list.html", {"prisons": list(public_prison_list())})


def prison_detail(request, slug):
    # The prison with its counts is kept under the public content version; the rest is read only
    # where the page is rendered, not where it comes from the fragment cache.
    prison = remember("prison", (slug,), lambda: public_prisons().filter(slug=slug).first())
    if prison is None:
        raise Http404
    context = {
        "prison": prison,
        "products": once(lambda: list(public_prison_products(prison=prison)[:PRODUCTS_SHOWN])),
        "exhibitions": once(lambda: list(public_prison_exhibitions(prison=prison))),
    }
    return render(request, "public/prisons/prison_detail.html", context)


class CertificateCodeForm(forms.Form):
    # Only the public verification page uses this one field; it lives here rather than in a
    # programs/forms.py of its own.
    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        error_messages={"required": _("Isi kode verifikasi.")},
        help_text=_("Tercetak di bagian bawah sertifikat, 12 huruf dan angka."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_kode(self):
        typed = self.cleaned_data["kode"].strip().upper()
        code = normalise_certificate_code(typed)
        if not code:
            raise forms.ValidationError(_("Isi kode verifikasi."))
        # The certificate's number, with slashes or as a brochure writes it, with dashes, dots or
        # spaces (a buyer probe's "IKM-BIMTEK-2018-0001" was read as a code and not found).
        if re.fullmatch(r"[A-Z]+[/\-. ]+[A-Z]+[/\-. ]+\d{4}[/\-. ]+\d+", typed):
            raise forms.ValidationError(
                _(
                    "Ini nomor sertifikat, bukan kode verifikasi. Kode verifikasi (12 huruf dan angka) "
                    "tercetak di bawah tulisan “Kode verifikasi”, di samping kode QR."
                )
            )
        if not re.fullmatch(r"[A-Z0-9]+", code):
            raise forms.ValidationError(_("Kode verifikasi hanya berisi huruf dan angka."))
        return code


def certificate_verify_form(request):
    form = CertificateCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("public:certificate-verify", code=form.cleaned_data["kode"])
    return render(request, "public/certificates/certificate_verify_form.html", {"form": form})


def certificate_verify(request, code):
    ip = client_ip(request)
    if not certificate_lookups_allowed(ip=ip):
        form = CertificateCodeForm(initial={"kode": code.strip()})
        context = {"code": code.strip(), "form": form, "rate_limited": True}
        return render(request, "public/certificates/certificate_not_found.html", context, status=429)
    verification = public_certificate_verification(code=code)
    if verification is None:
        certificate_lookup_missed(ip=ip)
        form = CertificateCodeForm(initial={"kode": code.strip()})
        context = {"code": code.strip(), "form": form}
        return render(request, "public/certificates/certificate_not_found.html", context, status=404)
    return render(request, "public/certificates/certificate_verify.html", {"verification": verification})
