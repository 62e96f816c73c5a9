"""Pairwise precision, recall and F1 of a clustering against the truth, and the two
methods nrm is compared with (docs/dedup.md): exact name and date of birth, as agencies
match by hand (`linkage.exact_clusters`), and Splink with its default settings on the raw
fields (`splink_default_clusters`).

A pair is two records of the same cluster; precision is the share of predicted pairs that
are true, recall the share of true pairs predicted.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(counts: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def pairwise(predicted: Sequence, truth: Sequence) -> Scores:
    """Both sequences give one cluster label per record, in the same record order."""
    if len(predicted) != len(truth):
        raise ValueError("one label per record in both")
    pred = _pairs(Counter(predicted))
    true = _pairs(Counter(truth))
    correct = _pairs(Counter(zip(predicted, truth, strict=True)))
    p = correct / pred if pred else 1.0
    r = correct / true if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, true, pred, correct)


def splink_default_clusters(rows: Sequence[dict], *, threshold: float = 0.9) -> list[int]:
    """Splink as its documentation sets it up for people, on the fields as written: its
    `NameComparison` on each name, `DateOfBirthComparison`, exact sex, citizenship and
    place; blocking on the names and on the date of birth; u by random sampling, m by EM."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from nrm.dedup.linkage import _renumber

    n = len(rows)
    if n < 2:
        return list(range(n))
    cols = {
        "unique_id": list(range(n)),
        **{
            k: [(r.get(k) or None) for r in rows]
            for k in (
                "given_name",
                "family_name",
                "sex",
                "date_of_birth",
                "citizenship",
                "place_of_birth",
            )
        },
    }
    con = duckdb.connect(":memory:")
    con.execute("SET threads TO 2")
    con.register("raw", pa.table(cols))
    con.execute("CREATE TABLE persons AS SELECT * FROM raw")
    try:
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[
                cl.NameComparison("given_name"),
                cl.NameComparison("family_name"),
                cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
                cl.ExactMatch("sex"),
                cl.ExactMatch("citizenship"),
                cl.ExactMatch("place_of_birth"),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("given_name", "family_name"),
                block_on("date_of_birth"),
                block_on("family_name", "substr(date_of_birth, 1, 4)"),
            ],
        )
        linker = Linker(
            DuckDBAPI(connection=con).register("persons"), settings, log_level=logging.ERROR
        )
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given_name", "family_name", "date_of_birth")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
        for rule in (block_on("date_of_birth"), block_on("given_name", "family_name")):
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, max_pairs=500_000
                )
            except ValueError:  # too few pairs to estimate (small inputs)
                continue
        pred = linker.inference.predict(threshold_match_probability=threshold)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            pred, threshold_match_probability=threshold
        )
        got = dict(
            con.execute(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall()  # noqa: S608
        )
    finally:
        con.close()
    return _renumber(got.get(i, f"single-{i}") for i in range(n))
