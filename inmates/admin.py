"""Back-office for regions, prisons, workshops, officers, inmates and their consent; the user admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inmates import roles
from inmates.admin_utils import (
    CheckedDateFieldListFilter,
    LeanActionCheckboxMixin,
    PrisonAutocompleteMedia,
    PrisonInRegionFilter,
    PrisonNarrowedAutocompleteMixin,
    PrisonScopedMixin,
    RestoreDeletedMixin,
    SafeAutocompleteMixin,
    ScopedHistoryMixin,
    export_as_csv,
    related_count,
)
from inmates.kept_uploads import KeptUploadsAdminMixin
from inmates.models import Consent, Inmate, OfficerProfile, Prison, Region, Workshop
from inmates.services import consent_give, consent_withdraw, officer_role_give, password_set_by_other_notify

# Written once, offered by every ModelAdmin of the site (see inmates/admin_utils.py).
admin.site.add_action(export_as_csv, "export_as_csv")

User = get_user_model()


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("province", "name", "code", "prison_count")
    search_fields = ("name", "province", "code")
    prepopulated_fields = {"slug": ("province",)}
    ordering = ("province",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(prison_count=related_count(Prison.objects.all(), to="region"))

    @admin.display(description=_("jumlah lapas/rutan"), ordering="prison_count")
    def prison_count(self, obj):
        return obj.prison_count


@admin.register(Prison)
class PrisonAdmin(SafeAutocompleteMixin, PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "pk"
    list_display = ("name", "kind", "klass", "region", "city", "is_active")
    list_filter = ("kind", "klass", "is_active", "region")
    list_select_related = ("region",)
    search_fields = ("name", "city", "region__name", "region__province")
    autocomplete_fields = ("region",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "klass", "region", "city", "address", "is_active")}),
        (_("Untuk halaman publik"), {"fields": ("public_description",)}),
    )


class WorkshopAdminForm(forms.ModelForm):
    def clean_name(self):
        # One space between words, as the name is typed anyway: the unique name per prison
        # ignores case, and "Bengkel  Batik " is then the same name as "Bengkel Batik" too.
        return " ".join(self.cleaned_data["name"].split())


@admin.register(Workshop)
class WorkshopAdmin(PrisonNarrowedAutocompleteMixin, SafeAutocompleteMixin, PrisonScopedMixin, admin.ModelAdmin):
    form = WorkshopAdminForm
    prison_field = "prison"
    list_display = ("name", "prison", "craft")
    list_filter = ("craft", "prison__region")
    list_select_related = ("prison",)
    search_fields = ("name", "prison__name", "prison__city")
    autocomplete_fields = ("prison",)

    def get_queryset(self, request):
        # Workshop.__str__ names its prison: joined, also for the autocomplete answers.
        return super().get_queryset(request).select_related("prison")


@admin.register(OfficerProfile)
class OfficerProfileAdmin(SafeAutocompleteMixin, PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "prison"
    list_display = ("user", "full_name", "prison", "position", "phone")
    list_filter = ("prison__region",)
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "prison__name",
        "position",
    )
    autocomplete_fields = ("user", "prison")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "prison")

    @admin.display(description=_("nama"), ordering="user__first_name")
    def full_name(self, obj):
        return obj.user.get_full_name()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (OfficerProfileAccountCheck, form), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _tell_about_officer_role(request, obj.user, profile_created=not change or "user" in form.changed_data)

    def has_delete_permission(self, request, obj=None):
        # The profile of an account the staff member may not change is not theirs to remove.
        if obj is not None and outranks(obj.user, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the check above; profiles are removed one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class OfficerProfileAccountCheck(forms.ModelForm):
    """Refuses to make an officer of an account the staff member may not change (one with a
    permission or role they lack): the profile gives the account the officer role and a prison."""

    actor = None

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user is not None and user.pk == self.actor.pk and not self.actor.is_superuser:
            raise forms.ValidationError(
                _("Akun Anda sendiri tidak dapat dijadikan petugas lapas; minta administrator."), code="self"
            )
        adding = self.instance.pk is None or "user" in self.changed_data  # not a routine edit (a phone number)
        if adding and user is not None and (user.is_superuser or user.groups.filter(name__in=roles.STAFF_ROLES).exists()):
            raise forms.ValidationError(
                _("Akun staf tidak dapat dijadikan petugas lapas; buat akun terpisah untuk petugas."),
                code="staff",
            )
        if user is not None and (
            outranks(user, self.actor) or roles.PRISON_OFFICER not in roles.grantable_roles(self.actor)
        ):
            raise forms.ValidationError(
                _("Akun ini memiliki hak yang tidak dapat Anda berikan; minta administrator mengubahnya."),
                code="outranks",
            )
        return user


def _tell_about_officer_role(request, user, *, profile_created: bool) -> None:
    """Give an account that was just given a prison the officer role, and say so; warn of the role
    without a prison. Only when the profile is new: taking the role away (while keeping the
    profile) is how an officer's portal access is suspended, and a later save must not undo it."""
    if profile_created and officer_role_give(user=user):
        messages.info(
            request,
            gettext("Peran “%(role)s” diberikan kepada %(user)s karena akun ini memiliki lapas/rutan.")
            % {"role": roles.PRISON_OFFICER, "user": user.get_username()},
        )
    elif profile_created and user.groups.filter(name__in=roles.STAFF_ROLES).exists():
        messages.warning(
            request,
            gettext(
                "%(user)s memegang peran staf, sehingga tidak diberi peran “%(role)s” dan tidak dapat "
                "masuk portal petugas. Buat akun terpisah untuk petugas lapas."
            )
            % {"role": roles.PRISON_OFFICER, "user": user.get_username()},
        )
    elif (
        user.groups.filter(name=roles.PRISON_OFFICER).exists()
        and not OfficerProfile.objects.filter(user=user).exists()
    ):
        messages.warning(
            request,
            gettext(
                "%(user)s berperan “%(role)s” tetapi belum memiliki lapas/rutan, sehingga belum dapat "
                "masuk portal petugas. Isi bagian Petugas lapas."
            )
            % {"role": roles.PRISON_OFFICER, "user": user.get_username()},
        )


