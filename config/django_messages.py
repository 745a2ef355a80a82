"""Django's own messages whose Indonesian translation we correct.

Django's Indonesian catalogue says "… ini tidak ada" ("does not exist") for a duplicate on a
several-field unique constraint, the opposite of what happened; and "dibawah" (for "di bawah")
above every admin form with an error. Catalogues under LOCALE_PATHS win
over Django's, so locale/id carries the right wording; naming the message here keeps it in the
catalogue when makemessages runs. tests/test_translations.py checks the result.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

CORRECTED = [
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    # Stiff or odd wording ("Masukkan keseluruhan angka bilangan"; "menyunting itu kembali" beside
    # "mengeditnya kembali"), found by a probe of the admin.
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    # "Rubah atau tampilkan tautan kunjungan" ("rubah" is a fox) heads the admin's index table for
    # screen readers; "merubah" in the user form; "Tambahkan … lagi" ("another") on an inline
    # that has no rows yet.
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Add another %(verbose_name)s"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
    # "Masukkan nama pengguna nama pengguna dan sandi…": Django's translation names the field
    # itself before the field's name (found by a new user's probe).
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may be case-sensitive."
    ),
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
]
