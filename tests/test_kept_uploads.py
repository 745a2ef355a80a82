"""A file chosen on an admin form that failed for another reason is kept for its sender: the form
sent again with the file box empty saves it (noticed in the PKS evidence form: the scanned
document had to be found and picked again after an empty date)."""

import datetime
import io

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from inmates.kept_uploads import KeptUploadsAdminMixin, kept_field_name
from inmates.models import StagedFile
from programs.models import Evidence, Obligation
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GONE = "Berkas yang tadi disimpan sementara sudah tidak tersedia (sudah dipakai, atau lebih dari sehari). Pilih berkasnya lagi."


def _client(username):
    user = get_user_model().objects.create_superuser(username, f"{username}@example.test", "s3cret-pass-Etalase")
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def boss():
    return _client("boss")


@pytest.fixture
def obligation():
    return factories.make_obligation()


def _evidence_data(client, obligation, **changes):
    data = changeform_data(client.get(admin_url(Evidence, "add")))
    data.update(obligation=str(obligation.pk), kind=Evidence.Kind.OTHER, quantity="1", description="Berita acara")
    data.update(changes)
    return data


def _token(response) -> str:
    form = response.context["adminform"].form
    return form.kept["document"][0]


def test_a_document_sent_with_a_failed_form_is_kept_and_saved_with_the_next_sending(boss, obligation):
    client, _user = boss
    url = admin_url(Evidence, "add")
    scan = SimpleUploadedFile("berita-acara.pdf", PDF, content_type="application/pdf")

    failed = client.post(url, {**_evidence_data(client, obligation, date=""), "document": scan})

    assert failed.status_code == 200
    assert "date" in failed.context["adminform"].form.errors
    html = failed.content.decode()
    assert "Berkas “berita-acara.pdf” sudah diterima" in html
    token = _token(failed)
    assert f'name="{kept_field_name("document")}" value="{token}"' in html
    assert StagedFile.objects.count() == 1
    assert Evidence.objects.count() == 0

    saved = client.post(url, {**_evidence_data(client, obligation, date="05-04-2018"), kept_field_name("document"): token})

    assert saved.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.document.read() == PDF
    assert evidence.document.name.endswith(".pdf")
    assert StagedFile.objects.count() == 0


def test_a_kept_document_belongs_to_its_sender_alone(boss, obligation):
    client, _user = boss
    url = admin_url(Evidence, "add")
    scan = SimpleUploadedFile("berita-acara.pdf", PDF, content_type="application/pdf")
    token = _token(client.post(url, {**_evidence_data(client, obligation, date=""), "document": scan}))
    other, _other_user = _client("other")

    refused = other.post(url, {**_evidence_data(other, obligation, date="05-04-2018"), kept_field_name("document"): token})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["document"] == [GONE]
    assert "berita-acara.pdf" not in refused.content.decode()
    assert Evidence.objects.count() == 0
    assert StagedFile.objects.count() == 1  # still the sender's


@pytest.mark.parametrize("token", ["x" * 43 + "\x00", "../" * 20, "", "a" * 500])
def test_a_code_not_of_the_servers_shape_is_ignored_without_an_error(boss, obligation, token):
    client, _user = boss

    saved = client.post(
        admin_url(Evidence, "add"),
        {**_evidence_data(client, obligation, date="05-04-2018"), kept_field_name("document"): token},
    )

    assert saved.status_code == 302
    assert not Evidence.objects.get().document


def test_a_kept_document_can_be_given_up(boss, obligation):
    client, _user = boss
    url = admin_url(Evidence, "add")
    scan = SimpleUploadedFile("salah-berkas.pdf", PDF, content_type="application/pdf")
    token = _token(client.post(url, {**_evidence_data(client, obligation, date=""), "document": scan}))

    saved = client.post(
        url,
        {
            **_evidence_data(client, obligation, date="05-04-2018"),
            kept_field_name("document"): token,
            kept_field_name("document") + "_drop": "1",
        },
    )

    assert saved.status_code == 302
    assert not Evidence.objects.get().document


