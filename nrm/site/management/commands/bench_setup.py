from django.core.management.base import BaseCommand

from nrm.site.demo import demo_users_ensure, reference_data_ensure


class Command(BaseCommand):
    help = "For `make bench`: the demo institutions and users (ap.secretariat among them)."

    def handle(self, *args, **options):
        demo_users_ensure(reference_data_ensure())
        self.stdout.write("bench: demo institutions and users ready")
