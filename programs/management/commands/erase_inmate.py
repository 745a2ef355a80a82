from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inmates.models import Inmate
from programs.erasure import erase_confirmation_message, inmate_erase


class Command(BaseCommand):
    help = "Erase a participant's personal data on request (UU 27/2022); their products stay, credited to the prison."

    def add_arguments(self, parser):
        parser.add_argument("inmate_id", type=int)
        parser.add_argument("--by", required=True, help="username of the staff member carrying out the request")

    def handle(self, *args, **options):
        try:
            inmate = Inmate.objects.get(pk=options["inmate_id"])
        except Inmate.DoesNotExist:
            raise CommandError(f"no participant with id {options['inmate_id']}") from None
        try:
            user = get_user_model().objects.get(username=options["by"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user {options['by']!r}") from None
        inmate_erase(inmate=inmate, user=user)
        self.stdout.write(erase_confirmation_message(inmate))
