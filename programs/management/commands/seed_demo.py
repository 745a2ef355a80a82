"""``manage.py seed_demo [--if-empty]``: load the demo data (see programs/demo.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from programs import demo, demo_data


class Command(BaseCommand):
    help = (
        "Memuat data demo: pameran ke-6 (3-6 April 2018), 33 delegasi, perjanjian kerja sama, "
        "Bimtek, warga binaan dan produk fiktif. Aman dijalankan berulang. Akun demo hanya "
        "dibuat bila DEBUG aktif."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Tidak memuat apa pun bila basis data sudah berisi pameran.",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and demo.demo_database_in_use():
            self.stdout.write("Basis data sudah berisi pameran; data demo tidak dimuat (--if-empty).")
        else:
            report = demo.demo_seed(with_accounts=settings.DEBUG)
            self.write_report(report)
        self.write_logins()

    def write_report(self, report: demo.SeedReport) -> None:
        seconds = f"{report.seconds:.1f}".replace(".", ",")
        if report.nothing_created:
            self.stdout.write(f"Data demo sudah lengkap; tidak ada yang diubah ({seconds} detik).")
            return
        parts = [f"{n} {model._meta.verbose_name_plural}" for model, n in report.created.items()]
        if report.images:
            parts.append(f"{report.images} gambar produk (dengan thumbnail)")
        self.stdout.write(self.style.SUCCESS(f"Data demo dimuat dalam {seconds} detik."))
        self.stdout.write("Baru dibuat: " + ", ".join(parts) + ".")

    def write_logins(self) -> None:
        if not settings.DEBUG:
            self.stdout.write("DEBUG tidak aktif: akun demo tidak dibuat.")
            return
        logins = demo.demo_logins()
        self.stdout.write(
            f"\nAkun demo (hanya untuk pengembangan), kata sandi semuanya: {demo_data.DEMO_PASSWORD}"
        )
        for login in logins:
            note = "" if login.exists else "  (belum ada)"
            self.stdout.write(f"  {login.username:<18} {login.role:<52} {login.where}{note}")
        if not all(login.exists for login in logins):
            self.stdout.write(
                "Akun yang belum ada dibuat oleh `manage.py seed_demo` (tanpa --if-empty) dengan DEBUG=1."
            )
