"""Classes 2 and 3: every path a command opens stays inside the package and is a regular file.

Named pipes, devices and directories in place of the descriptor, a schema, CHANGELOG.md,
pyproject.toml, a companion, a table or a text are refused by name without being opened, so no
command blocks (each test has a timeout); symlinks leading out are refused the same way, and an
audit hook proves that nothing outside the package is opened or listed, nor written.
"""

import os
import shutil
import stat

import pytest

from hostile_factory import TEXTS
from hostile_guard import SENTINEL, invoke, releasable, snapshot, watch

pytestmark = pytest.mark.timeout(60)
EPOCH = {"SOURCE_DATE_EPOCH": "1751976000"}
PLACES = {  # path in the package: what a refusal must name
    "datapackage.json": "datapackage.json",
    "schemas/actors.json": "schemas/actors.json",
    "CHANGELOG.md": "CHANGELOG.md",
    "pyproject.toml": "pyproject.toml",
    "CITATION.cff": "CITATION.cff",
    "data/actors.csv": "data/actors.csv",
    "data/texts/alpha_report.txt": "data/texts/alpha_report.txt",
}
READ_BY = {  # which commands read each path (validate, report and diff do not read CHANGELOG.md)
    "datapackage.json": ("validate", "report", "diff", "release"),
    "schemas/actors.json": ("validate", "report", "diff", "release"),
    "CHANGELOG.md": ("release",),
    "pyproject.toml": ("release",),
    "CITATION.cff": ("release",),
    "data/actors.csv": ("validate", "report", "diff", "release"),
    "data/texts/alpha_report.txt": ("validate", "report", "release"),
}


def _fifo(path):
    os.mkfifo(path)


def _device(path):
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero: never ends


def _directory(path):
    path.mkdir()


SPECIAL = {"fifo": _fifo, "device": _device, "directory": _directory}


def _run(command, root, tmp_path):
    if command == "release":
        return invoke(["release", root, "--out", tmp_path / "dist"], env=EPOCH)
    if command == "diff":
        return invoke(["diff", releasable(tmp_path / "good"), root])
    return invoke([command, root])


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_special_file_is_refused_by_name_without_blocking(tmp_path, place, kind):
    root = releasable(tmp_path / "pkg")
    target = root / place
    target.unlink()
    SPECIAL[kind](target)
    for command in READ_BY[place]:
        result = _run(command, root, tmp_path)
        assert result.exit_code in (1, 2), (command, result.output)
        assert PLACES[place] in result.output, (command, result.output)
        if command == "release":
            assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


@pytest.fixture
def outside(tmp_path):
    """A folder outside the package holding look-alike files with a sentinel, and a FIFO."""
    folder = tmp_path / "outside"
    folder.mkdir()
    for name in ("secret.json", "secret.md", "secret.toml", "secret.cff", "secret.csv"):
        (folder / name).write_text(f'{{"x": "{SENTINEL}"}}\n', encoding="utf-8")
    os.mkfifo(folder / "pipe")  # opening it for reading would block: the timeout would fire
    return folder


LINKS = {
    "datapackage.json": "secret.json",
    "schemas/actors.json": "secret.json",
    "CHANGELOG.md": "secret.md",
    "pyproject.toml": "secret.toml",
    "CITATION.cff": "secret.cff",
    "data/actors.csv": "secret.csv",
}


@pytest.mark.parametrize("target", ["look-alike", "pipe"])
@pytest.mark.parametrize("place", sorted(LINKS))
def test_a_symlink_leading_out_is_refused_and_nothing_outside_is_read(
    tmp_path, outside, place, target
):
    root = releasable(tmp_path / "pkg")
    (root / place).unlink()
    (root / place).symlink_to(outside / (LINKS[place] if target == "look-alike" else "pipe"))
    before = snapshot(outside)
    with watch(outside):
        for command in READ_BY[place]:
            result = _run(command, root, tmp_path)
            assert result.exit_code in (1, 2), (command, result.output)
            assert place in result.output and SENTINEL not in result.output, result.output
            assert str(outside) not in result.output  # a symlink's target is not disclosed
    assert snapshot(outside) == before
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