def test_an_old_kept_document_is_not_used(boss, obligation):
    client, _user = boss
    url = admin_url(Evidence, "add")
    scan = SimpleUploadedFile("berita-acara.pdf", PDF, content_type="application/pdf")
    token = _token(client.post(url, {**_evidence_data(client, obligation, date=""), "document": scan}))
    StagedFile.objects.update(created_at=datetime.datetime(2018, 4, 1, tzinfo=datetime.UTC))

    refused = client.post(url, {**_evidence_data(client, obligation, date="05-04-2018"), kept_field_name("document"): token})

    # Said beside the box, never a record saved without the file the page promised to keep.
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["document"] == [GONE]
    assert Evidence.objects.count() == 0


def test_an_inline_keeps_its_document_too(boss, obligation):
    """The evidence rows on an obligation's page (an inline formset, its own prefixes)."""
    client, _user = boss
    url = admin_url(Obligation, "change", obligation.pk)
    data = changeform_data(client.get(url))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    row = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-kind": Evidence.Kind.OTHER,
        f"{prefix}-0-quantity": "1",
        f"{prefix}-0-date": "",
        f"{prefix}-0-description": "Berita acara",
    }
    scan = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")

    failed = client.post(url, {**data, **row, f"{prefix}-0-document": scan})

    assert failed.status_code == 200
    formset = next(f for f in failed.context["inline_admin_formsets"] if f.formset.prefix == prefix).formset
    token = formset.forms[0].kept["document"][0]
    assert f'name="{kept_field_name(prefix + "-0-document")}"' in failed.content.decode()

    saved = client.post(url, {**data, **row, f"{prefix}-0-date": "05-04-2018", kept_field_name(f"{prefix}-0-document"): token})

    assert saved.status_code == 302
    assert Evidence.objects.get(obligation=obligation).document.read() == PDF


def test_every_admin_page_with_a_file_box_keeps_its_files():
    missing = []
    for model, model_admin in admin.site._registry.items():
        own = any(isinstance(f, forms.FileField) for f in _form_fields(model))
        inline = any(any(isinstance(f, forms.FileField) for f in _form_fields(i.model)) for i in model_admin.inlines)
        if (own or inline) and not isinstance(model_admin, KeptUploadsAdminMixin):
            missing.append(type(model_admin).__qualname__)
    assert missing == []


def _form_fields(model):
    from django.db import models

    return [f.formfield() for f in model._meta.concrete_fields if isinstance(f, models.FileField) and f.editable]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bast.exe", b"MZ\x90\x00" + b"\x00" * 60, "Jenis berkas “.exe” tidak diterima."),
        ("halaman.html", b"<!DOCTYPE html><script>alert(1)</script>", "Jenis berkas “.html” tidak diterima."),
        ("surat.pdf", b"MZ\x90\x00" + b"\x00" * 60, "Isi berkas ini bukan dokumen .pdf yang sah"),
        ("surat.pdf", b"  <html><body>hai</body></html>", "Isi berkas ini bukan dokumen .pdf yang sah"),
        ("surat.pdf", b"\xef\xbb\xbf<html><body>hai</body></html>", "Isi berkas ini bukan dokumen .pdf yang sah"),
    ],
)
def test_a_document_must_be_a_document(boss, obligation, name, content, message):
    """Found by a staff probe: an ".exe", an ".html" page and a program named ".pdf" were stored."""
    client, _user = boss

    refused = client.post(
        admin_url(Evidence, "add"),
        {**_evidence_data(client, obligation, date="05-04-2018"), "document": SimpleUploadedFile(name, content)},
    )

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["document"][0].startswith(message)
    assert Evidence.objects.count() == 0
    assert StagedFile.objects.count() == 0  # a refused file is not kept either


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("BAST Mesin Jahit 15 Mei 2018.PDF", PDF),
        ("pindaian.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 60),
        ("pindaian.tif", b"II*\x00" + b"\x00" * 60),
        ("laporan.docx", b"PK\x03\x04" + b"\x00" * 60),
        ("rekap.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60),
    ],
)
def test_documents_of_the_usual_kinds_are_taken(boss, obligation, name, content):
    client, _user = boss

    saved = client.post(
        admin_url(Evidence, "add"),
        {**_evidence_data(client, obligation, date="05-04-2018"), "document": SimpleUploadedFile(name, content)},
    )

    assert saved.status_code == 302


