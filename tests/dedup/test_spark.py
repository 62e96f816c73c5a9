"""The Spark backend (`nrm dedup --backend spark`, extra nrm[spark]) scores the pairs with
the model trained on DuckDB and finds the same persons as DuckDB does. A plain test (no
test database), so `make test` runs it once, in the SQLite pass; skipped only when pyspark
is not installed (`make install` installs the extra)."""

import pytest

from nrm.dedup.evaluate import pairwise
from nrm.dedup.linkage import MIN_TRAINING_RECORDS, cluster
from nrm.dedup.synthetic import generate

pytest.importorskip("pyspark")

pytestmark = pytest.mark.spark


def test_spark_finds_the_same_persons_as_duckdb_with_the_trained_model():
    ds = generate(records=MIN_TRAINING_RECORDS + 200, seed=7)
    truth = [ds.truth[r["record_id"]] for r in ds.rows]
    said: list[str] = []
    duck = cluster(ds.rows)
    spark = cluster(ds.rows, backend="spark", progress=said.append)
    assert "scoring candidate pairs on Spark" in said
    assert any(m.startswith("training: m by expectation") for m in said)  # trained, not priors
    assert spark == duck
    assert pairwise(spark, truth).f1 >= 0.95


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="backend"):
        cluster(generate(records=10, seed=1).rows, backend="postgres")
