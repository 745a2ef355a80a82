from django.core.management.base import BaseCommand

from exhibitions.services import exhibition_banners_strip_metadata
from products.services import stored_images_strip_metadata


class Command(BaseCommand):
    help = (
        "Find stored images (product photos and their thumbnails, exhibition banners) that still "
        "carry EXIF, GPS, XMP or comments, and re-encode them without it. --dry-run only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the files, change nothing")

    def handle(self, *args, dry_run=False, **options):
        reports = stored_images_strip_metadata(dry_run=dry_run) + exhibition_banners_strip_metadata(
            dry_run=dry_run
        )
        unreadable = [report for report in reports if report.unreadable]
        fixed = [report for report in reports if not report.unreadable]
        for report in fixed:
            verb = "carries" if dry_run else "re-encoded, had"
            self.stdout.write(f"{report.rows}: {report.name} {verb} {', '.join(report.found)}")
        for report in unreadable:
            self.stderr.write(f"{report.rows}: {report.name} could not be read or re-encoded; left as it is")
        action = "to re-encode" if dry_run else "re-encoded"
        self.stdout.write(f"{len(fixed)} image file(s) with metadata {action}; {len(unreadable)} unreadable.")