@pytest.mark.parametrize(
    "content",
    [b"<body onload=alert(1)>", b"<!-- x --><html><script>", b"<?php echo 1; ?>", "<html>".encode("utf-16"), b"hello"],
)
def test_a_file_named_pdf_must_begin_as_a_pdf_does(boss, obligation, content):
    """Found by an attacker probe: web pages and PHP named ".pdf" were taken as documents."""
    client, _user = boss

    refused = client.post(
        admin_url(Evidence, "add"),
        {**_evidence_data(client, obligation, date="05-04-2018"), "document": SimpleUploadedFile("surat.pdf", content)},
    )

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["document"][0].startswith("Isi berkas ini bukan dokumen")


def test_a_file_is_kept_when_another_form_of_the_page_failed(boss):
    """Found by a review: the agreement's document was dropped when only an obligation row (an
    inline form) was wrong, and a file kept before was deleted by the next sending that failed
    the same way; the third sending saved the agreement without it."""
    from programs.models import Agreement

    client, _user = boss
    url = admin_url(Agreement, "add")
    data = changeform_data(client.get(url))
    data.update(number="PKS/01/2026", title="Perjanjian Kerja Sama", first_party="Ditjen PAS",
                second_party="Ditjen IKM", signed_on="01-01-2026", valid_from="01-01-2026", valid_to="31-12-2027")
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    bad_row = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-text": "", f"{prefix}-0-party": "ikm",
               f"{prefix}-0-area": "training", f"{prefix}-0-target_quantity": "1"}
    scan = SimpleUploadedFile("pks.pdf", PDF, content_type="application/pdf")

    first = client.post(url, {**data, **bad_row, "document": scan})
    assert first.status_code == 200
    assert not first.context["adminform"].form.errors  # only the obligation row was wrong
    token = first.context["adminform"].form.kept["document"][0]
    second = client.post(url, {**data, **bad_row, kept_field_name("document"): token})
    assert second.status_code == 200
    assert second.context["adminform"].form.kept["document"][0] == token
    assert StagedFile.objects.count() == 1
    saved = client.post(url, {**data, f"{prefix}-TOTAL_FORMS": "0", kept_field_name("document"): token})

    assert saved.status_code == 302, (saved.context["adminform"].form.errors, [(f.formset.prefix, f.formset.errors, f.formset.non_form_errors()) for f in saved.context["inline_admin_formsets"]])
    assert Agreement.objects.get(number="PKS/01/2026").document.read() == PDF
    assert StagedFile.objects.count() == 0


