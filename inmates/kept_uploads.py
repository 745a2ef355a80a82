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


def _expired_before():
    return timezone.now() - datetime.timedelta(hours=StagedFile.KEEP_HOURS)


def staged_files_purge() -> int:
    """Delete every kept file older than ``StagedFile.KEEP_HOURS`` (and return how many). Only
    their ids are read: the rows hold whole files."""
    return StagedFile.objects.filter(created_at__lt=_expired_before()).only("pk").delete()[0]


def staged_file_keep(*, user, upload: UploadedFile) -> StagedFile | None:
    """Keep ``upload`` for ``user``; None when it is too large to keep or ``user`` already has
    ``KEPT_PER_USER`` kept (then the page does not promise it: found by an attacker probe, dropping
    the oldest dropped files the same page still said it kept). Drops every kept file older than
    ``StagedFile.KEEP_HOURS``."""
    if upload.size is not None and upload.size > KEEP_MAX_BYTES:
        return None
    staged_files_purge()
    if StagedFile.objects.filter(user=user).count() >= KEPT_PER_USER:
        return None
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
    return staged


def staged_files_discard(*, user, tokens) -> None:
    """Drop ``user``'s kept files ``tokens`` (used by a saved form)."""
    tokens = [token for token in tokens if token]
    if tokens:
        StagedFile.objects.filter(user=user, token__in=tokens).only("pk").delete()


def staged_file_for(*, user, token: str) -> StagedFile | None:
    """``user``'s kept file ``token``, unless it is not of the server's shape, another user's or
    too old."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return StagedFile.objects.filter(user=user, token=token, created_at__gte=_expired_before()).first()


class KeepsUploads:
    """Mixin for a form with file fields (before ``forms.Form``/``ModelForm``). ``kept_user`` (a
    keyword argument, or a class attribute set per request) is whom kept files belong to; without
    one nothing is kept.

    A file is kept when the page is drawn again with it (the page failed, whichever of its forms
    was wrong: an admin page holds a main form and inline forms, each checked on its own), not
    when this form is checked; the kept files a form used are dropped once the whole page was
    saved (``KeptUploadsAdminMixin.save_related``). A kept file that has gone (older than a day)
    is an error beside its box, never a record saved without it."""

    kept_user = None

    def __init__(self, *args, kept_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kept_user is not None:
            self.kept_user = kept_user
        self.kept: dict[str, tuple[str, str]] = {}  # field name -> (token, file name)
        self.not_kept: dict[str, str] = {}  # field name -> the name of a file received, not kept
        # A kept file for which another was chosen: shown again if that one is refused (found by
        # a browser check: a refused ".exe" made the kept PDF vanish, and the record was then
        # saved without a document).
        self._standby: dict[str, tuple[str, str]] = {}
        self._kept_gone: set[str] = set()
        if self._keeps():
            self._use_kept_files()
            for name, field in self._file_fields():
                _show_kept(self, name, field)

    def _keeps(self) -> bool:
        return self.is_bound and self.kept_user is not None and getattr(self.kept_user, "is_authenticated", False)

    def _file_fields(self):
        return [(name, field) for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def _use_kept_files(self):
        files = None
        for name, _field in self._file_fields():
            html_name = self.add_prefix(name)
            token = self.data.get(kept_field_name(html_name))
            if not token or self.data.get(_drop_field_name(html_name)):
                continue
            if self.files.get(html_name):
                if standby := staged_file_for(user=self.kept_user, token=token):
                    self._standby[name] = (standby.token, standby.name)
                continue
            staged = staged_file_for(user=self.kept_user, token=token)
            if staged is None:
                # Another user's, used, or over a day old: said, never saved without it. A code
                # not of the server's shape was never one it gave: ignored.
                if isinstance(token, str) and _TOKEN.fullmatch(token):
                    self._kept_gone.add(name)
                continue
            if files is None:
                files = self.files.copy()
            files[html_name] = SimpleUploadedFile(staged.name, bytes(staged.content), staged.content_type)
            self.kept[name] = (staged.token, staged.name)
        if files is not None:
            self.files = files

    def full_clean(self):
        super().full_clean()
        if self._keeps() and self._kept_gone:
            for name in self._kept_gone:
                self.add_error(
                    name,
                    _(
                        "Berkas yang tadi disimpan sementara sudah tidak tersedia (sudah dipakai, atau lebih "
                        "dari sehari). Pilih berkasnya lagi."
                    ),
                )

    def keep_for_redraw(self, name: str) -> tuple[str, str] | None:
        """The kept file of ``name`` to show on the page drawn again: the one used, or the upload
        this sending brought (kept now, as the page failed), unless its own box refused it."""
        if name in self.kept:
            return self.kept[name]
        if not self._keeps():
            return None
        if self._errors and name in self._errors:
            # The file chosen instead was refused: the one kept before still stands.
            if name in self._standby:
                self.kept[name] = self._standby[name]
                return self.kept[name]
            return None
        upload = self.files.get(self.add_prefix(name))
        if isinstance(upload, UploadedFile) and (staged := staged_file_keep(user=self.kept_user, upload=upload)):
            self.kept[name] = (staged.token, staged.name)
            return self.kept[name]
        if isinstance(upload, UploadedFile):
            # Received but not kept (over the size kept, or the sender's kept files are many):
            # said beside the box, or the record would be saved without it unnoticed (found by an
            # attacker probe: the page said nothing).
            self.not_kept[name] = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:120]
        return None


def _show_kept(form: KeepsUploads, field_name: str, field: forms.Field) -> None:
    """Draw, beside ``field``'s file box, the kept file (if the page is drawn again with one): its
    name, the code in a hidden input, and a box to give it up; the file box is then not required."""
    widget = field.widget
    render = widget.render

    def render_with_kept(name, value, attrs=None, renderer=None):
        kept = form.keep_for_redraw(field_name)
        box = render(name, value, attrs, renderer)
        if kept is None:
            if field_name in form.not_kept:
                return format_html(
                    '{}<p class="kept-upload-missing">{}</p>',
                    box,
                    _("Berkas “%(name)s” tidak dapat disimpan sementara: pilih berkasnya lagi sebelum mengirim.")
                    % {"name": form.not_kept[field_name]},
                )
            return box
        token, filename = kept
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

    def use_required_attribute(initial, _original=widget.use_required_attribute):
        return False if field_name in form.kept else _original(initial)

    widget.render = render_with_kept
    widget.use_required_attribute = use_required_attribute


class KeptUploadsAdminMixin:
    """A ModelAdmin whose form and inline forms keep their files across a failed sending."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _keeping(super().get_form(request, obj, change=change, **kwargs), user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The whole page was saved: the kept files its forms used are done with.
        used = [token for token, _name in getattr(form, "kept", {}).values()]
        for formset in formsets:
            for inline_form in formset.forms:
                used += [token for token, _name in getattr(inline_form, "kept", {}).values()]
        staged_files_discard(user=request.user, tokens=used)

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
