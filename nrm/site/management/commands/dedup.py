import sys
import time

from django.core.management.base import BaseCommand, CommandError

from nrm.dedup.csvfile import MAX_BYTES, MAX_RECORDS, BadFile, read_persons, write_clusters
from nrm.dedup.linkage import BACKENDS, DEFAULT_THRESHOLD, cluster


class Command(BaseCommand):
    help = (
        "Which person records are the same person: `nrm dedup --input persons.csv "
        "--output clusters.csv [--threshold P] [--backend spark]` (docs/dedup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="CSV: " + "record_id,given_name,…")
        parser.add_argument("--output", required=True, help="CSV written: record_id,person_id")
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help=f"match probability at or above which two records are one person "
            f"(default {DEFAULT_THRESHOLD})",
        )
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            default="duckdb",
            help="where the pairs are scored: embedded DuckDB (default) or a local Spark "
            "(needs the extra nrm[spark] and Java 17)",
        )
        parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="refuse larger files")
        parser.add_argument(
            "--max-records", type=int, default=MAX_RECORDS, help="refuse more records"
        )

    def handle(self, *args, input, output, threshold, backend, max_bytes, max_records, **options):
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1 (exclusive)")
        if backend == "spark":
            try:
                import pyspark  # noqa: F401
            except ImportError:
                raise CommandError(
                    "--backend spark needs pyspark: pip install 'nrm[spark]'"
                ) from None
        started = time.monotonic()

        def progress(msg: str) -> None:
            print(f"dedup [{time.monotonic() - started:6.1f} s] {msg}", file=sys.stderr, flush=True)

        try:
            rows = read_persons(input, max_bytes=max_bytes, max_records=max_records)
        except BadFile as e:
            raise CommandError(f"{input}: {e}; nothing written") from None
        progress(f"read {len(rows):,} records")
        persons = cluster(rows, threshold=threshold, progress=progress, backend=backend)
        write_clusters(output, [r["record_id"] for r in rows], persons)
        progress(f"{len(rows):,} records, {len(set(persons)):,} persons: wrote {output}")
