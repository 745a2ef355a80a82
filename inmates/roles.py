"""The roles of Etalase, as Django groups (created by programs/migrations/0002_roles.py, the migration that runs after every app's models exist).

Group names are data: they are stored in the database, so changing one needs a migration.
"""

from django.utils.translation import gettext_lazy as _

MINISTRY_STAFF = "Staf Kemenperin"
CORRECTIONS_STAFF = "Staf Ditjen PAS"
PRISON_OFFICER = "Petugas Lapas"
JURY = "Juri"

ALL_ROLES = (MINISTRY_STAFF, CORRECTIONS_STAFF, PRISON_OFFICER, JURY)
STAFF_ROLES = (MINISTRY_STAFF, CORRECTIONS_STAFF)  # the back office's roles


def combined_roles_error(role_names) -> str | None:
    """Why an account cannot hold these roles together, or None. An officer sees one prison; a
    back-office role sees them all: one account holding both would be either a staff member
    confined to a prison or an officer with every prison's data. Two accounts are needed."""
    names = set(role_names)
    if PRISON_OFFICER in names and names & set(STAFF_ROLES):
        return str(
            _(
                "Satu akun tidak dapat sekaligus berperan “%(officer)s” dan peran staf (%(staff)s): "
                "petugas hanya melihat lapas/rutannya sendiri. Buat akun terpisah."
            )
            % {"officer": PRISON_OFFICER, "staff": ", ".join(STAFF_ROLES)}
        )
    return None


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cache the user's group names on the instance: checked several times per request.
    names = getattr(user, "_etalase_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._etalase_group_names = names
    return role in names


def sees_all_prisons(user) -> bool:
    """Ministry and corrections staff (and superusers) see every prison's data.

    An account with the prison-officer role is an officer first, whatever else it holds: its own
    prison only, in the portal and everywhere else. (A probe gave an officer the corrections
    staff role as well; the portal then listed, and let them change, every prison's inmates.
    The admin also refuses to combine the roles: ``inmates.admin``.)"""
    if not user.is_authenticated or not user.is_active or has_role(user, PRISON_OFFICER):
        return False
    return (
        user.is_superuser
        or has_role(user, MINISTRY_STAFF)
        or has_role(user, CORRECTIONS_STAFF)
    )


def sits_on_a_jury(user) -> bool:
    """A juror: the Juri role, or a competition's jury seat held by an account that may sit on
    one (``exhibitions.models.juror_candidates``: ministry staff may; a prison officer never).
    Remembered on the instance, like the roles."""
    if not user.is_authenticated or not user.is_active:
        return False
    if has_role(user, JURY):
        return True
    if has_role(user, PRISON_OFFICER):
        return False
    seated = getattr(user, "_etalase_sits_on_a_jury", None)
    if seated is None:
        seated = user.juries.exists()
        user._etalase_sits_on_a_jury = seated
    return seated


WORKSPACES = {
    "portal:dashboard": _("Portal petugas"),
    "admin:index": _("Administrasi"),
    "portal:jury-list": _("Penjurian"),
}


def workspace_url_name(user) -> str | None:
    """The URL name of where ``user`` works (a key of ``WORKSPACES``), or None for a visitor:
    prison officers the portal, staff the admin, jurors the jury's list. Where the login page
    sends them, and what the public header links to while they are signed in."""
    if not user.is_authenticated or not user.is_active:
        return None
    if has_role(user, PRISON_OFFICER):
        return "portal:dashboard"
    if user.is_staff:
        return "admin:index"
    if has_role(user, JURY):
        return "portal:jury-list"
    return None


# Which roles a holder of each role may give to an account. A role is a right of its own (a juror
# scores entries, an officer works in a prison's portal) even where it carries no model permission,
# so nobody gives, or takes over an account holding, a role they may not give.
ROLES_GRANTED_BY = {
    MINISTRY_STAFF: (MINISTRY_STAFF, CORRECTIONS_STAFF, PRISON_OFFICER, JURY),
    CORRECTIONS_STAFF: (CORRECTIONS_STAFF, PRISON_OFFICER),
    PRISON_OFFICER: (),
    JURY: (),
}


def grantable_roles(user) -> frozenset[str]:
    """The role names ``user`` may give: every role for a superuser, else those their roles allow."""
    if user.is_superuser:
        return frozenset(ALL_ROLES)
    return frozenset(
        granted for role in ALL_ROLES if has_role(user, role) for granted in ROLES_GRANTED_BY[role]
    )


# What each back-office role may do, as (app_label, model or "*", actions). Prison officers and
# jurors work in the portal, never the admin, so they get no model permissions here.
ROLE_PERMISSIONS = {
    MINISTRY_STAFF: [
        ("inmates", "*", ("add", "change", "delete", "view")),
        ("products", "*", ("add", "change", "delete", "view")),
        ("exhibitions", "*", ("add", "change", "delete", "view")),
        ("programs", "*", ("add", "change", "delete", "view")),
        ("auth", "user", ("add", "change", "view")),
        ("auth", "group", ("view",)),
    ],
    CORRECTIONS_STAFF: [
        ("inmates", "*", ("view",)),
        ("products", "*", ("view",)),
        ("exhibitions", "*", ("view",)),
        ("programs", "*", ("view",)),
        ("inmates", "prison", ("add", "change")),
        ("inmates", "workshop", ("add", "change")),
        ("inmates", "officerprofile", ("add", "change", "delete")),
        ("auth", "user", ("add", "change", "view")),
        ("auth", "group", ("view",)),
    ],
    PRISON_OFFICER: [],
    JURY: [],
}

# What a role's "*" grant above leaves out, as (app_label, model). Ditjen PAS never answers buyers
# (the ministry and the prisons' officers do): the buyers' names, e-mail addresses and telephone
# numbers in their inquiries, and the answers sent to them, are not theirs to read (UU 27/2022:
# personal data only to whoever needs it). The exhibition report leaves its list of buyers out for
# them too (``exhibitions.report_admin``); the counts per status stay.
ROLE_WITHHELD = {
    CORRECTIONS_STAFF: {("exhibitions", "inquiry"), ("exhibitions", "inquiryreply")},
}


def sync_role_groups(apps) -> None:
    """Create the role groups and give each exactly the permissions in ROLE_PERMISSIONS, less
    those of the models ROLE_WITHHELD keeps from it.

    Takes the migration's ``apps`` so that data migrations can call it again whenever models are
    added (permissions of new models are created first).
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Migration app registries have no models_module; create_permissions skips such apps.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        withheld = ROLE_WITHHELD.get(role, set())
        for app_label, model, actions in ROLE_PERMISSIONS[role]:
            perms = Permission.objects.filter(content_type__app_label=app_label).select_related("content_type")
            if model != "*":
                perms = perms.filter(content_type__model=model)
            for perm in perms:
                if (app_label, perm.content_type.model) in withheld:
                    continue
                if perm.codename.split("_", 1)[0] in actions:
                    wanted.append(perm)
        group.permissions.set(wanted)
