"""``python manage.py seed_scale``: synthetic data at national scale (see programs/scale.py)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from products.models import Product
from programs.scale import ScaleSizes, seed_scale


class Command(BaseCommand):
    help = (
        "Adds synthetic data at national scale (prisons, inmates with consent, approved products "
        "with makers and images, exhibitions with delegations, trainings) in batches, for the "
        "benchmark. Refuses to run when there are products already, unless --force."
    )

    def add_arguments(self, parser):
        defaults = ScaleSizes()
        for name, help_text in (
            ("prisons", "prisons (lapas/rutan) across the 34 provinces"),
            ("inmates", "inmates (about 85%% with consent, a few withdrawn)"),
            ("products", "products (about 85%% approved)"),
            ("exhibitions", "exhibitions (the last one upcoming, with registration open)"),
            ("delegations", "accepted delegations per past exhibition"),
            ("trainings", "trainings (Bimtek)"),
            ("participants", "participants per training"),
            ("sales", "market-trial sales per past exhibition"),
            ("images", "distinct image files, shared by all image rows"),
        ):
            parser.add_argument(
                f"--{name}", type=int, default=getattr(defaults, name), help=f"number of {help_text}"
            )
        parser.add_argument("--seed", type=int, default=2018, help="random seed (same seed, same data)")
        parser.add_argument("--batch-size", type=int, default=5_000, help="rows per INSERT")
        parser.add_argument("--force", action="store_true", help="add to a database that has products")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, **options):
        sizes = ScaleSizes(
            **{field: options[field] for field in ScaleSizes.__dataclass_fields__}
        )
        if min(sizes.prisons, sizes.inmates, sizes.products) < 1:
            raise CommandError("--prisons, --inmates and --products must be at least 1.")
        if Product.objects.exists() and not options["force"]:
            raise CommandError(
                "The database already has products; seed_scale adds data, it never replaces it. "
                "Use an empty database, or --force to add anyway."
            )
        report = seed_scale(
            sizes=sizes,
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=not options["no_progress"],
            stream=sys.stderr,
        )
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"seed_scale done in {report.seconds:.1f} s"))
