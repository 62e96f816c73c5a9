"""Which records are the same person: a Splink model on embedded DuckDB (docs/dedup.md).

`cluster(rows, threshold=DEFAULT_THRESHOLD, progress=print)` takes records as dicts with the
columns of `columns.HEADER` (strings, "" for empty) and answers one person number per
record, in input order. Steps:

1. Each record is prepared in Python (`prepare`): names through `normalise.name_tokens`,
   their phonetic keys, a birth year from the date of birth or else from the estimated age.
2. Candidate pairs come from blocking rules that keep recall (any one suffices,
   `BLOCKING_RULES`): both phonetic keys agree (in either order: given/family swapped), or
   one of them and the birth year, or the date of birth alone, or one name exactly and the
   first two letters of the other.
3. Each pair is compared field by field (`_comparisons`): each name exact (term-frequency
   adjusted), exact but swapped with the other name, close (Jaro-Winkler ≥ 0.92, ≥ 0.8, in
   either order), sharing a token, else; date of birth exact / one slip (a digit, day and
   month swapped, a day or a year off) / else; estimated age (only when a date is missing)
   within 1, 3, 6 years; sex, citizenship, place of birth.
4. The model is trained on the input itself: the share of matches from exact name and date
   agreement, u by random sampling, m by expectation maximisation on the pairs sharing a
   date of birth, then u of sex, citizenship and place among namesakes (`_namesake_u`); the
   date and age m stay at `DOB_M_U`, `AGE_M_U`. Below `MIN_TRAINING_RECORDS` records (or when
   EM cannot estimate) it keeps the priors written in `_comparisons`, without term
   frequencies.
5. Pairs at or above `threshold` (match probability) are joined into persons, strongest
   first, never putting two contradicting records (dates of birth, ages, sexes) into one
   person through a third (`join_persons`).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from nrm.dedup.normalise import name_tokens, normalise_place, phonetic_key

# Match probability at or above which two records are taken for the same person; measured
# on the synthetic benchmark (docs/dedup.md, "Thresholds"). `nrm dedup --threshold P`.
DEFAULT_THRESHOLD = 0.9
# Below this many records EM has too few pairs to learn from: the priors are kept.
MIN_TRAINING_RECORDS = 2000
# Random pairs for the u probabilities.
U_PAIRS = 2_000_000
# Records sampled for EM's blocked pairs (a cap on the pairs; EM needs far fewer).
EM_MAX_PAIRS = 500_000


# m (and starting u) of the date of birth and the estimated age: how often one person's date
# is written the same, with one slip, or otherwise, and how close two estimates of the
# same person's age fall. These are rates of data entry, kept fixed: EM cannot learn them
# from the input, where records with the same name differ mostly by their date (the pairs
# of namesakes and the pairs of one person look alike but for it). u is still measured.
DOB_M_U = [(0.93, 0.0002), (0.06, 0.002), (0.01, 0.998)]
AGE_M_U = [(0.55, 0.05), (0.4, 0.07), (0.04, 0.1), (0.01, 0.78)]
# No trained m goes below this: a level never seen among the input's matches (a place
# written differently, say) still weighs, heavily, instead of forbidding the match.
M_FLOOR = 0.002
# Two records whose birth years (from dates, or estimated ages) are further apart than this
# never end up in one person, whatever links them through others (`join_persons`).
AGE_CONFLICT_YEARS = 6

# Scoring runs in chunks of this many records (left side of the pairs) so memory stays
# bounded at a million records; DuckDB spills to a temporary directory past its limit.
PREDICT_CHUNK_RECORDS = 200_000
DUCKDB_MEMORY = "6GB"
# The Spark driver (local mode: it is also the executor).
SPARK_DRIVER_MEMORY = "4g"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# ------------------------------------------------------------------------- preparation


def _field_key(tokens: tuple[str, ...]) -> str | None:
    return phonetic_key("".join(tokens)) or None if tokens else None


def prepare(rows: Sequence[dict], *, today: date | None = None) -> dict[str, list]:
    """Columns for the model, one value per record (None for missing)."""
    year = (today or date.today()).year
    cols: dict[str, list] = {
        k: []
        for k in (
            "unique_id",
            "given",
            "family",
            "given_tokens",
            "all_tokens",
            "given_ph",
            "family_ph",
            "dob",
            "byear",
            "sex",
            "citizenship",
            "place",
        )
    }
    # Names repeat: each distinct spelling is normalised once (normalise's own caches are
    # bounded, and at a million records the distinct spellings with typos outgrow them).
    names: dict[str, tuple[tuple[str, ...], str | None]] = {}
    places: dict[str, str | None] = {}

    def name(raw: str) -> tuple[tuple[str, ...], str | None]:
        if raw not in names:
            tokens = name_tokens(raw)
            names[raw] = (tokens, _field_key(tokens))
        return names[raw]

    def place(raw: str) -> str | None:
        if raw not in places:
            places[raw] = normalise_place(raw) or None
        return places[raw]

    for i, r in enumerate(rows):
        (g, g_ph), (f, f_ph) = name(r.get("given_name") or ""), name(r.get("family_name") or "")
        dob = r.get("date_of_birth") or None
        age = r.get("estimated_age") or ""
        byear = int(dob[:4]) if dob else (year - int(age) if age else None)
        sex = (r.get("sex") or "").strip().lower()
        sex = {"f": "female", "m": "male"}.get(sex, sex)
        cols["unique_id"].append(i)
        cols["given"].append(" ".join(g) or None)
        cols["family"].append(" ".join(f) or None)
        cols["given_tokens"].append(list(g))
        cols["all_tokens"].append(sorted(set(g) | set(f)))
        cols["given_ph"].append(g_ph)
        cols["family_ph"].append(f_ph)
        cols["dob"].append(dob)
        cols["byear"].append(byear)
        cols["sex"].append(sex if sex in {"female", "male", "other"} else None)
        cols["citizenship"].append((r.get("citizenship") or "").strip().upper() or None)
        cols["place"].append(place(r.get("place_of_birth") or ""))
    return cols


# ------------------------------------------------------------------------ the model


# The SQL the custom levels need, per backend (`settings(dialect=…)`): the model is the
# same, only the function names and the quoting of columns differ. Spark's Jaro-Winkler and
# Damerau-Levenshtein are the UDFs of the jar Splink ships (registered by its SparkAPI).
SQL = {
    "duckdb": {
        "q": '"',
        "jw": "jaro_winkler_similarity({a}, {b})",
        "dl": "damerau_levenshtein({a}, {b})",
        "shared": "len(list_intersect({a}, {b})) > 0",
        "split": "string_split({a}, ' ')",
        "days": "abs(datediff('day', CAST({a} AS DATE), CAST({b} AS DATE)))",
    },
    "spark": {
        "q": "`",
        "jw": "jaro_winkler({a}, {b})",
        "dl": "damerau_levenshtein({a}, {b})",
        "shared": "size(array_intersect({a}, {b})) > 0",
        "split": "split({a}, ' ')",
        "days": "abs(datediff(CAST({b} AS DATE), CAST({a} AS DATE)))",
    },
}


def _name_levels(
    col: str, other: str, priors: list[tuple[float, float]], tf: bool, dialect: str = "duckdb"
):
    """Levels of one name field that also accept the swapped order (col ↔ other)."""
    import splink.comparison_level_library as cll

    sql = SQL[dialect]
    q = sql["q"]

    def _jw(a: str, b: str) -> str:
        return sql["jw"].format(a=a, b=b)

    L, R, OL, OR = (f"{q}{c}{q}" for c in (f"{col}_l", f"{col}_r", f"{other}_l", f"{other}_r"))
    tok_l = f"{q}given_tokens_l{q}" if col == "given" else sql["split"].format(a=L)
    all_r = f"{q}all_tokens_r{q}"
    levels = [
        cll.CustomLevel(f"{L} IS NULL OR {R} IS NULL", "missing").configure(is_null_level=True),
        (
            cll.ExactMatchLevel(col).configure(tf_adjustment_column=col, tf_adjustment_weight=1.0)
            if tf
            else cll.ExactMatchLevel(col)
        ),
        cll.CustomLevel(f"{L} = {OR} AND {OL} = {R}", "exact, swapped with the other name"),
        cll.CustomLevel(
            f"{_jw(L, R)} >= 0.92 OR ({_jw(L, OR)} >= 0.92 AND {_jw(OL, R)} >= 0.92)",
            "Jaro-Winkler ≥ 0.92 (either order)",
        ),
        cll.CustomLevel(
            f"{_jw(L, R)} >= 0.8 OR ({_jw(L, OR)} >= 0.8 AND {_jw(OL, R)} >= 0.8)",
            "Jaro-Winkler ≥ 0.8 (either order)",
        ),
        cll.CustomLevel(sql["shared"].format(a=tok_l, b=all_r), "shares a name token"),
        cll.ElseLevel(),
    ]
    for level, (m, u) in zip(levels[1:], priors, strict=True):
        level.configure(m_probability=m, u_probability=u)
    return levels


def _comparisons(tf: bool, dialect: str = "duckdb") -> list:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def comp(name, levels):
        return cl.CustomComparison(comparison_levels=levels, output_column_name=name)

    def priors(levels, mu):
        for level, (m, u) in zip(levels[1:], mu, strict=True):
            level.configure(m_probability=m, u_probability=u)
        return levels

    sql = SQL[dialect]
    q = sql["q"]
    dl, dr, bl, br = (f"{q}{c}{q}" for c in ("dob_l", "dob_r", "byear_l", "byear_r"))
    days = sql["days"].format(a=dl, b=dr)
    dm_swapped = (
        f"(substr({dl}, 1, 4) = substr({dr}, 1, 4) "
        f"AND substr({dl}, 6, 2) = substr({dr}, 9, 2) "
        f"AND substr({dl}, 9, 2) = substr({dr}, 6, 2))"
    )
    year_off = (
        f"(substr({dl}, 5) = substr({dr}, 5) "
        f"AND abs(CAST(substr({dl}, 1, 4) AS INTEGER) "
        f"- CAST(substr({dr}, 1, 4) AS INTEGER)) = 1)"
    )
    dob = priors(
        [
            cll.CustomLevel(f"{dl} IS NULL OR {dr} IS NULL", "missing").configure(
                is_null_level=True
            ),
            cll.CustomLevel(f"{dl} = {dr}", "exact"),
            cll.CustomLevel(
                f"{sql['dl'].format(a=dl, b=dr)} <= 1 OR {dm_swapped} OR {days} <= 1 OR {year_off}",
                "one slip: a digit, day/month swapped, a day or a year off",
            ),
            cll.ElseLevel(),
        ],
        DOB_M_U,
    )
    age_diff = f"abs({bl} - {br})"
    age = priors(
        [
            cll.CustomLevel(
                f"({dl} IS NOT NULL AND {dr} IS NOT NULL) OR {bl} IS NULL OR {br} IS NULL",
                "both dates known, or no age",
            ).configure(is_null_level=True),
            cll.CustomLevel(f"{age_diff} <= 1", "birth years within 1"),
            cll.CustomLevel(f"{age_diff} <= 3", "within 3"),
            cll.CustomLevel(f"{age_diff} <= 6", "within 6"),
            cll.ElseLevel(),
        ],
        AGE_M_U,
    )

    def exact(col, m_u):
        return priors(
            [
                cll.NullLevel(col),
                cll.ExactMatchLevel(col),
                cll.ElseLevel(),
            ],
            m_u,
        )

    place = priors(
        [
            cll.NullLevel("place"),
            cll.ExactMatchLevel("place"),
            cll.JaroWinklerLevel("place", 0.88),
            cll.ElseLevel(),
        ],
        [(0.95, 0.06), (0.03, 0.01), (0.02, 0.93)],
    )
    name_priors = [
        (0.75, 0.005),
        (0.05, 0.00001),
        (0.1, 0.02),
        (0.05, 0.08),
        (0.02, 0.02),
        (0.03, 0.875),
    ]
    return [
        comp("given", _name_levels("given", "family", name_priors, tf, dialect)),
        comp("family", _name_levels("family", "given", name_priors, tf, dialect)),
        comp("dob", dob),
        comp("age", age),
        comp("sex", exact("sex", [(0.98, 0.5), (0.02, 0.5)])),
        comp("citizenship", exact("citizenship", [(0.97, 0.25), (0.03, 0.75)])),
        comp("place", place),
    ]


# Pairs whose birth years are further apart than AGE_CONFLICT_YEARS are never joined
# (`join_persons`), so the rules without a year leave them out from the start.
_NEAR_YEARS = "(l.byear IS NULL OR r.byear IS NULL OR abs(l.byear - r.byear) <= 6)"
BLOCKING_RULES = (
    f"l.given_ph = r.given_ph AND l.family_ph = r.family_ph AND {_NEAR_YEARS}",
    f"l.given_ph = r.family_ph AND l.family_ph = r.given_ph AND {_NEAR_YEARS}",
    # the same date and a name starting alike (a second key: the date alone grows with the
    # square of the input, about 30 million pairs at a million records)
    "l.dob = r.dob AND substr(l.family_ph, 1, 1) = substr(r.family_ph, 1, 1)",
    "l.dob = r.dob AND substr(l.given_ph, 1, 1) = substr(r.given_ph, 1, 1)",
    "l.dob = r.dob AND substr(l.given_ph, 1, 1) = substr(r.family_ph, 1, 1)",
    # one name exact, a typo in the other, and a date missing on one side (an estimated
    # age may have moved the birth year) or mistyped (the year kept)
    "l.given = r.given AND substr(l.family, 1, 2) = substr(r.family, 1, 2) AND l.dob IS NULL",
    "l.given = r.given AND substr(l.family, 1, 2) = substr(r.family, 1, 2) AND r.dob IS NULL",
    "l.family = r.family AND substr(l.given, 1, 2) = substr(r.given, 1, 2) AND l.dob IS NULL",
    "l.family = r.family AND substr(l.given, 1, 2) = substr(r.given, 1, 2) AND r.dob IS NULL",
    "l.given = r.given AND substr(l.family, 1, 2) = substr(r.family, 1, 2) AND l.byear = r.byear",
    "l.family = r.family AND substr(l.given, 1, 2) = substr(r.given, 1, 2) AND l.byear = r.byear",
)


def settings(*, term_frequencies: bool = True, keep_columns: bool = False, dialect: str = "duckdb"):
    """The model. Term frequencies (a common name weighs less than a rare one) only on
    inputs large enough to measure them. `dialect`: "duckdb" or "spark" (`SQL`)."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(term_frequencies, dialect),
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),
        probability_two_random_records_match=1e-4,
        retain_intermediate_calculation_columns=keep_columns,
        retain_matching_columns=keep_columns,
        additional_columns_to_retain=[],
    )


