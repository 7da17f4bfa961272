"""frictionless is the independent second opinion: each break it can see, it flags where we do."""

import pytest
from frictionless import validate

from claimtrace.validation import validate_package
from mutations import MUTATIONS, Mutation

SEEN_BY_FRICTIONLESS = [m for m in MUTATIONS if m.frictionless]


def _frictionless_errors(root):
    report = validate(str(root / "datapackage.json"), type="package")
    rows = [
        (task.name, err.type, getattr(err, "row_number", None))
        for task in report.tasks
        for err in task.errors
    ]
    rows += [("datapackage.json", err.type, None) for err in report.errors]
    return report.valid, rows


def test_frictionless_accepts_the_fixture_corpus(corpus):
    valid, errors = _frictionless_errors(corpus.root)
    assert valid, errors


@pytest.mark.parametrize("mutation", SEEN_BY_FRICTIONLESS, ids=lambda m: m.id)
def test_frictionless_flags_what_we_flag(corpus, mutation: Mutation):
    expect = mutation.apply(corpus)
    ours = validate_package(corpus.root).problems
    ours = ours.filter((ours["table"] == expect.table) & (ours["rule"] == expect.rule))
    assert ours.height, "we flag it"
    valid, errors = _frictionless_errors(corpus.root)
    assert not valid
    tables = {t for t, _, _ in errors}
    assert expect.table in tables or "datapackage.json" in tables, errors
    if expect.row is not None and expect.row > 1:
        their_rows = {r for t, _, r in errors if t == expect.table and r is not None}
        if mutation.id != "not_utf8":  # frictionless reports a decoding error per file
            assert their_rows & set(ours["row"].to_list()), (their_rows, ours)
