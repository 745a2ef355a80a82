"""An uploaded file's own name is never stored (``inmates.uploads.RandomName`` makes a new one), so
its length is no reason to refuse it: a scanned "Berita Acara Serah Terima ... 15 Mei 2018.pdf"
of 114 characters was refused against the column's 100."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from programs.models import Aid, Evidence
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

LONG_NAME = (
    "Berita Acara Serah Terima Bantuan Peralatan Membatik Lapas Kelas I Cipinang - "
    "Kanwil DKI Jakarta - 15 Mei 2018.pdf"
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _editable_file_fields():
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and field.editable and not model.__name__.startswith("Historical")
    ]


def test_no_file_field_of_the_project_limits_the_original_name_in_any_form():
    fields = _editable_file_fields()
    assert {f"{model._meta.label}.{field.name}" for model, field in fields} >= {
        "programs.Agreement.document", "programs.Aid.handover_document", "programs.Evidence.document",
        "inmates.Consent.document", "exhibitions.Exhibition.banner", "products.ProductImage.image",
    }
    for model, field in fields:
        assert field.formfield().max_length is None, field
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            assert model_admin.formfield_for_dbfield(field, None).max_length is None, field
        # The name that is stored always fits the column.
        assert len(field.generate_filename(model(), "x" * 300 + ".pdf" + "f" * 50)) <= field.max_length, field


def test_admin_aid_takes_a_handover_report_with_a_long_name_and_stores_it_under_a_random_one(staff_client):
    prison = factories.make_prison()
    url = admin_url(Aid, "add")
    data = changeform_data(staff_client.get(url))
    data.update({
        "kind": "equipment", "prison": str(prison.pk), "items": "Canting dan kompor batik", "quantity": "10",
        "value": "15.000.000", "given_on": "15/05/2018",
        "handover_document": SimpleUploadedFile(LONG_NAME, PDF, "application/pdf"),
    })

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Aid.objects.get().handover_document.name
    assert re.fullmatch(r"aid/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", stored)


def test_admin_evidence_takes_a_document_with_a_long_name(staff_client):
    obligation = factories.make_obligation()
    url = admin_url(Evidence, "add")
    data = changeform_data(staff_client.get(url))
    data.update({
        "obligation": str(obligation.pk), "kind": "other", "quantity": "1", "date": "15/05/2018",
        "description": "Berita acara serah terima", "document": SimpleUploadedFile(LONG_NAME, PDF, "application/pdf"),
    })

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert re.fullmatch(r"evidence/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", Evidence.objects.get().document.name)
