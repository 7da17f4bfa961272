"""claimtrace rehydrate: your own texts, checked by SHA-256 and every quote, placed at once."""

import shutil
import tarfile

import polars as pl
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.release.checksums import sha256sums
from claimtrace.validation import validate_package
from release_corpus import all_bytes, build_pinned_release, make_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(make_corpus, tmp_path_factory.mktemp("rehydrate"))


@pytest.fixture
def annotations(release, tmp_path):
    with tarfile.open(release.parent / f"{release.name}-annotations.tar.gz") as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    return tmp_path / "unpacked" / release.name


@pytest.fixture
def texts(release, tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(release / "data/texts", folder)
    return folder


def run(annotations, texts):
    return runner.invoke(app, ["rehydrate", str(annotations), str(texts)])


def test_rehydrated_annotations_are_the_full_release_file_for_file(release, annotations, texts):
    one = next(texts.glob("*.txt"))
    one.write_bytes(one.read_bytes().replace(b"\n", b"\r\n"))  # a CRLF copy is accepted, normalised
    result = run(annotations, texts)
    assert result.exit_code == 0, result.output
    assert all_bytes(annotations) == all_bytes(release)
    assert validate_package(annotations).valid
    again = run(annotations, texts)
    assert again.exit_code == 2 and "already has its texts" in again.output


def test_a_different_or_missing_text_is_named_and_nothing_is_placed(annotations, texts):
    first, second = sorted(texts.glob("*.txt"))[:2]
    first.write_text(first.read_text() + " edited")
    second.unlink()
    result = run(annotations, texts)
    assert result.exit_code == 1
    assert f"{first.name}: SHA-256" in result.output
    assert f"{second.name}: missing" in result.output
    assert "no text was placed" in result.output and "Traceback" not in result.output
    assert not (annotations / "data/texts").exists()
    assert not [p for p in (annotations / "data").iterdir() if p.name.startswith(".")]


def test_a_quote_that_is_not_its_slice_is_named(annotations, texts):
    # the first claim's end moved back by one: its quote is no longer its slice of the text
    path = annotations / "data/claims.csv"
    frame = pl.read_csv(path, infer_schema=False)
    first = pl.int_range(pl.len()) == 0
    moved = (pl.col("end").cast(pl.Int64) - 1).cast(pl.String)
    frame.with_columns(pl.when(first).then(moved).otherwise(pl.col("end")).alias("end")).write_csv(
        path
    )
    (annotations / "SHA256SUMS").write_bytes(sha256sums(annotations))
    result = run(annotations, texts)
    assert result.exit_code == 1
    assert "its quote is not text[" in result.output and "claim_id=" in result.output
    assert not (annotations / "data/texts").exists()


def test_an_unreadable_release_or_texts_folder_exits_2(annotations, tmp_path):
    assert run(tmp_path / "nowhere", tmp_path).exit_code == 2
    assert run(annotations, tmp_path / "nowhere").exit_code == 2


def test_version_option_prints_the_installed_version():
    import claimtrace

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"claimtrace {claimtrace.__version__}"
