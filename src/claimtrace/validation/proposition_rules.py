"""Corpus rules on propositions: computed counts and status, original claim, relations.

Counts and status are recomputed by ``claimtrace.semantics`` (origins from lineage, values
compared by meaning) and compared with the stored fields, so ``valid`` certifies them.
"""

from __future__ import annotations

import polars as pl

from claimtrace.semantics.origins import lineage_edges
from claimtrace.semantics.status import proposition_semantics
from claimtrace.semantics.values import NUMBER_PREFIX, interval
from claimtrace.validation.corpus_frames import bad, frame, narrow
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.keys import may_repeat
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

col = pl.col

RULES = (
    Rule(
        "corpus.proposition_counts",
        "corpus",
        "source_count, origin_count and altered_copy_count equal their recomputation from the "
        "claims and lineage (claimtrace derive writes them)",
    ),
    Rule(
        "corpus.proposition_status",
        "corpus",
        "status equals its recomputation: unsupported (no origin states it), single_source (one "
        "source), echoed (one origin states it), conflicting (two origins state incompatible "
        "values), else corroborated",
    ),
    Rule(
        "corpus.proposition_has_claims",
        "corpus",
        "every proposition has at least one claim aligned to it",
    ),
    Rule(
        "corpus.original_claim_in_proposition",
        "corpus",
        "a proposition's original claim is aligned to that proposition",
    ),
    Rule(
        "corpus.original_claim_attesting",
        "corpus",
        "a proposition's original claim is a claim of an attesting origin (a source without a "
        "lineage parent) when one states the proposition",
    ),
    Rule(
        "corpus.proposition_value_parses",
        "corpus",
        "every proposition_value parses for its proposition's value_kind (date EDTF; number N, "
        "~N, <~N, <N, >N, >=N or low..high; set labels joined by +; category a label), and a "
        "value is only given where the proposition has a value_kind",
    ),
    Rule(
        "corpus.figure_value_matches",
        "corpus",
        "a number proposition_value of a claim with figures is the encoding of one of its "
        "figures (exact N, approximately ~N, nearly <~high, less_than / up_to <high, more_than "
        ">low, at_least >=low, range low..high)",
    ),
)
_CLAIM_FIELDS = ["claim_id", "source_id", "proposition_id", "proposition_value", "parent_claim_id"]


def semantics_frame(reads: dict[str, TableRead]) -> pl.DataFrame | None:
    """``proposition_semantics`` of the package, or None when a table it needs is unreadable."""
    props = frame(reads, "propositions", ["proposition_id", "value_kind"])
    claims = frame(reads, "claims", _CLAIM_FIELDS)
    lineage = frame(reads, "lineage", ["source_id", "parent_source_id"])
    if props is None or claims is None or lineage is None:
        return None
    return proposition_semantics(claims, lineage, props)


def count_and_status_problems(
    reads: dict[str, TableRead], computed: pl.DataFrame | None
) -> pl.DataFrame:
    """Stored counts and status against ``computed`` (``semantics_frame``)."""
    props = frame(reads, "propositions", ["proposition_id", "status"])
    if props is None or computed is None:
        return concat_problems([])
    schema = reads["propositions"].schema
    joined = _beside(props, computed)
    out = [
        bad(
            joined.filter(col("_source_count") == 0),
            schema,
            "corpus.proposition_has_claims",
            "proposition_id",
            "no claim is aligned to this proposition; align claims or remove it",
        )
    ]
    joined = joined.filter(col("_source_count") > 0)
    for field in ("source_count", "origin_count", "altered_copy_count"):
        if field not in props.columns:
            continue
        out.append(
            bad(
                joined.filter(col(field).ne_missing(col(f"_{field}"))),
                schema,
                "corpus.proposition_counts",
                field,
                pl.format(
                    "{} is {} by recomputation from claims and lineage; run claimtrace derive",
                    pl.lit(field),
                    col(f"_{field}"),
                ),
            )
        )
    out.append(
        bad(
            joined.filter(col("status").ne_missing(col("_status"))),
            schema,
            "corpus.proposition_status",
            "status",
            pl.format(
                "status should be {}: {} source(s), {} origin(s), {} of them attesting (a root "
                "source that states it), {} altered cop(ies); run claimtrace derive",
                col("_status"),
                col("_source_count"),
                col("_origin_count"),
                col("_attesting_count"),
                col("_altered_copy_count"),
            ),
        )
    )
    return concat_problems(out)


