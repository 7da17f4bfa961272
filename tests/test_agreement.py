"""Agreement with a blind second annotation: kappa, field alignment, disagreements, bad input."""

import subprocess
import sys

import polars as pl
import pytest

from claimtrace.agreement import export_annotation, freeze_ours, run
from claimtrace.agreement.annotation import COLUMNS, AgreementInputError, read_annotation
from claimtrace.agreement.compare import ALIGNMENT, disagreements, field_agreement
from claimtrace.agreement.fields import side_by_side
from claimtrace.agreement.kappa import cohen_kappa
from claimtrace.agreement.output import merge_resolutions
from corpus_helpers import ROOT, copy_package, table


def test_kappa_of_the_textbook_example():
    # Wikipedia, "Cohen's kappa", simple example: 50 proposals, yes/yes 20, yes/no 5, no/yes 10,
    # no/no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    res = cohen_kappa(a, b)
    assert res.n == 50
    assert res.observed == pytest.approx(0.7)
    assert res.kappa == pytest.approx(0.4)
    assert cohen_kappa(b, a).kappa == pytest.approx(0.4)


def test_kappa_edges():
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "c"]).kappa == pytest.approx(1.0)
    # agreement no better than chance
    assert cohen_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]).kappa == pytest.approx(0.0)
    constant = cohen_kappa(["x", "x"], ["x", "x"])
    assert constant.observed == 1.0 and constant.kappa is None
    assert cohen_kappa([], []).n == 0
    with pytest.raises(ValueError, match="shape"):
        cohen_kappa(["a"], ["a", "b"])


TEXTS = pl.DataFrame(
    {"source_id": ["root", "copy"], "text": ["Alpha beta. Gamma delta.", "Alpha beta! Gamma."]}
)
LINEAGE = pl.DataFrame({"source_id": ["copy"], "parent_source_id": ["root"]})
ACTORS = pl.DataFrame({"actor_id": ["ann"], "name": ["Ann"], "aliases": ["Ann Smith|A. Smith"]})
CLAIMS = pl.DataFrame(
    {
        "claim_id": ["copy.c01", "copy.c02", "root.c01", "root.c02"],
        "source_id": ["copy", "copy", "root", "root"],
        "start": [0, 12, 0, 12],
        "end": [10, 17, 10, 23],
        "parent_claim_id": ["root.c01", "root.c02", None, None],
        "drift": ["verbatim", "detail_dropped", "original", "original"],
        "attribution_kind": ["outlet_voice", "reported_speech", "outlet_voice", "reported_speech"],
        "attribution_actor_id": [None, "ann", None, "ann"],
        "proposition_id": ["p1", "p2", "p1", "p2"],
    }
)


def annotation(**changes):
    rows = {
        "claim_id": ["root.c01", "root.c02", "copy.c01", "copy.c02"],
        "source_id": ["root", "root", "copy", "copy"],
        "parent_source_id": ["", "", "root", "root"],
        "parent_quote": ["", "", "beta", "Gamma delta"],
        "drift": ["original", "original", "paraphrase", "detail_dropped"],
        "attribution_kind": ["outlet_voice", "reported_speech", "outlet_voice", "outlet_voice"],
        "attribution": ["", " ann SMITH ", "", ""],
        "proposition_group": ["g1", "g2", "g1", "g1"],
    }
    rows.update(changes)
    return pl.DataFrame(rows)


def compared(theirs=None):
    return side_by_side(CLAIMS, LINEAGE, ACTORS, TEXTS, annotation() if theirs is None else theirs)


def test_fields_and_kappas_of_a_synthetic_annotation():
    res = field_agreement(compared())
    # drift: 3 of 4 agree; chance 0.5*0.5 + 0.25*0.25 = 0.3125 -> (0.75 - 0.3125) / 0.6875
    assert res["drift"].observed == pytest.approx(0.75)
    assert res["drift"].kappa == pytest.approx(0.4375 / 0.6875)
    # the parent quote "beta" overlaps root.c01, "Gamma delta" root.c02: the same parents as ours
    assert res["parent_claim"].observed == 1.0 and res["parent_claim"].kappa == pytest.approx(1.0)
    assert res["has_parent"].kappa == pytest.approx(1.0)
    assert res["parent_source"].observed == 1.0
    # "ann SMITH" maps to the actor ann through its alias; the copy's missing credit disagrees
    assert res["attribution_actor"].observed == pytest.approx(0.75)
    # 6 pairs, 3 agree; ours 2 same of 6, theirs 3 of 6: chance 0.5, kappa 0
    assert res[ALIGNMENT].n == 6
    assert res[ALIGNMENT].observed == pytest.approx(0.5)
    assert res[ALIGNMENT].kappa == pytest.approx(0.0)


def test_disagreements_name_claim_field_and_both_values():
    found = disagreements(compared())
    rows = {(r["claim_id"], r["field"]): (r["ours"], r["theirs"]) for r in found.to_dicts()}
    assert rows[("copy.c01", "drift")] == ("verbatim", "paraphrase")
    assert rows[("copy.c02", "attribution_kind")] == ("reported_speech", "outlet_voice")
    assert rows[("copy.c02", "attribution_actor")] == ("ann", "none")
    assert rows[("copy.c02", ALIGNMENT)] == ("p2 with: root.c02", "g1 with: copy.c01 root.c01")
    assert ("root.c02", "drift") not in rows