# ------------------------------------------------------------------------- running it


def _connect(cols: dict[str, list]):
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET threads TO 2")
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/nrm-dedup-duckdb'")
    con.register("persons_arrow", _arrow_table(cols))
    con.execute("CREATE TABLE persons AS SELECT * FROM persons_arrow")
    con.unregister("persons_arrow")
    return con


def _arrow_table(cols: dict[str, list]):
    import pyarrow as pa

    return pa.table(
        cols,
        schema=pa.schema(
            [
                ("unique_id", pa.int64()),
                ("given", pa.string()),
                ("family", pa.string()),
                ("given_tokens", pa.list_(pa.string())),
                ("all_tokens", pa.list_(pa.string())),
                ("given_ph", pa.string()),
                ("family_ph", pa.string()),
                ("dob", pa.string()),
                ("byear", pa.int64()),
                ("sex", pa.string()),
                ("citizenship", pa.string()),
                ("place", pa.string()),
            ]
        ),
    )


def train(linker, con, n: int, progress: Progress) -> None:
    """m and u from the input itself (module docstring, step 4)."""
    t = linker.training
    t.estimate_probability_two_random_records_match(
        ["l.given = r.given AND l.family = r.family AND l.dob = r.dob"], recall=0.6
    )
    progress(f"training: u from {int(min(U_PAIRS, n * (n - 1) / 2)):,} random pairs")
    t.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
    progress("training: m by expectation maximisation (blocked on the date of birth)")
    t.estimate_parameters_using_expectation_maximisation(
        "l.dob = r.dob", estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
    )
    _namesake_u(linker, con, progress)
    fixed = {"dob": DOB_M_U, "age": AGE_M_U}
    for comparison in linker._settings_obj.comparisons:
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        if comparison.output_column_name in fixed:
            for level, (m, _) in zip(levels, fixed[comparison.output_column_name], strict=True):
                level.m_probability = m
            continue
        for level in levels:
            if level.m_probability is not None and level.m_probability < M_FLOOR:
                level.m_probability = M_FLOOR
        if comparison.output_column_name in {"given", "family"}:
            # A swap is one event seen by both names: it weighs as an exact agreement.
            exact, swapped = levels[0], levels[1]
            swapped.m_probability, swapped.u_probability = exact.m_probability, exact.u_probability