def _beside(props: pl.DataFrame, computed: pl.DataFrame) -> pl.DataFrame:
    """``props`` inner-joined to ``computed`` on proposition_id, its columns prefixed ``_``.

    ``computed`` has one row per row of ``props``, in its order (``proposition_semantics``), so
    where every id is given once the columns are set side by side instead of joined.
    """
    renamed = computed.rename({c: f"_{c}" for c in computed.columns if c != "proposition_id"})
    ids = props["proposition_id"]
    if ids.null_count() or may_repeat(props, ["proposition_id"]):
        return props.join(renamed, on="proposition_id", how="inner")
    return props.hstack(renamed.drop("proposition_id"))


def _originals(
    reads: dict[str, TableRead], computed: pl.DataFrame | None = None
) -> pl.DataFrame | None:
    """Each propositions row joined to its original claim, or None if a table is unreadable.

    The claim's proposition is ``_prop`` and its source ``_source`` (where claims has
    source_id); ``_attested`` (an origin states the proposition) is added from ``computed``.
    """
    props = narrow(reads, "propositions", ["proposition_id", "original_claim_id"])
    claims = frame(reads, "claims", ["claim_id", "proposition_id"])
    if props is None or claims is None:
        return None
    if computed is not None:  # one row per props row, in its order (proposition_semantics)
        props = props.with_columns(_attested=computed["attesting_count"] > 0)
    wanted = {"original_claim_id": "claim_id", "_prop": "proposition_id", "_source": "source_id"}
    present = reads["claims"].present
    return props.join(
        claims.select(**{k: v for k, v in wanted.items() if v in present}),
        on="original_claim_id",
        how="inner",
        maintain_order="left",
    )


def original_claim_problems(
    reads: dict[str, TableRead], originals: pl.DataFrame | None = None
) -> pl.DataFrame:
    """A proposition's original claim is one of its own claims (``originals``: ``_originals``)."""
    originals = _originals(reads) if originals is None else originals
    if originals is None:
        return concat_problems([])
    return bad(
        originals.filter(col("_prop") != col("proposition_id")),
        reads["propositions"].schema,
        "corpus.original_claim_in_proposition",
        "original_claim_id",
        pl.format(
            "claim {} is aligned to {}, not to this proposition",
            col("original_claim_id"),
            col("_prop"),
        ),
    )


