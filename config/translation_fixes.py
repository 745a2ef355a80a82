"""Django's own messages whose Indonesian translation is wrong, named here so that our catalogue
(locale/id, read before Django's) carries the corrected text; makemessages keeps an entry only
while a source file names it."""

from django.utils.translation import gettext_noop

FIXED = [
    # Django's catalogue runs two words together: "memerlukan penghapusanobjek terlindungi" (found
    # by a staff probe deleting a booth that had sales from the exhibition's page).
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected related "
        "objects: %(related_objects)s"
    ),
]
