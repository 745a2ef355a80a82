"""Files kept across a form that failed for another reason.

A browser never fills a file box again: a scanned agreement or evidence document chosen on a form
refused for an empty date came back empty, and the user had to find the file again (noticed in
the PKS evidence form). With ``KeepsUploads`` a form that fails keeps each file it received that
passed its own field's checks, for its sender alone, for ``StagedFile.KEEP_HOURS``; the page says
so beside the file box ("sudah diterima, tidak perlu memilih lagi") and carries a code in a hidden
input; the form sent again with the box left empty uses the kept file, checked again as if just
chosen. ``KeptUploadsAdminMixin`` puts it on a ModelAdmin's form and on its inlines' forms.
(Product photos have their own, which also cleans and previews the photo: products.StagedImage.)
"""

import datetime
import re
import secrets

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from inmates.models import StagedFile

# A file larger than this is not kept (it is picked again): the kept copy lives in the database.
KEEP_MAX_BYTES = 20 * 1024 * 1024
KEPT_PER_USER = 20
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def kept_field_name(html_name: str) -> str:
    return f"{html_name}__kept"


def _drop_field_name(html_name: str) -> str:
    return f"{html_name}__kept_drop"


def staged_file_keep(*, user, upload: UploadedFile) -> StagedFile | None:
    """Keep ``upload`` for ``user``; None when it is too large to keep. Drops every kept file older
    than ``StagedFile.KEEP_HOURS`` and ``user``'s beyond the newest ``KEPT_PER_USER``."""
    if upload.size is not None and upload.size > KEEP_MAX_BYTES:
        return None
    StagedFile.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(hours=StagedFile.KEEP_HOURS)).delete()
    upload.seek(0)
    content = upload.read(KEEP_MAX_BYTES + 1)
    upload.seek(0)
    if len(content) > KEEP_MAX_BYTES:
        return None
    staged = StagedFile.objects.create(
        token=secrets.token_urlsafe(32),
        user=user,
        name=(upload.name or "berkas")[-200:],
        content_type=(upload.content_type or "application/octet-stream")[:100],
        content=content,
    )
    surplus = StagedFile.objects.filter(user=user).order_by("-created_at", "-pk")[KEPT_PER_USER:]
    StagedFile.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()
    return staged


def staged_file_for(*, user, token: str) -> StagedFile | None:
    """``user``'s kept file ``token``, unless it is not of the server's shape, another user's or
    too old."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    cutoff = timezone.now() - datetime.timedelta(hours=StagedFile.KEEP_HOURS)
    return StagedFile.objects.filter(user=user, token=token, created_at__gte=cutoff).first()


class KeepsUploads:
    """Mixin for a form with file fields (before ``forms.Form``/``ModelForm``). ``kept_user`` (a
    keyword argument, or a class attribute set per request) is whom kept files belong to; without
    one nothing is kept."""

    kept_user = None

    def __init__(self, *args, kept_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kept_user is not None:
            self.kept_user = kept_user
        self.kept: dict[str, tuple[str, str]] = {}  # field name -> (token, file name)
        if self.is_bound and self.kept_user is not None and getattr(self.kept_user, "is_authenticated", False):
            self._use_kept_files()

    def _file_fields(self):
        return [(name, field) for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def _use_kept_files(self):
        files = None
        for name, _field in self._file_fields():
            html_name = self.add_prefix(name)
            token = self.data.get(kept_field_name(html_name))
            if not token or self.files.get(html_name) or self.data.get(_drop_field_name(html_name)):
                continue
            staged = staged_file_for(user=self.kept_user, token=token)
            if staged is None:
                continue
            if files is None:
                files = self.files.copy()
            files[html_name] = SimpleUploadedFile(staged.name, bytes(staged.content), staged.content_type)
            self.kept[name] = (staged.token, staged.name)
        if files is not None:
            self.files = files

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self.kept_user is None or not getattr(self.kept_user, "is_authenticated", False):
            return
        if self._errors:
            for name, _field in self._file_fields():
                if name in self._errors or name in self.kept:
                    continue
                upload = self.files.get(self.add_prefix(name))
                if isinstance(upload, UploadedFile) and (staged := staged_file_keep(user=self.kept_user, upload=upload)):
                    self.kept[name] = (staged.token, staged.name)
        else:
            used = [token for token, _name in self.kept.values()]
            if used:
                StagedFile.objects.filter(user=self.kept_user, token__in=used).delete()
            self.kept = {}
        for name, (token, filename) in self.kept.items():
            _show_kept(self.fields[name], token=token, filename=filename)


def _show_kept(field: forms.Field, *, token: str, filename: str) -> None:
    """Draw the kept file beside ``field``'s file box: its name, the code in a hidden input, and a
    box to give it up; the file box is then not required."""
    widget = field.widget
    render = widget.render

    def render_with_kept(name, value, attrs=None, renderer=None):
        box = render(name, value, attrs, renderer)
        return format_html(
            '{}<div class="kept-upload"><input type="hidden" name="{}" value="{}">'
            '<p class="kept-upload-note">{}</p>'
            '<label><input type="checkbox" name="{}" value="1"> {}</label></div>',
            box,
            kept_field_name(name),
            token,
            _("Berkas “%(name)s” sudah diterima dan akan disimpan bersama isian lainnya; tidak perlu memilihnya lagi. Pilih berkas lain untuk menggantinya.")
            % {"name": filename},
            _drop_field_name(name),
            _("Jangan pakai berkas ini"),
        )

    widget.render = render_with_kept
    widget.use_required_attribute = lambda initial: False


class KeptUploadsAdminMixin:
    """A ModelAdmin whose form and inline forms keep their files across a failed sending."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _keeping(super().get_form(request, obj, change=change, **kwargs), user=request.user)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if any(isinstance(field, forms.FileField) for field in formset.form.base_fields.values()):
                formset.form = _keeping(formset.form, user=request.user)
            yield formset, inline


def _keeping(form_class, *, user):
    """``form_class`` keeping its files for ``user``. Its fields stay the very ones it had: the
    metaclass would make them anew from the model, losing what ``get_form``/``get_formset``
    changed on them (a new evidence row's kind chosen by the obligation's area)."""
    keeping = type(form_class.__name__, (KeepsUploads, form_class), {"kept_user": user})
    keeping.base_fields = form_class.base_fields
    keeping.declared_fields = form_class.declared_fields
    return keeping
