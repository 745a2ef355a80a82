from django.core.management.base import BaseCommand

from inmates.kept_uploads import staged_files_purge
from products.services import staged_images_purge


class Command(BaseCommand):
    help = (
        "Delete the files and product photos kept for a day after a form failed (older than a day). "
        "Each new one kept also clears the old; run this daily (cron) so none stays longer, and "
        "before a backup (make backup does)."
    )

    def handle(self, *args, **options):
        files, photos = staged_files_purge(), staged_images_purge()
        self.stdout.write(f"{files} kept file(s) and {photos} kept photo(s) deleted")