class ConsentHistoryInline(admin.TabularInline):
    """Every consent of the inmate, as recorded: a consent is never edited or deleted."""

    model = Consent
    verbose_name = _("persetujuan tercatat")
    verbose_name_plural = pgettext_lazy("plural", "riwayat persetujuan publikasi")
    fields = (
        "given_on",
        "withdrawn_on",
        "display_name_public",
        "story_public",
        "work_photos_public",
        "face_public",
        "recorded_by",
        "withdrawn_recorded_by",
        "notes",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The inmate for each row's heading (Consent.__str__ names the person).
        return super().get_queryset(request).select_related("inmate", "recorded_by", "withdrawn_recorded_by")


class ConsentGiveFormSet(BaseInlineFormSet):
    """Marks the give-inline's formset: InmateAdmin.save_formset hands it to consent_give."""


class ConsentGiveInline(admin.StackedInline):
    """Records a new consent through ``consent_give``: one in force before is withdrawn first."""

    model = Consent
    formset = ConsentGiveFormSet
    verbose_name = _("persetujuan baru")
    verbose_name_plural = pgettext_lazy("plural", "catat persetujuan baru")
    fields = ("display_name_public", "story_public", "work_photos_public", "face_public", "document", "notes")
    extra = 0
    max_num = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()


def _consent_give_from_form(*, inmate, user, data) -> Consent:
    consent = consent_give(
        inmate=inmate,
        user=user,
        display_name_public=data.get("display_name_public", False),
        story_public=data.get("story_public", False),
        work_photos_public=data.get("work_photos_public", False),
        face_public=data.get("face_public", False),
        notes=data.get("notes", ""),
        document=data.get("document") or None,
    )
    return consent


@admin.register(Inmate)
class InmateAdmin(
    KeptUploadsAdminMixin,
    PrisonNarrowedAutocompleteMixin,
    PrisonAutocompleteMedia,
    SafeAutocompleteMixin,
    LeanActionCheckboxMixin,
    RestoreDeletedMixin,
    ScopedHistoryMixin,
    SimpleHistoryAdmin,
):
    prison_field = "prison"
    list_display = (
        "legal_name",
        "registration_number",
        "prison",
        "workshop_name",
        "gender",
        "status",
        "display_name",
        "has_consent",
    )
    list_filter = (
        "status",
        "gender",
        "prison__region",
        PrisonInRegionFilter,
        ("created_at", CheckedDateFieldListFilter),
    )
    list_select_related = ("prison", "workshop")
    # The model's order (by prison's name, then legal name) named through the list's own
    # columns, so the headers show both sort arrows instead of claiming a sort by name alone.
    ordering = ("prison", "legal_name")
    search_fields = ("legal_name", "registration_number", "display_name", "prison__name")
    autocomplete_fields = ("prison", "workshop")
    # No date_hierarchy: at national scale its DISTINCT over every row costs more than the page.
    show_full_result_count = False
    list_per_page = 50
    inlines = (ConsentHistoryInline, ConsentGiveInline)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (
            None,
            {"fields": ("prison", "workshop", "legal_name", "registration_number", "gender", "birth_year")},
        ),
        (_("Pembinaan"), {"fields": ("skills", "status", "release_date", "transferred_to", "transferred_on")}),
        (
            _("Tampilan publik (hanya dengan persetujuan)"),
            {"fields": ("display_name", "public_story")},
        ),
        (_("Catatan sistem"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("consents")

    @staticmethod
    def _shown_texts(obj) -> list[str]:
        consent = obj.current_consent if obj is not None and obj.pk else None
        if consent is None:
            return []
        return [name for name, shown in (("display_name", consent.display_name_public),
                                         ("public_story", consent.story_public)) if shown]

    def get_readonly_fields(self, request, obj=None):
        # The words the consent in force shows are the inmate's: changed only in the portal, with
        # the officer confirming the inmate agreed (inmates.services.inmate_update; found by a
        # review: the back office rewrote them without).
        # The prison is set once. A move is a transfer ("dipindahkan"), recorded at the sending
        # prison; changing the prison here carried the person's consent scans, training history
        # and certificates over to the other prison's officers, left them on the old prison's
        # upcoming trainings, dropped them as maker from the old prison's products at its next
        # save, and put a man into a women's prison (found by a cross-prison probe).
        moved = ("prison",) if obj is not None and obj.pk else ()
        return (*super().get_readonly_fields(request, obj), *moved, *self._shown_texts(obj))

    def revert_disabled(self, request, obj=None):
        # Reverting would bring older words back the same way.
        return bool(self._shown_texts(obj)) or super().revert_disabled(request, obj)

    @admin.display(description=_("bengkel kerja"), ordering="workshop__name")
    def workshop_name(self, obj):
        # The workshop's own name: its __str__ would repeat the prison of the previous column.
        return obj.workshop.name if obj.workshop else None

    @admin.display(description=_("persetujuan berlaku"), boolean=True)
    def has_consent(self, obj):
        return obj.current_consent is not None

    def save_model(self, request, obj, form, change):
        departed = change and "status" in form.changed_data and obj.status != Inmate.Status.ACTIVE
        super().save_model(request, obj, form, change)
        if departed:
            # As the portal's release and transfer do (found by a review: set here, the person
            # kept a confirmed seat in next week's training).
            from programs.services import trainings_leave_on_departure, trainings_left_message

            if left := trainings_leave_on_departure(inmate=obj, user=request.user):
                self.message_user(request, trainings_left_message(inmate=obj, left=left), messages.INFO)

    def save_formset(self, request, form, formset, change):
        if not isinstance(formset, ConsentGiveFormSet):
            return super().save_formset(request, form, formset, change)
        new_objects = []
        for consent_form in formset.forms:
            if consent_form.has_changed() and consent_form.is_valid():
                consent = _consent_give_from_form(
                    inmate=form.instance, user=request.user, data=consent_form.cleaned_data
                )
                consent_form.instance = consent
                new_objects.append(consent)
        # What construct_change_message reads after a formset's save().
        formset.new_objects, formset.changed_objects, formset.deleted_objects = new_objects, [], []


class ActiveConsentFilter(admin.SimpleListFilter):
    title = _("berlaku")
    parameter_name = "berlaku"

    def lookups(self, request, model_admin):
        return (("ya", _("Berlaku")), ("dicabut", _("Dicabut")))

    def queryset(self, request, queryset):
        if self.value() == "ya":
            return queryset.filter(withdrawn_on__isnull=True)
        if self.value() == "dicabut":
            return queryset.filter(withdrawn_on__isnull=False)
        return queryset


class ConsentAddForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = (
            "inmate",
            "display_name_public",
            "story_public",
            "work_photos_public",
            "face_public",
            "document",
            "notes",
        )


@admin.register(Consent)
class ConsentAdmin(KeptUploadsAdminMixin, SafeAutocompleteMixin, LeanActionCheckboxMixin, RestoreDeletedMixin, ScopedHistoryMixin, SimpleHistoryAdmin):
    """Consents are recorded (through consent_give) and withdrawn, never edited or deleted; only
    the scanned form and the notes may be completed afterwards."""

    deleted_list_prefetch = ("inmate",)  # Consent.__str__ names the person

    prison_field = "inmate__prison"

    # A consent's history is a record, not a draft: "reverting" a withdrawn consent would make the
    # person public again without a new consent (consent_give), and reverting an old consent would
    # clash with the one in force. The history is shown; it is never saved back.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    list_display = (
        "inmate",
        "prison",
        "given_on",
        "withdrawn_on",
        "display_name_public",
        "story_public",
        "work_photos_public",
        "face_public",
        "recorded_by",
    )
    list_filter = (
        ActiveConsentFilter,
        "display_name_public",
        "story_public",
        "face_public",
        ("given_on", CheckedDateFieldListFilter),
    )
    list_select_related = ("inmate__prison", "recorded_by")
    search_fields = ("inmate__legal_name", "inmate__registration_number", "inmate__display_name")
    autocomplete_fields = ("inmate",)
    # No date_hierarchy: at national scale its DISTINCT over every row costs more than the page.
    show_full_result_count = False
    actions = ("withdraw_consents",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ConsentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ConsentAddForm._meta.fields
        return (
            "inmate",
            "given_on",
            "withdrawn_on",
            "display_name_public",
            "story_public",
            "work_photos_public",
            "face_public",
            "recorded_by",
            "withdrawn_recorded_by",
            "document",
            "notes",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return tuple(f for f in self.get_fields(request, obj) if f not in ("document", "notes"))

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("lapas/rutan"), ordering="inmate__prison__name")
    def prison(self, obj):
        return obj.inmate.prison

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        inmate = form.cleaned_data["inmate"]
        in_force = Consent.objects.filter(inmate=inmate, withdrawn_on__isnull=True).values_list("pk", flat=True).first()
        given = _consent_give_from_form(inmate=inmate, user=request.user, data=form.cleaned_data)
        # The admin goes on (log entry, redirect) with ``obj``: make it the stored row.
        for field in Consent._meta.concrete_fields:
            setattr(obj, field.attname, getattr(given, field.attname))
        obj._state.adding = False
        # The very consent in force, sent again: nothing was recorded, and the page says so
        # rather than "ditambahkan" (and no "added" line in the object's log).
        obj._consent_unchanged = given.pk == in_force

    def log_addition(self, request, obj, message):
        if getattr(obj, "_consent_unchanged", False):
            return None
        return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if not getattr(obj, "_consent_unchanged", False):
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            _("Persetujuan ini sama dengan yang sedang berlaku untuk %(person)s; tidak ada yang diubah.")
            % {"person": obj.inmate.legal_name},
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:inmates_consent_change", args=[obj.pk]))

    @admin.action(description=_("Cabut persetujuan terpilih"), permissions=["change"])
    def withdraw_consents(self, request, queryset):
        withdrawn = 0
        for consent in queryset.filter(withdrawn_on__isnull=True).select_related("inmate"):
            if consent_withdraw(inmate=consent.inmate, user=request.user) is not None:
                withdrawn += 1
        skipped = queryset.count() - withdrawn
        if withdrawn:
            self.message_user(
                request,
                gettext("%(count)d persetujuan dicabut.") % {"count": withdrawn},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                gettext("%(count)d persetujuan dilewati karena sudah dicabut sebelumnya.")
                % {"count": skipped},
                messages.WARNING,
            )


# --- Users: the officer's prison inline; nobody grants more than they hold ---------------------


class StaffNotOfficerFormSet(forms.BaseInlineFormSet):
    sent_staff_role = False
    staff_role_new = False  # sent now, not held before (an old account holding both stays saveable)

    def clean(self):
        super().clean()
        adding = [
            form for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            and form.instance.pk is None and form.has_changed()
        ]
        if self.sent_staff_role and adding:
            raise forms.ValidationError(
                _("Akun staf tidak dapat dijadikan petugas lapas; buat akun terpisah untuk petugas."), code="staff"
            )
        kept = [
            form for form in self.forms
            if form.instance.pk is not None and not (getattr(form, "cleaned_data", None) or {}).get("DELETE")
        ]
        if self.staff_role_new and kept:
            # An officer's account given a staff role kept its prison: it saw every prison in the
            # back office, was still listed as the prison's officer, and only a superuser could
            # change it again (found by a corrections-staff probe).
            raise forms.ValidationError(
                _(
                    "Akun ini terhubung ke lapas/rutan sebagai petugas; akun petugas tidak dapat dijadikan "
                    "akun staf. Buat akun terpisah untuk stafnya."
                ),
                code="officer",
            )


class OfficerProfileInline(SafeAutocompleteMixin, admin.StackedInline):
    model = OfficerProfile
    can_delete = True
    max_num = 1
    extra = 0
    fields = ("prison", "position", "phone")
    autocomplete_fields = ("prison",)
    verbose_name_plural = pgettext_lazy("plural", "petugas lapas")

    def has_add_permission(self, request, obj=None):
        # A new profile makes the account an officer: only for who may give that role, and never
        # to oneself (read-only staff would get a prison's portal to write in).
        if roles.PRISON_OFFICER not in roles.grantable_roles(request.user):
            return False
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_add_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The roles sent with this very save: the profile's own check reads the stored ones only,
        # so a staff role and a prison given together made an account both (found by an attacker
        # probe; no access followed, but the record said both).
        staff = request.method == "POST" and (
            bool(request.POST.get("is_superuser"))
            or Group.objects.filter(pk__in=[pk for pk in request.POST.getlist("groups") if pk.isdecimal() and len(pk) < 19], name__in=roles.STAFF_ROLES).exists()
        )
        held = obj is not None and obj.pk is not None and (
            obj.is_superuser or any(roles.has_role(obj, role) for role in roles.STAFF_ROLES)
        )
        return type(
            formset.__name__,
            (StaffNotOfficerFormSet, formset),
            {"sent_staff_role": staff, "staff_role_new": staff and not held},
        )


def _permission_ids(user) -> frozenset[int]:
    # Cached on the instance: the admin asks several times per request.
    cached = getattr(user, "_etalase_permission_ids", None)
    if cached is None:
        cached = frozenset(
            Permission.objects.filter(Q(user=user) | Q(group__user=user)).values_list("pk", flat=True)
        )
        user._etalase_permission_ids = cached
    return cached


def grantable_groups(user):
    """The groups ``user`` may give to an account: all for a superuser, otherwise those whose every
    permission ``user`` holds already and, for a role, the roles ``user``'s own roles may give (a
    role is a right even without permissions: a juror scores, an officer works in the portal)."""
    if user.is_superuser:
        return Group.objects.all()
    return Group.objects.exclude(
        permissions__in=Permission.objects.exclude(pk__in=_permission_ids(user))
    ).filter(Q(name__in=roles.grantable_roles(user)) | ~Q(name__in=roles.ALL_ROLES))


def outranks(target, user) -> bool:
    """Whether account ``target`` holds rights that ``user`` lacks: superuser status, a permission,
    or a role ``user`` may not give; or is a staff colleague's (a back-office role: taking over an
    equal's account would let one act under their name). Such an account, its password included,
    is not ``user``'s to change: resetting a juror's password would otherwise be a way into the
    jury."""
    if user.is_superuser:
        return False
    if target.is_superuser:
        return True
    if not _permission_ids(target) <= _permission_ids(user):
        return True
    target_roles = {role for role in roles.ALL_ROLES if roles.has_role(target, role)}
    if target.pk != user.pk and target_roles & set(roles.STAFF_ROLES):
        return True  # a colleague's account (its password) is the administrator's to change
    return not target_roles <= roles.grantable_roles(user)


class EtalaseUserChangeForm(UserAdmin.form):
    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        error = roles.combined_roles_error(group.name for group in groups or ())
        # Unchanged roles stay saveable (an administrator suspending an old account that holds
        # both); such an account is an officer everywhere anyway (``roles.sees_all_prisons``).
        if error and "groups" in self.changed_data:
            raise forms.ValidationError(error, code="combined_roles")
        return groups

    def clean(self):
        """A superuser is no prison officer either (found by a review: the officer role then shut
        the administrator out of the back office)."""
        data = super().clean()
        officer = any(group.name == roles.PRISON_OFFICER for group in data.get("groups") or ())
        if officer and data.get("is_superuser") and {"groups", "is_superuser"} & set(self.changed_data):
            self.add_error(
                "groups",
                forms.ValidationError(
                    _("Superuser tidak dapat sekaligus berperan “%(officer)s”: buat akun terpisah untuk petugas.")
                    % {"officer": roles.PRISON_OFFICER},
                    code="superuser_officer",
                ),
            )
        return data


admin.site.unregister(User)


@admin.register(User)
class EtalaseUserAdmin(UserAdmin):
    """Django's user admin with the officer's prison inline.

    A non-superuser can neither grant superuser status or single permissions, nor give a role
    (group) with rights they lack, nor change an account that has rights they lack (its password
    included): otherwise any staff member could make themselves or a helper all-powerful.
    """

    form = EtalaseUserChangeForm
    inlines = (OfficerProfileInline,)
    list_display = ("username", "email", "first_name", "last_name", "officer_prison", "is_staff", "is_active")
    list_select_related = ("officer_profile__prison",)
    search_fields = ("username", "first_name", "last_name", "email")

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # set (a form error draws the page again)
            user = self.get_object(request, unquote(id))
            if user is not None and password_set_by_other_notify(user=user, by=request.user):
                messages.info(
                    request, gettext("%(user)s diberi tahu lewat surel.") % {"user": user.get_username()}
                )
        return response

    @admin.display(description=_("lapas/rutan"), ordering="officer_profile__prison__name")
    def officer_prison(self, obj):
        try:
            return obj.officer_profile.prison
        except ObjectDoesNotExist:
            return None

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        created = any(formset.model is OfficerProfile and formset.new_objects for formset in formsets)
        _tell_about_officer_role(request, form.instance, profile_created=created)