def original_attesting_problems(
    reads: dict[str, TableRead],
    computed: pl.DataFrame | None,
    originals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Where an origin states the proposition, the original claim is one of an origin's.

    ``originals`` is ``_originals(reads, computed)`` when the caller has it already.
    """
    props = frame(reads, "propositions", ["proposition_id", "original_claim_id"])
    claims = frame(reads, "claims", ["claim_id", "source_id", "proposition_id"])
    lineage = frame(reads, "lineage", ["source_id", "parent_source_id"])
    if props is None or claims is None or lineage is None or computed is None:
        return concat_problems([])
    originals = _originals(reads, computed) if originals is None else originals
    derived = lineage_edges(lineage).select("source_id").unique()["source_id"]
    wrong = originals.filter(
        col("_attested")
        & (col("_prop") == col("proposition_id"))
        & col("_source").is_in(derived.implode())
    )
    return bad(
        wrong,
        reads["propositions"].schema,
        "corpus.original_claim_attesting",
        "original_claim_id",
        pl.format(
            "{} is a copy's claim ({} derives from another source), but an origin states this "
            "proposition: the original claim is that origin's",
            col("original_claim_id"),
            col("_source"),
        ),
    )


def _parse_error(value: str, kind: str | None) -> str | None:
    if kind is None:
        return (
            "the proposition has no value_kind (no disputed_aspect): a claim gives no "
            "proposition_value for it"
        )
    try:
        interval(value, kind)
    except ValueError as exc:
        return str(exc)
    return None


def value_parse_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Each value parses for its kind; checked once per distinct (value, kind) pair.

    The distinct pairs are few (values repeat across sources), so parsing them one by one in
    Python, with the same ``interval`` the status uses, costs next to nothing.
    """
    claims = narrow(reads, "claims", ["claim_id", "proposition_id", "proposition_value"])
    props = frame(reads, "propositions", ["proposition_id", "value_kind"])
    if claims is None or props is None:
        return concat_problems([])
    stated = claims.filter(col("proposition_value").is_not_null()).join(
        props.select("proposition_id", "value_kind"), on="proposition_id", how="inner"
    )
    pairs = stated.select("proposition_value", "value_kind").unique()
    verdicts = pairs.with_columns(
        _error=pl.Series([_parse_error(v, k) for v, k in pairs.iter_rows()], dtype=pl.String)
    ).filter(col("_error").is_not_null())
    wrong = stated.join(
        verdicts, on=["proposition_value", "value_kind"], how="inner", nulls_equal=True
    )
    return bad(
        wrong.sort("_row"),
        reads["claims"].schema,
        "corpus.proposition_value_parses",
        "proposition_value",
        col("_error"),
    )


def _number_text(name: str) -> pl.Expr:
    """A figure's number as a proposition_value writes it: 30000, not 30000.0."""
    x = col(name)
    whole = (x == x.floor()) & (x.abs() < 1e15)
    return pl.when(whole).then(x.cast(pl.Int64).cast(pl.String)).otherwise(x.cast(pl.String))


def figure_encoding() -> pl.Expr:
    """The proposition_value a figures row encodes, by its qualifier (``NUMBER_PREFIX``)."""
    q = col("qualifier")
    prefix = q.replace_strict(NUMBER_PREFIX, default=None, return_dtype=pl.String)
    return (
        pl.when(q == "range")
        .then(pl.format("{}..{}", _number_text("low"), _number_text("high")))
        .when(q.is_in(["exact", "approximately"]))
        .then(prefix + _number_text("value"))
        .when(q.is_in(["nearly", "less_than", "up_to"]))
        .then(prefix + _number_text("high"))
        .otherwise(prefix + _number_text("low"))
    )


def figure_value_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """A number value of a claim with figures equals the encoding of one of them."""
    claims = narrow(reads, "claims", ["claim_id", "proposition_id", "proposition_value"])
    props = frame(reads, "propositions", ["proposition_id", "value_kind"])
    figures = frame(reads, "figures", ["claim_id", "qualifier", "value", "low", "high"])
    if claims is None or props is None or figures is None:
        return concat_problems([])
    numbers = claims.filter(col("proposition_value").is_not_null()).join(
        props.filter(col("value_kind") == "number").select("proposition_id"),
        on="proposition_id",
        how="semi",
    )
    encoded = (  # only the figures of claims with a number value are encoded
        figures.join(numbers.select("claim_id"), on="claim_id", how="semi")
        .select("claim_id", _encoded=figure_encoding())
        .drop_nulls()
    )
    with_figures = numbers.join(encoded.select("claim_id").unique(), on="claim_id", how="semi")
    unmatched = with_figures.join(
        encoded.rename({"_encoded": "proposition_value"}),
        on=["claim_id", "proposition_value"],
        how="anti",
    )
    listed = encoded.group_by("claim_id").agg(
        _choices=col("_encoded").unique().sort().str.join(", ")
    )
    return bad(
        unmatched.join(listed, on="claim_id", how="left"),
        reads["claims"].schema,
        "corpus.figure_value_matches",
        "proposition_value",
        pl.format(
            "the value is derived from the claim's figures, never typed twice: use one of {}",
            col("_choices"),
        ),
    )


def proposition_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Every proposition rule, in a stable order."""
    computed = semantics_frame(reads)
    originals = _originals(reads, computed)
    return concat_problems(
        [
            count_and_status_problems(reads, computed),
            original_claim_problems(reads, originals),
            original_attesting_problems(reads, computed, originals),
            value_parse_problems(reads),
            figure_value_problems(reads),
        ]
    )