def _namesake_u(linker, con, progress: Progress) -> None:
    """u of sex, citizenship and place measured among namesakes (same family name,
    different dates of birth), not random pairs: people who share a name share a region,
    and random pairs would make agreeing on a town count as much as agreeing on a date."""
    row = con.execute(
        """
        WITH s AS (SELECT * FROM persons USING SAMPLE 20000 ROWS (reservoir, 1))
        SELECT
          avg(CASE WHEN l.sex IS NOT NULL AND r.sex IS NOT NULL
              THEN (l.sex = r.sex)::INT END),
          avg(CASE WHEN l.citizenship IS NOT NULL AND r.citizenship IS NOT NULL
              THEN (l.citizenship = r.citizenship)::INT END),
          avg(CASE WHEN l.place IS NOT NULL AND r.place IS NOT NULL
              THEN (l.place = r.place)::INT END),
          count(*)
        FROM s l JOIN s r ON l.family = r.family AND l.unique_id < r.unique_id
        WHERE l.dob <> r.dob
        """
    ).fetchall()[0]
    if not row[3] or row[3] < 1000:
        return
    measured = dict(zip(("sex", "citizenship", "place"), row[:3], strict=True))
    for comparison in linker._settings_obj.comparisons:
        u = measured.get(comparison.output_column_name)
        if u is None:
            continue
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        exact, rest = levels[0], levels[-1]
        if u > (exact.u_probability or 0):
            others = sum(lv.u_probability or 0 for lv in levels[1:-1])
            exact.u_probability = min(u, 0.99 - others)
            rest.u_probability = max(0.01, 1 - exact.u_probability - others)
    progress(
        "training: u among namesakes: "
        + ", ".join(f"{k} {v:.2f}" for k, v in measured.items() if v is not None)
    )


