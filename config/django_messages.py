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
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
]
