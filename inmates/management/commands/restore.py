from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inmates.backup import BackupError, backup_restore, media_files, table_row_counts


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` into the configured database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup folder")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args, **options):
        source = Path(options["source"])
        if not (source / "manifest.json").exists():
            raise CommandError(f"{source} is not a backup folder (no manifest.json)")
        if not options["yes"]:
            answer = input("This replaces the database and media files with the backup. Continue? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "ya"}:
                raise CommandError("cancelled")
        try:
            manifest = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = table_row_counts()
        missing_rows = {t: n for t, n in manifest["tables"].items() if counts.get(t) != n}
        from django.conf import settings

        missing_files = sorted(set(manifest["media"]) - set(media_files(Path(settings.MEDIA_ROOT))))
        if missing_rows or missing_files:
            raise CommandError(f"restore incomplete: tables {missing_rows}, files {missing_files[:10]}")
        self.stdout.write(
            f"restored {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables "
            f"and {len(manifest['media'])} files"
        )
