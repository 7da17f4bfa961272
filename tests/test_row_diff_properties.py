"""row_diff against a plain-Python model of the same comparison, on random tables."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.release.row_diff import row_diff

rows = st.dictionaries(
    st.integers(0, 30).map(lambda i: f"k{i}"),
    st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y"])),
    max_size=25,
)


def frame(table):
    return pl.DataFrame(
        {
            "id": list(table),
            "f": [v[0] for v in table.values()],
            "g": [v[1] for v in table.values()],
        },
        schema={"id": pl.String, "f": pl.String, "g": pl.String},
    )


@settings(max_examples=60, deadline=None)
@given(rows, rows)
def test_row_diff_matches_a_plain_model(old, new):
    d = row_diff(frame(old), frame(new), ["id"])
    assert d.added["id"].to_list() == sorted(set(new) - set(old))
    assert d.removed["id"].to_list() == sorted(set(old) - set(new))
    changed = {
        k: [name for name, a, b in zip("fg", old[k], new[k], strict=True) if a != b]
        for k in sorted(set(old) & set(new))
        if old[k] != new[k]
    }
    assert (
        dict(zip(d.changed["id"].to_list(), d.changed["fields"].to_list(), strict=True)) == changed
    )