def test_deleting_kept_files_does_not_read_their_contents(boss, django_assert_max_num_queries):
    """Found by a review: the page cache's delete signal made Django load every expired file
    (up to 20 MB each) before deleting it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inmates.kept_uploads import staged_files_purge

    _client_, user = boss
    StagedFile.objects.create(token="t" * 43, user=user, name="a.pdf", content_type="application/pdf", content=PDF)
    StagedFile.objects.update(created_at=datetime.datetime(2018, 4, 1, tzinfo=datetime.UTC))

    with CaptureQueriesContext(connection) as queries:
        assert staged_files_purge() == 1

    assert not any('"content"' in query["sql"] for query in queries.captured_queries)



def test_the_purge_command_deletes_kept_files_and_photos_older_than_a_day(boss):
    from django.core.management import call_command

    from products.models import StagedImage

    _client_, user = boss
    StagedFile.objects.create(token="o" * 43, user=user, name="lama.pdf", content_type="application/pdf", content=PDF)
    StagedFile.objects.update(created_at=datetime.datetime(2018, 4, 1, tzinfo=datetime.UTC))
    StagedFile.objects.create(token="n" * 43, user=user, name="baru.pdf", content_type="application/pdf", content=PDF)
    StagedImage.objects.create(token="p" * 43, user=user, content=b"x", preview=b"x", width=1, height=1)
    StagedImage.objects.update(created_at=datetime.datetime(2018, 4, 1, tzinfo=datetime.UTC))

    call_command("purge_kept_uploads", stdout=io.StringIO())

    assert list(StagedFile.objects.values_list("name", flat=True)) == ["baru.pdf"]
    assert not StagedImage.objects.exists()


def test_a_record_whose_old_document_is_of_another_kind_can_still_be_saved(boss, obligation):
    """Found by a review: an Evidence row holding an old ".tif" scan (stored before the check)
    made its obligation's page impossible to save."""
    client, _user = boss
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    stored = default_storage.save("evidence/ab/lama.bmp", ContentFile(b"BM" + b"\x00" * 60))
    evidence = Evidence.objects.create(obligation=obligation, kind=Evidence.Kind.OTHER, quantity=1,
                                       date=datetime.date(2018, 4, 5), document=stored)
    url = admin_url(Evidence, "change", evidence.pk)
    data = changeform_data(client.get(url))
    data["description"] = "Diperbarui"

    saved = client.post(url, data)

    assert saved.status_code == 302
    evidence.refresh_from_db()
    assert evidence.description == "Diperbarui"



def test_a_kept_document_stays_when_the_file_chosen_instead_is_refused(boss, obligation):
    """Found by a browser check: choosing an ".exe" instead of the kept PDF (refused) made the
    kept PDF vanish from the page; the evidence was then saved without a document."""
    client, _user = boss
    url = admin_url(Evidence, "add")
    scan = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    token = _token(client.post(url, {**_evidence_data(client, obligation, date=""), "document": scan}))

    refused = client.post(url, {
        **_evidence_data(client, obligation, date=""),
        kept_field_name("document"): token,
        "document": SimpleUploadedFile("prog.exe", b"MZ\x90\x00" + b"\x00" * 60),
    })
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["document"][0].startswith("Jenis berkas “.exe” tidak diterima.")
    assert "Berkas “bukti.pdf” sudah diterima" in refused.content.decode()
    assert _token(refused) == token

    saved = client.post(url, {**_evidence_data(client, obligation, date="05-04-2018"), kept_field_name("document"): token})

    assert saved.status_code == 302
    assert Evidence.objects.get().document.read() == PDF


def test_no_more_than_the_limit_is_kept_and_none_promised_beyond_it(boss):
    """Found by an attacker probe: 22 rows said "sudah diterima", and the oldest two were then
    dropped to stay within the limit; now the files beyond it are simply not kept (nor promised)."""
    from inmates.kept_uploads import KEPT_PER_USER, staged_file_keep

    _client_, user = boss
    kept = [staged_file_keep(user=user, upload=SimpleUploadedFile(f"{n}.pdf", PDF)) for n in range(KEPT_PER_USER + 2)]

    assert all(kept[:KEPT_PER_USER]) and kept[KEPT_PER_USER:] == [None, None]
    assert StagedFile.objects.filter(user=user).count() == KEPT_PER_USER


def test_a_file_received_but_not_kept_is_said_beside_its_box(boss, obligation):
    # Found by an attacker probe: past the limit of kept files the page said nothing, and the
    # record could be saved without the document unnoticed.
    from inmates.kept_uploads import KEPT_PER_USER, staged_file_keep

    client, user = boss
    for n in range(KEPT_PER_USER):
        staged_file_keep(user=user, upload=SimpleUploadedFile(f"{n}.pdf", PDF))
    scan = SimpleUploadedFile("berita-acara.pdf", PDF, content_type="application/pdf")

    failed = client.post(admin_url(Evidence, "add"), {**_evidence_data(client, obligation, date=""), "document": scan})

    html = failed.content.decode()
    assert "Berkas “berita-acara.pdf” tidak dapat disimpan sementara: pilih berkasnya lagi sebelum mengirim." in html
    assert "sudah diterima" not in html
