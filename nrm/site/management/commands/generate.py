from django.core.management.base import BaseCommand

from nrm.registry.bulk import generate_cases
from nrm.site.demo import reference_data_ensure


class Command(BaseCommand):
    help = "Synthetic cases at scale, for benchmarks: `nrm generate --cases N [--seed S]`."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, cases: int, seed: int, batch: int, **options):
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        reference_data_ensure()
        made = generate_cases(count=cases, seed=seed, batch=batch, progress=self.stdout.write)
        self.stdout.write(f"generated {made} cases")