BACKENDS = ("duckdb", "spark")


def cluster(
    rows: Sequence[dict],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _quiet,
    today: date | None = None,
    train_model: bool | None = None,
    backend: str = "duckdb",
) -> list[int]:
    """One person number (0, 1, …, in order of first appearance) per record, in input order.

    `backend="spark"` trains as always (on DuckDB, in this process) and scores the pairs
    with the same trained model on a local Spark (`spark_edges`; needs `nrm[spark]`)."""
    from splink import DuckDBAPI, Linker

    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}")
    n = len(rows)
    if n == 0:
        return []
    if n == 1:
        return [0]
    started = time.monotonic()
    today = today or date.today()
    cols = prepare(rows, today=today)
    progress(f"prepared {n:,} records in {time.monotonic() - started:.1f} s")
    con = _connect(cols)
    try:
        db_api = DuckDBAPI(connection=con)
        sdf = db_api.register("persons")
        trained = train_model if train_model is not None else n >= MIN_TRAINING_RECORDS
        linker = Linker(sdf, settings(term_frequencies=trained), log_level=logging.ERROR)
        if trained:
            try:
                train(linker, con, n, progress)
            except (ValueError, ZeroDivisionError) as e:  # EM on degenerate inputs
                progress(f"training failed ({str(e)[:120]}): the prior m and u are used")
                trained = False
                sdf = db_api.register("persons", table_name="persons_untrained")
                linker = Linker(sdf, settings(term_frequencies=False), log_level=logging.ERROR)
        else:
            progress(f"fewer than {MIN_TRAINING_RECORDS:,} records: the prior m and u are used")
        if backend == "spark":
            model = linker.misc.save_model_to_json()
            con.close()
            edges = spark_edges(cols, model, trained, threshold, progress)
        else:
            progress("scoring candidate pairs")
            chunks = max(1, -(-n // PREDICT_CHUNK_RECORDS))
            predictions = linker.inference.predict(
                threshold_match_probability=threshold,
                **({"num_chunks_left": chunks, "num_chunks_right": 1} if chunks > 1 else {}),
            )
            table = predictions.physical_name
            pairs = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
            progress(f"{pairs:,} pairs at or above {threshold}; clustering")
            edges = con.execute(
                f"SELECT unique_id_l, unique_id_r, match_weight FROM {table} "  # noqa: S608
                "ORDER BY match_weight DESC, unique_id_l, unique_id_r"
            ).fetchall()
    finally:
        con.close()
    return _renumber(join_persons(n, edges, cols))


def _spark_model(model: dict, term_frequencies: bool) -> dict:
    """The trained model (DuckDB's settings dict) with the SQL of each level, and the
    blocking rules, written for Spark: same comparisons and levels, same m and u."""
    spark = settings(term_frequencies=term_frequencies, dialect="spark").create_settings_dict(
        "spark"
    )
    out = {**model, "sql_dialect": "spark"}
    out["blocking_rules_to_generate_predictions"] = spark["blocking_rules_to_generate_predictions"]
    comparisons = []
    for trained, written in zip(model["comparisons"], spark["comparisons"], strict=True):
        levels = [
            {**lt, "sql_condition": lw["sql_condition"]}
            for lt, lw in zip(
                trained["comparison_levels"], written["comparison_levels"], strict=True
            )
        ]
        comparisons.append({**trained, "comparison_levels": levels})
    out["comparisons"] = comparisons
    return out


def spark_session(*, partitions: int = 4):
    """A local Spark (both cores) with the jar of Splink's similarity functions."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[2]")
        .appName("nrm-dedup")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", SPARK_DRIVER_MEMORY)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # the comparison SQL is too long for whole-stage code generation (64 KB methods)
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def spark_edges(
    cols: dict[str, list], model: dict, term_frequencies: bool, threshold: float, progress
) -> list[tuple[int, int, float]]:
    """The pairs at or above `threshold`, scored on Spark with the trained model."""
    import pyarrow.parquet as pq
    from splink import Linker, SparkAPI

    progress("scoring candidate pairs on Spark")
    # py4j logs its connections closing at INFO, from __del__ at interpreter exit, into
    # streams already closed by then
    logging.getLogger("py4j").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="nrm-dedup-spark-") as tmp:
        pq.write_table(_arrow_table(cols), f"{tmp}/p.pq")  # the same typed table
        spark = spark_session(partitions=max(2, min(200, len(cols["unique_id"]) // 50_000)))
        spark.sparkContext.setCheckpointDir(f"{tmp}/checkpoints")
        spark.sparkContext.setLogLevel("ERROR")
        try:
            df = spark.read.parquet(f"{tmp}/p.pq")
            db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
            linker = Linker(
                db_api.register(df, table_name="persons"),
                _spark_model(model, term_frequencies),
                log_level=logging.ERROR,
            )
            predictions = linker.inference.predict(threshold_match_probability=threshold)
            rows = (
                predictions.as_spark_dataframe()
                .select("unique_id_l", "unique_id_r", "match_weight")
                .collect()
            )
        finally:
            spark.stop()
    edges = sorted(
        ((int(r[0]), int(r[1]), float(r[2])) for r in rows), key=lambda e: (-e[2], e[0], e[1])
    )
    progress(f"{len(edges):,} pairs at or above {threshold}; clustering")
    return edges


def _slip(a: str, b: str) -> bool:
    """The same date written with one slip (as the DOB comparison's second level)."""
    if a == b:
        return True
    da, db = date.fromisoformat(a), date.fromisoformat(b)
    if abs((da - db).days) <= 1:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    if a[4:] == b[4:] and abs(da.year - db.year) == 1:
        return True
    return _damerau_at_most_one(a, b)


def _damerau_at_most_one(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) <= 1:
        return True
    i, j = diff[0], diff[-1]
    return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]


def join_persons(n: int, edges: Iterable[tuple[int, int, float]], cols: dict[str, list]):
    """Records into persons: the strongest links first (greedy, union-find), and a link is
    not followed when it would put into one person two records that contradict each
    other: dates of birth that differ by more than a slip, birth years (from dates or
    estimated ages) more than `AGE_CONFLICT_YEARS` apart, or two known sexes that differ.
    Plain connected components would chain them through a record without a date."""
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    dob, byear, sex = cols["dob"], cols["byear"], cols["sex"]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def compatible(a: int, b: int) -> bool:
        if dob[a] and dob[b] and not _slip(dob[a], dob[b]):
            return False
        if (
            byear[a] is not None
            and byear[b] is not None
            and abs(byear[a] - byear[b]) > AGE_CONFLICT_YEARS
        ):
            return False
        return not (sex[a] and sex[b] and sex[a] != sex[b])

    for left, right, _weight in edges:
        ra, rb = find(left), find(right)
        if ra == rb:
            continue
        if all(compatible(a, b) for a in members[ra] for b in members[rb]):
            if len(members[ra]) < len(members[rb]):
                ra, rb = rb, ra
            parent[rb] = ra
            members[ra].extend(members.pop(rb))
    return [find(i) for i in range(n)]


def _renumber(labels: Iterable) -> list[int]:
    seen: dict = {}
    return [seen.setdefault(label, len(seen)) for label in labels]


def exact_clusters(rows: Sequence[dict]) -> list[int]:
    """The baseline agencies use by hand: the same name and date of birth, as written
    (case and surrounding spaces aside); a record without a date matches nothing."""
    labels = []
    for i, r in enumerate(rows):
        dob = r.get("date_of_birth") or ""
        if not dob:
            labels.append(("single", i))
            continue
        labels.append(
            (
                (r.get("given_name") or "").strip().lower(),
                (r.get("family_name") or "").strip().lower(),
                dob,
            )
        )
    return _renumber(labels)