@pytest.fixture
def texts_out(tmp_path, outside):
    """A package whose data/texts is a symlink to a folder outside holding copies of the texts."""
    root = releasable(tmp_path / "pkg")
    shutil.move(root / "data" / "texts", outside / "texts")
    (outside / "texts" / "private_name_0x5e.txt").write_text(SENTINEL, encoding="utf-8")
    (root / "data" / "texts").symlink_to(outside / "texts")
    return root


def test_a_symlinked_texts_folder_is_neither_listed_nor_read(tmp_path, outside, texts_out):
    root = texts_out
    before = snapshot(outside)
    with watch(outside):
        validate = invoke(["validate", root, "--json", "--limit", "0"], 1)
        release = invoke(["release", root, "--out", tmp_path / "dist"], env=EPOCH)
        report = invoke(["report", root])
    assert "private_name_0x5e" not in validate.output + release.output + report.output
    rules = {p["rule"] for p in __import__("json").loads(validate.stdout)["problems"]}
    assert rules == {"corpus.text_path_safe"}
    assert release.exit_code == 1 and report.exit_code in (1, 2)
    assert snapshot(outside) == before


def test_add_source_never_writes_through_a_symlinked_texts_folder(tmp_path, outside, texts_out):
    new = tmp_path / "gamma_wire.txt"
    new.write_text("Gamma Wire\n\nA third report.\n", encoding="utf-8")
    before, sources = snapshot(outside), (texts_out / "data" / "sources.csv").read_bytes()
    args = ["add-source", new, "--kind", "copy", "--ai-generated", "--ai-evidence", "x"]
    with watch(outside):
        result = invoke([*args, "--rights", "Quoted.", "--package", texts_out], 2)
    assert "data/texts" in result.stderr
    assert snapshot(outside) == before
    assert (texts_out / "data" / "sources.csv").read_bytes() == sources


def test_anchor_never_reads_through_a_symlinked_texts_folder(outside, texts_out):
    quote = TEXTS["alpha_report"].split("\n")[2][:20]
    with watch(outside):
        result = invoke(["anchor", "alpha_report", quote, "--package", texts_out], 2)
    assert "data/texts/alpha_report.txt" in result.stderr


def test_add_source_refuses_a_named_pipe_as_its_input_without_blocking(tmp_path):
    root = releasable(tmp_path / "pkg")
    pipe = tmp_path / "gamma_wire.txt"
    os.mkfifo(pipe)
    args = ["add-source", pipe, "--kind", "copy", "--ai-generated", "--ai-evidence", "x"]
    result = invoke([*args, "--rights", "Quoted.", "--package", root], 2)
    assert "gamma_wire.txt" in result.stderr and "regular file" in result.stderr


CURATION = {
    "numbers": "numbers -p ROOT",
    "anchor-rows": "anchor-rows -p ROOT",
    "add-source": "add-source NEW --kind copy --ai-generated --ai-evidence x --rights Q. -p ROOT",
}


@pytest.mark.parametrize("name", sorted(CURATION))
def test_curation_commands_neither_read_nor_write_a_table_outside(tmp_path, outside, name):
    root = releasable(tmp_path / "pkg")
    for table in ("sources", "claims"):
        shutil.copy(root / "data" / f"{table}.csv", outside / f"{table}.csv")
        (root / "data" / f"{table}.csv").unlink()
        (root / "data" / f"{table}.csv").symlink_to(outside / f"{table}.csv")
    new = tmp_path / "gamma_wire.txt"
    new.write_text("Gamma Wire\n\nA third report.\n", encoding="utf-8")
    args = [{"ROOT": str(root), "NEW": str(new)}.get(a, a) for a in CURATION[name].split()]
    before = snapshot(outside)
    with watch(outside):
        result = invoke(args, 2)
    assert "resolves (through a symlink) outside the package" in result.stderr
    assert snapshot(outside) == before


def test_the_default_release_folder_never_leads_out_of_the_package(tmp_path, outside):
    root = releasable(tmp_path / "pkg")
    (root / "dist").symlink_to(outside)
    before = snapshot(outside)
    result = invoke(["release", root], 1, env=EPOCH)
    assert "dist" in result.stderr and "outside the package" in result.stderr
    assert snapshot(outside) == before
