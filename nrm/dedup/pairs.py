"""Scored pairs with their evidence, for a reviewer (issue 14, docs/unique-persons.md).

`scored_pairs(rows, threshold=…)` takes records in the `nrm dedup` column shape
(`columns.HEADER`, strings, "" for empty) and answers the candidate pairs whose match
probability is at or above `threshold`, each with its match weight and, per comparison
(given name, family name, date of birth, age, sex, citizenship, place of birth), the
agreement level that decided it: Splink's gamma value, its label and the level's weight
(the waterfall's bars). Never a compared value: only which level agreed.

It runs the model of `linkage.py` unchanged (`prepare`, `settings`, `_connect`, `train`):
only the last step differs, pairs instead of persons.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from nrm.dedup import linkage

# The comparisons, in the order the model defines them (`linkage._comparisons`).
COMPARISONS = ("given", "family", "dob", "age", "sex", "citizenship", "place")


@dataclass(frozen=True)
class Level:
    """One comparison's outcome for a pair: Splink's gamma (-1 missing, 0 the else level,
    higher the closer), its label, and `kind` — `missing`, `exact` (the top level),
    `close` (between) or `different` (the else level) — for a reader."""

    gamma: int
    label: str
    kind: str
    weight: float  # the level's match weight: log2 of its Bayes factor (0 when missing)

    def as_dict(self) -> dict:
        return {
            "gamma": self.gamma,
            "label": self.label,
            "kind": self.kind,
            "weight": round(self.weight, 3),
        }


@dataclass(frozen=True)
class Pair:
    left: str  # record_id, the lower input position first
    right: str
    probability: float
    match_weight: float
    evidence: dict[str, Level] = field(default_factory=dict)

    def evidence_dict(self) -> dict:
        return {name: level.as_dict() for name, level in self.evidence.items()}


def _kind(gamma: int, top: int) -> str:
    if gamma < 0:
        return "missing"
    if gamma == 0:
        return "different"
    return "exact" if gamma == top else "close"


def _levels(linker) -> dict[str, tuple[int, dict[int, str]]]:
    """Per comparison: its top gamma and the label of each gamma."""
    found = {}
    for comparison in linker._settings_obj.comparisons:
        labels = {
            lv.comparison_vector_value: lv.label_for_charts for lv in comparison.comparison_levels
        }
        found[comparison.output_column_name] = (max(labels), labels)
    return found


def scored_pairs(
    rows: Sequence[dict],
    *,
    threshold: float = linkage.DEFAULT_THRESHOLD,
    today: date | None = None,
    train_model: bool | None = None,
    progress: linkage.Progress = linkage._quiet,
) -> list[Pair]:
    """The pairs at or above `threshold`, most probable first (then by record order)."""
    from splink import DuckDBAPI, Linker

    n = len(rows)
    if n < 2:
        return []
    cols = linkage.prepare(rows, today=today or date.today())
    con = linkage._connect(cols)
    try:
        db_api = DuckDBAPI(connection=con)
        trained = train_model if train_model is not None else n >= linkage.MIN_TRAINING_RECORDS
        linker = Linker(
            db_api.register("persons"),
            linkage.settings(term_frequencies=trained, keep_columns=True),
            log_level=logging.ERROR,
        )
        if trained:
            try:
                linkage.train(linker, con, n, progress)
            except (ValueError, ZeroDivisionError) as e:  # EM on degenerate inputs
                progress(f"training failed ({str(e)[:120]}): the prior m and u are used")
                linker = Linker(
                    db_api.register("persons", table_name="persons_untrained"),
                    linkage.settings(term_frequencies=False, keep_columns=True),
                    log_level=logging.ERROR,
                )
        levels = _levels(linker)
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        names = [c for c in COMPARISONS if c in levels]
        columns = ", ".join(f'"gamma_{c}", "mw_{c}"' for c in names)
        present = _columns(con, predictions.physical_name)
        tf = {c for c in names if f"mw_tf_adj_{c}" in present}
        tf_columns = "".join(f', "mw_tf_adj_{c}"' for c in sorted(tf))
        result = con.execute(
            f"SELECT unique_id_l, unique_id_r, match_probability, match_weight, {columns}"  # noqa: S608  (the model's own columns)
            f"{tf_columns} FROM {predictions.physical_name} "
            "ORDER BY match_probability DESC, unique_id_l, unique_id_r"
        ).fetchall()
    finally:
        con.close()
    ids = [r["record_id"] for r in rows]
    pairs = []
    for row in result:
        left, right, probability, total = row[:4]
        rest = row[4:]
        extra = dict(zip(sorted(tf), rest[2 * len(names) :], strict=True))
        evidence = {}
        for i, name in enumerate(names):
            gamma, weight = int(rest[2 * i]), float(rest[2 * i + 1] or 0)
            weight += float(extra.get(name) or 0)
            top, labels = levels[name]
            evidence[name] = Level(
                gamma=gamma,
                label=str(labels.get(gamma, gamma)),
                kind=_kind(gamma, top),
                weight=weight if gamma >= 0 else 0.0,
            )
        a, b = sorted((int(left), int(right)))
        pairs.append(
            Pair(
                left=ids[a],
                right=ids[b],
                probability=float(probability),
                match_weight=float(total),
                evidence=evidence,
            )
        )
    return pairs


def _columns(con, table: str) -> set[str]:
    return {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
