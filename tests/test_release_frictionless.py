"""frictionless, the independent second opinion, accepts a release: CSV, Parquet and texts."""

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from release_corpus import build_pinned_release, frictionless_cli, make_corpus


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(make_corpus, tmp_path_factory.mktemp("frictionless"))


def errors(report):
    return sorted({(task.name, e.type) for task in report.tasks for e in task.errors})


def test_frictionless_validates_every_resource_of_the_release(release):
    report = validate(release / "datapackage.json", type="package")
    assert report.valid, errors(report)
    names = {task.name for task in report.tasks}
    assert {"sources", "sources_parquet", "claims_parquet"} <= names
    assert any(name.startswith("text.") for name in names)


def test_frictionless_command_line_passes(release):
    done = frictionless_cli(release)
    assert done.returncode == 0, done.stdout[-2000:]


def test_frictionless_flags_a_tampered_csv_and_a_parquet_value_outside_its_enum(release, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    csv = copy / "data/actors.csv"
    csv.write_bytes(csv.read_bytes().replace(b"outlet", b"outlit", 1))
    lineage = pq.read_table(copy / "data/lineage.parquet")
    bad = lineage.set_column(
        lineage.schema.get_field_index("confidence"),
        "confidence",
        pa.array(["certain"] * lineage.num_rows),
    )
    pq.write_table(bad, copy / "data/lineage.parquet")
    found = errors(validate(copy / "datapackage.json", type="package"))
    assert ("actors", "hash-count") in found
    assert ("lineage_parquet", "constraint-error") in found