def test_unknown_names_and_unmatched_quotes_are_labelled_not_dropped():
    theirs = annotation(attribution=["", "Bob", "", ""], parent_quote=["", "", "zeta", "Gamma"])
    table = compared(theirs)
    by_id = {r["claim_id"]: r for r in table.to_dicts()}
    assert by_id["root.c02"]["attribution_actor_theirs"] == "unmapped: Bob"
    assert by_id["copy.c01"]["parent_claim_theirs"] == "unmatched"
    assert by_id["copy.c02"]["parent_claim_theirs"] == "root.c02"


def test_resolutions_already_written_are_kept(tmp_path):
    found = disagreements(compared())
    path = tmp_path / "disagreements.csv"
    first = merge_resolutions(found, path)
    resolved = first.with_columns(
        pl.when(pl.col("field") == "drift")
        .then(pl.lit("ours kept"))
        .otherwise(pl.col("resolution"))
        .alias("resolution")
    )
    resolved.write_csv(path)
    again = merge_resolutions(found, path)
    assert again.filter(pl.col("field") == "drift")["resolution"].to_list() == ["ours kept"]
    assert again.height == found.height


def write(tmp_path, frame):
    path = tmp_path / "annotator_b.csv"
    frame.write_csv(path)
    return path


@pytest.mark.parametrize(
    "frame, message",
    [
        (annotation().drop("drift"), "lacks the column"),
        (annotation(claim_id=["root.c01", "root.c02", "copy.c01", "copy.c99"]), "line 5 claim_id"),
        (annotation(source_id=["root", "copy", "copy", "copy"]), "line 3 source_id"),
        (annotation(claim_id=["root.c01", "root.c01", "copy.c01", "copy.c02"]), "more than once"),
    ],
)
def test_bad_annotation_is_refused_with_file_line_and_field(tmp_path, frame, message):
    with pytest.raises(AgreementInputError, match=message):
        read_annotation(write(tmp_path, frame), CLAIMS, "annotator_b.csv")


def test_a_missing_annotation_is_a_clear_error(tmp_path):
    with pytest.raises(AgreementInputError, match="does not exist"):
        read_annotation(tmp_path / "annotator_b.csv", CLAIMS, "annotator_b.csv")


def frozen_tables(root):
    claims = table(root, "claims").with_columns(pl.col("start", "end").cast(pl.Int64))
    return claims, table(root, "lineage")


def test_the_frozen_export_labels_every_claim_as_the_tables_do(tmp_path):
    root = copy_package(tmp_path)
    claims, lineage = frozen_tables(root)
    exported = export_annotation(claims, lineage)
    assert exported.columns == list(COLUMNS) and exported.height == claims.height
    texts = pl.DataFrame(
        {
            "source_id": table(root, "sources")["source_id"],
            "text": [
                (root / f"data/texts/{s}.txt").read_text(encoding="utf-8")
                for s in table(root, "sources")["source_id"]
            ],
        }
    )
    actors = table(root, "actors")
    assert disagreements(side_by_side(claims, lineage, actors, texts, exported)).height == 0
    relabelled = exported.with_columns(
        pl.when(pl.col("claim_id") == claims["claim_id"][0])
        .then(pl.lit("added"))
        .otherwise(pl.col("drift"))
        .alias("drift")
    )
    found = disagreements(side_by_side(claims, lineage, actors, texts, relabelled))
    assert found.select("claim_id", "field").rows() == [(claims["claim_id"][0], "drift")]


def test_two_copies_of_the_frozen_export_agree_on_every_field(tmp_path):
    root = copy_package(tmp_path)
    folder = root / "data/curation/agreement"
    for name in ("annotator_a.csv", "annotator_b.csv", "disagreements.csv"):
        (folder / name).unlink(missing_ok=True)
    freeze_ours(root)
    with pytest.raises(AgreementInputError, match="never overwritten"):
        freeze_ours(root)
    (folder / "annotator_b.csv").write_bytes((folder / "annotator_a.csv").read_bytes())
    done = run(root)
    assert done.disagreements.height == 0 and done.changes.height == 0
    for field, res in done.results.items():
        assert res.observed == pytest.approx(1.0), field
        assert res.kappa is None or res.kappa == pytest.approx(1.0), field
    page = (root / "docs/agreement.md").read_text(encoding="utf-8")
    assert "| `drift` |" in page and "0 disagreements" in page


def test_every_change_since_the_frozen_labels_is_an_adjudicated_disagreement():
    done = run(ROOT, write=False)
    changed = done.disagreements.filter(pl.col("resolution").str.starts_with("changed_"))
    assert done.disagreements["resolution"].null_count() == 0
    assert set(done.changes.select("claim_id", "field").rows()) == set(
        changed.select("claim_id", "field").rows()
    )


def test_the_script_exits_2_without_an_annotation(tmp_path):
    root = copy_package(tmp_path)
    (root / "data/curation/agreement/annotator_b.csv").unlink()
    (root / "docs/agreement.md").unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts/agreement.py"), "--package", str(root)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "annotator_b.csv does not exist" in out.stderr
    assert not (root / "docs/agreement.md").exists()
