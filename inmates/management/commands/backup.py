from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inmates.backup import BackupError, backup_create, backup_folder_name


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's online backup) and MEDIA_ROOT into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help="folder that receives the new backup folder")

    def handle(self, *args, **options):
        # Files and photos kept for a day after a failed form are no records: not backed up once
        # expired (inmates.kept_uploads, products.StagedImage).
        from inmates.kept_uploads import staged_files_purge
        from products.services import staged_images_purge

        staged_files_purge()
        staged_images_purge()
        try:
            target = backup_create(target=backup_folder_name(Path(options["dir"])))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(target))
