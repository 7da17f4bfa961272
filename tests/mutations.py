"""Single-rule breaks of a valid corpus: each mutation edits one thing and names what must be found.

Shared by the validator tests and the frictionless cross-check; reusable for hostile-input tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass

from corpus_factory import Corpus


@dataclass(frozen=True)
class Expect:
    """The problem a mutation must produce: table, CSV row (None: file level), field, rule."""

    table: str
    row: int | None
    field: str | None
    rule: str


@dataclass(frozen=True)
class Mutation:
    """A named break; ``frictionless`` says whether frictionless can see it too."""

    id: str
    apply: Callable[[Corpus], Expect]
    frictionless: bool = False


def _resource_path(c: Corpus, name: str, path: str) -> Expect:
    d = c.descriptor
    for r in d["resources"]:
        if r["name"] == name:
            r["path"] = path
    (c.root / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    return Expect(name, None, "path", "structure.unsafe_path")


def _symlink_out(c: Corpus) -> Expect:
    outside = c.root.parent / "outside.csv"
    outside.write_bytes(c.path("figures").read_bytes())
    c.path("figures").unlink()
    os.symlink(outside, c.path("figures"))
    return Expect("figures", None, "path", "structure.unsafe_path")


def _raw(c: Corpus, table: str, edit: Callable[[list[str]], list[str]]) -> None:
    lines = c.path(table).read_text(encoding="utf-8").split("\n")
    c.path(table).write_text("\n".join(edit(lines)), encoding="utf-8")


def _header(c: Corpus, table: str, old: str, new: str, rule: str, field: str) -> Expect:
    _raw(c, table, lambda ls: [",".join(new if h == old else h for h in ls[0].split(",")), *ls[1:]])
    return Expect(table, 1, field, rule)


def _cells(c: Corpus, table: str, line: int, edit: Callable[[str], str], rule: str) -> Expect:
    _raw(c, table, lambda ls: [*ls[: line - 1], edit(ls[line - 1]), *ls[line:]])
    return Expect(table, line, None, rule)


def _cell(table: str, key: str, field: str, value: str, rule: str, check: str | None = None):
    def apply(c: Corpus) -> Expect:
        row = c.set(table, key, **{field: value})
        return Expect(table, row, check or field, rule)

    return apply


def _cells_of(table: str, key: str, rule: str, field: str, **values: str):
    def apply(c: Corpus) -> Expect:
        return Expect(table, c.set(table, key, **values), field, rule)

    return apply


def _duplicate_row(table: str) -> Callable[[Corpus], Expect]:
    def apply(c: Corpus) -> Expect:
        rows = c.rows(table)
        c.write(table, [*rows, rows[0]])
        pk = ", ".join(c.schema(table)["primaryKey"])
        return Expect(table, len(rows) + 2, pk, "structure.primary_key")

    return apply


def _text_file(c: Corpus, data: bytes, rule: str, field: str = "text_path") -> Expect:
    (c.root / "data/texts/byai_decree_rewrite.txt").write_bytes(data)
    return Expect("sources", c.row_number("sources", "byai_decree_rewrite"), field, rule)


def _rename_text(c: Corpus) -> Expect:
    (c.root / "data/texts/byai_decree_rewrite.txt").rename(c.root / "data/texts/byai.txt")
    row = c.set("sources", "byai_decree_rewrite", text_path="data/texts/byai.txt")
    return Expect("sources", row, "text_path", "corpus.text_path_matches_id")


def _not_utf8(c: Corpus) -> Expect:
    row = c.row_number("actors", "euromaidan_press")
    data = c.path("actors").read_bytes()
    c.path("actors").write_bytes(data.replace(b"Euromaidan Press,", b"Euromaidan Pr\xe9ss,", 1))
    return Expect("actors", row, None, "structure.encoding")


def _orphan(c: Corpus) -> Expect:
    (c.root / "data/texts/stray.txt").write_text("stray\n", encoding="utf-8")
    return Expect("data/texts", None, None, "corpus.orphan_text")


def _rename_id(table: str, old: str, new: str, rule: str, field: str):
    def apply(c: Corpus) -> Expect:
        row = c.set(table, old, **{field: new})
        if table == "claims":
            for p in c.rows("propositions"):
                if p["original_claim_id"] == old:
                    c.set("propositions", p["proposition_id"], original_claim_id=new)
            row = c.row_number(table, new)
        return Expect(table, row, field, rule)

    return apply


def _cycle(c: Corpus) -> Expect:
    rows = c.rows("lineage")
    edge = {
        "source_id": "kyivindependent_decree",
        "parent_source_id": "byai_decree_rewrite",
        "relation": "based_on",
        "confidence": "low",
        "evidence": "a loop",
    }
    c.write("lineage", sorted([*rows, edge], key=lambda r: r["source_id"]))
    return Expect(
        "lineage",
        c.row_number("lineage", "kyivindependent_decree"),
        "parent_source_id",
        "corpus.lineage_acyclic",
    )


def _claim_actor(claim_id: str, actor_id: str, rule: str, field: str, /, **cells: str):
    """Edit the claim_actors row (claim_id, actor_id); the problem is on ``table`` of ``rule``."""

    def apply(c: Corpus) -> Expect:
        rows = c.rows("claim_actors")
        hit = [
            i for i, r in enumerate(rows) if (r["claim_id"], r["actor_id"]) == (claim_id, actor_id)
        ]
        assert hit, (claim_id, actor_id)
        rows[hit[0]].update(cells)
        c.write("claim_actors", rows)
        if field == "attribution_actor_id":  # the claim lost its claimant link
            return Expect("claims", c.row_number("claims", claim_id), field, rule)
        return Expect("claim_actors", hit[0] + 2, field, rule)

    return apply


def _relation(rule: str, field: str, **cells: str):
    def apply(c: Corpus) -> Expect:
        rows = c.rows("proposition_relations")
        rows[0].update(cells)
        c.write("proposition_relations", rows)
        return Expect("proposition_relations", 2, field, rule)

    return apply


def _swap_quote_text(c: Corpus) -> Expect:
    rows = c.rows("claims")
    r = next(r for r in rows if r["claim_id"] == "kyivindependent_decree.c01")
    r["quote"] = r["quote"].replace("July 7", "July 8")
    c.write("claims", rows)
    return Expect(
        "claims", c.row_number("claims", r["claim_id"]), "quote", "corpus.quote_matches_text"
    )


def _span_past_end(c: Corpus) -> Expect:
    n = len(c.text("kyivindependent_decree"))
    row = c.set("claims", K3, start=str(n - 2), end=str(n + 5))
    return Expect("claims", row, "end", "corpus.span_in_text")


# K1 signing date (dated), K2 monthly recruits (attributed, with a figure), K3 decree in force.
K1, K2, K3 = (
    "kyivindependent_decree.c01",
    "kyivindependent_decree.c03",
    "kyivindependent_decree.c02",
)
A1 = "anon_decree_rewrite.c01"
A2 = "anon_decree_rewrite.c02"  # added: the effective date the parent report does not give
B1, B2 = "byai_decree_rewrite.c01", "byai_decree_rewrite.c02"
I2, I3, I4 = (
    "anon_foreign_nationals_decree.c02",
    "anon_foreign_nationals_decree.c03",
    "anon_foreign_nationals_decree.c04",
)
E1 = "euromaidanpress_tsyganok.c01"  # the headline
F1, FB = "kyivindependent_decree.f01", "byai_decree_rewrite.f01"
FA = "anon_foreign_nationals_decree.f01"

MUTATIONS: list[Mutation] = [
    # structure: paths (never opened), files, shape
    Mutation("path_absolute", lambda c: _resource_path(c, "claims", "/etc/hostname"), True),
    Mutation("path_url", lambda c: _resource_path(c, "claims", "http://127.0.0.1:9/c.csv")),
    Mutation("path_dotdot", lambda c: _resource_path(c, "claims", "../claims.csv"), True),
    Mutation("path_home", lambda c: _resource_path(c, "claims", "~/claims.csv")),
    Mutation("path_symlink_out", _symlink_out),
    Mutation(
        "missing_file",
        lambda c: (
            c.path("figures").unlink(),
            Expect("figures", None, None, "structure.missing_file"),
        )[1],
        True,
    ),
    Mutation("not_utf8", _not_utf8, True),
    Mutation(
        "no_header",
        lambda c: (
            c.path("claim_actors").write_text(""),
            Expect("claim_actors", 1, None, "structure.missing_header"),
        )[1],
        True,
    ),
    Mutation(
        "blank_header",
        lambda c: _header(c, "claim_actors", "role", "", "structure.blank_header", "role"),
        True,
    ),
    Mutation(
        "duplicate_header",
        lambda c: _header(
            c, "claim_actors", "role", "actor_id", "structure.duplicate_header", "actor_id"
        ),
        True,
    ),
    Mutation(
        "renamed_column",
        lambda c: _header(
            c, "claims", "drift_note", "drift_notes", "structure.renamed_column", "drift_note"
        ),
        True,
    ),
    Mutation(
        "extra_column",
        lambda c: (
            _raw(
                c, "actors", lambda ls: [ls[0] + ",extra"] + [x + ",1" if x else x for x in ls[1:]]
            ),
            Expect("actors", 1, "extra", "structure.extra_column"),
        )[1],
        True,
    ),
    Mutation(
        "missing_column",
        lambda c: (
            c.write(
                "propositions",
                c.rows("propositions"),
                header=[h for h in c.header("propositions") if h != "disputed_aspect"],
            ),
            Expect("propositions", 1, "disputed_aspect", "structure.missing_column"),
        )[1],
        True,
    ),
    Mutation(
        "column_order",
        lambda c: (
            c.write(
                "claim_actors", c.rows("claim_actors"), header=["actor_id", "claim_id", "role"]
            ),
            Expect("claim_actors", 1, "actor_id", "structure.column_order"),
        )[1],
        True,
    ),
    Mutation(
        "extra_cell",
        lambda c: _cells(c, "claims", 3, lambda s: s + ",surplus", "structure.extra_cell"),
        True,
    ),
    Mutation(
        "missing_cell",
        lambda c: _cells(c, "figures", 2, lambda s: s.rsplit(",", 1)[0], "structure.missing_cell"),
        True,
    ),
    Mutation(
        "blank_row",
        lambda c: (
            _raw(c, "propositions", lambda ls: [*ls[:2], "", *ls[2:]]),
            Expect("propositions", 3, None, "structure.blank_row"),
        )[1],
        True,
    ),
    Mutation("type_integer", _cell("claims", K1, "start", "12a", "type.integer"), True),
    Mutation("type_number", _cell("figures", F1, "low", "30 000", "type.number"), True),
    Mutation("type_boolean", _cell("claims", K2, "is_furniture", "yes", "type.boolean"), True),
    Mutation("primary_key", _duplicate_row("claims"), True),
    Mutation("primary_key_composite", _duplicate_row("claim_actors"), True),
    Mutation(
        "foreign_key",
        _cell("claims", K2, "attribution_actor_id", "nobody_known", "structure.foreign_key"),
        True,
    ),
    Mutation(
        "foreign_key_composite_table",
        _cell("claim_actors", K2, "actor_id", "nobody_known", "structure.foreign_key"),
        True,
    ),
    # table: generated pandera checks
    Mutation("required", _cell("claims", K1, "claim_text", "", "constraint.required"), True),
    Mutation("enum", _cell("claims", K1, "claim_type", "rumour", "constraint.enum"), True),
    Mutation(
        "pattern",
        _cell("sources", "kyivindependent_decree", "language", "English", "constraint.pattern"),
        True,
    ),
    Mutation(
        "pattern_is_anchored",
        _cell("actors", "kyiv_independent", "country", "UKRA", "constraint.pattern"),
        True,
    ),
    Mutation(
        "minimum",
        _cell("sources", "kyivindependent_decree", "text_chars", "-1", "constraint.minimum"),
        True,
    ),
    Mutation(
        "max_length",
        _cell("sources", "kyivindependent_decree", "title", "x" * 501, "constraint.maxLength"),
        True,
    ),
    Mutation(
        "unique",
        _cell(
            "sources",
            "byai_decree_rewrite",
            "text_path",
            "data/texts/kyivindependent_decree.txt",
            "constraint.unique",
        ),
        True,
    ),
    # table: row rules
    Mutation(
        "start_before_end",
        _cells_of("claims", K3, "row.start_before_end", "start, end", start="100", end="100"),
    ),
    Mutation("low_le_high", _cells_of("figures", F1, "row.low_le_high", "low, high", low="50000")),
    Mutation(
        "value_le_high", _cells_of("figures", FA, "row.value_le_high", "value, high", high="100")
    ),
    Mutation(
        "range_bounds",
        _cells_of("figures", FB, "row.range_bounds", "qualifier, low, high, value", high=""),
    ),
    Mutation(
        "single_value",
        _cells_of("figures", FA, "row.single_value", "qualifier, value", value="", low="29000"),
    ),
    Mutation(
        "upper_bound_only",
        _cells_of(
            "figures",
            F1,
            "row.upper_bound_only",
            "qualifier, high, value",
            qualifier="up_to",
            high="",
        ),
    ),
    Mutation(
        "lower_bound_only",
        _cells_of(
            "figures",
            F1,
            "row.lower_bound_only",
            "qualifier, low, value",
            qualifier="more_than",
            low="",
        ),
    ),
    Mutation(
        "drift_note",
        _cells_of("claims", A1, "row.drift_note_required", "drift, drift_note", drift_note=""),
    ),
    Mutation(
        "event_date_precision",
        _cells_of(
            "claims",
            K3,
            "row.event_date_precision_set",
            "event_date, event_date_precision",
            event_date_precision="",
        ),
    ),
    Mutation(
        "event_date_shape",
        _cells_of(
            "claims",
            K3,
            "row.event_date_precision_shape",
            "event_date, event_date_precision",
            event_date_precision="month",
        ),
    ),
    Mutation(
        "event_date_season",
        _cells_of(
            "claims",
            K3,
            "row.event_date_precision_shape",
            "event_date, event_date_precision",
            event_date="2022-09",
            event_date_precision="season",
        ),
    ),
    Mutation(
        "event_date_basis",
        _cells_of(
            "claims",
            K1,
            "row.event_date_basis_set",
            "event_date_inferred, event_date_basis",
            event_date_basis="",
        ),
    ),
    Mutation(
        "date_published_precision",
        _cells_of(
            "sources",
            "kyivindependent_decree",
            "row.date_published_precision_set",
            "date_published, date_published_precision",
            date_published="2025-07-08",
            date_published_basis="stated",
        ),
    ),
    Mutation(
        "date_published_shape",
        _cells_of(
            "sources",
            "kyivindependent_decree",
            "row.date_published_precision_shape",
            "date_published, date_published_precision",
            date_published="2025-07",
            date_published_precision="day",
            date_published_basis="stated",
        ),
    ),
    Mutation(
        "date_published_basis",
        _cells_of(
            "sources",
            "kyivindependent_decree",
            "row.date_published_basis_unknown",
            "date_published, date_published_basis",
            date_published="2025-07-08",
            date_published_precision="day",
        ),
    ),
    Mutation(
        "ai_rewrite_flag",
        _cells_of(
            "sources",
            "byai_decree_rewrite",
            "row.ai_rewrite_is_ai_generated",
            "source_kind, ai_generated",
            ai_generated="false",
        ),
    ),
    Mutation(
        "own_parent",
        _cells_of(
            "lineage",
            "byai_decree_rewrite",
            "row.not_own_parent",
            "source_id, parent_source_id",
            parent_source_id="byai_decree_rewrite",
        ),
    ),
    # corpus
    Mutation("quote", _swap_quote_text),
    Mutation("span_past_end", _span_past_end),
    Mutation(
        "text_sha256",
        _cell("sources", "euromaidanpress_tsyganok", "text_sha256", "0" * 64, "corpus.text_sha256"),
    ),
    Mutation(
        "text_chars",
        _cell("sources", "euromaidanpress_tsyganok", "text_chars", "12", "corpus.text_chars"),
    ),
    Mutation(
        "text_missing",
        lambda c: (
            (c.root / "data/texts/byai_decree_rewrite.txt").unlink(),
            Expect(
                "sources",
                c.row_number("sources", "byai_decree_rewrite"),
                "text_path",
                "corpus.text_exists",
            ),
        )[1],
    ),
    Mutation("text_not_utf8", lambda c: _text_file(c, b"caf\xe9\n", "corpus.text_utf8")),
    Mutation(
        "text_crlf",
        lambda c: _text_file(
            c,
            c.text("byai_decree_rewrite").replace("\n", "\r\n").encode(),
            "corpus.text_normal_form",
        ),
    ),
    Mutation(
        "text_not_nfc", lambda c: _text_file(c, "cafe\u0301\n".encode(), "corpus.text_normal_form")
    ),
    Mutation("text_path_id", _rename_text),
    Mutation(
        "text_path_unsafe",
        _cell(
            "sources",
            "byai_decree_rewrite",
            "text_path",
            "../../etc/hostname",
            "corpus.text_path_safe",
        ),
    ),
    Mutation("orphan_text", _orphan),
    Mutation(
        "figure_outside_claim",
        _cell("figures", F1, "claim_id", K1, "corpus.figure_inside_claim", "start, end"),
    ),
    Mutation(
        "figure_other_source",
        _cell("figures", FB, "claim_id", K2, "corpus.figure_source_matches_claim", "source_id"),
    ),
    Mutation(
        "claim_id_prefix",
        _rename_id(
            "claims",
            "anon_foreign_nationals_decree.c03",
            "kyivindependent_decree.c09",
            "corpus.claim_id_prefix",
            "claim_id",
        ),
    ),
    Mutation(
        "figure_id_prefix",
        _rename_id(
            "figures", FA, "kyivindependent_decree.f09", "corpus.figure_id_prefix", "figure_id"
        ),
    ),
    Mutation(
        "status_single_source",
        _cell(
            "propositions", "p_stateless_law", "status", "corroborated", "corpus.proposition_status"
        ),
    ),
    Mutation(
        "status_conflicting",
        _cell(
            "propositions",
            "p_mobilization_decree_in_force",
            "status",
            "conflicting",
            "corpus.proposition_status",
        ),
    ),
    Mutation(
        "status_echoed_as_corroborated",
        _cell(
            "propositions",
            "p_spring_conscription",
            "status",
            "corroborated",
            "corpus.proposition_status",
        ),
    ),
    Mutation(
        "status_unsupported_as_single_source",
        _cell(
            "propositions",
            "p_decree_effective_date",
            "status",
            "single_source",
            "corpus.proposition_status",
        ),
    ),
    Mutation(
        "status_compatible_numbers_as_conflicting",
        _cell(
            "propositions",
            "p_monthly_recruits",
            "status",
            "conflicting",
            "corpus.proposition_status",
        ),
    ),
    Mutation(
        "status_conflicting_as_corroborated",
        _cell(
            "propositions",
            "p_decree_signing_date",
            "status",
            "corroborated",
            "corpus.proposition_status",
        ),
    ),
    Mutation(
        "source_count",
        _cell(
            "propositions",
            "p_spring_conscription",
            "source_count",
            "1",
            "corpus.proposition_counts",
        ),
    ),
    Mutation(
        "origin_count",
        _cell(
            "propositions",
            "p_spring_conscription",
            "origin_count",
            "2",
            "corpus.proposition_counts",
        ),
    ),
    Mutation(
        "altered_copy_count",
        _cell(
            "propositions",
            "p_decree_signing_date",
            "altered_copy_count",
            "0",
            "corpus.proposition_counts",
        ),
    ),
    Mutation(
        "original_claim",
        _cell(
            "propositions",
            "p_stateless_law",
            "original_claim_id",
            K3,
            "corpus.original_claim_in_proposition",
        ),
    ),
    Mutation("lineage_cycle", _cycle),
    # corpus: provenance semantics (drift along lineage, attribution, order, relations)
    Mutation(
        "drift_label_on_a_root",
        _cells_of(
            "claims",
            I4,
            "corpus.drift_original_on_roots",
            "drift",
            drift="value_changed",
            drift_note="approximately 30,000 instead of 30,000 to 40,000",
        ),
    ),
    Mutation(
        "original_on_a_copy",
        _cell("claims", B1, "drift", "original", "corpus.drift_original_on_roots"),
    ),
    Mutation(
        "parent_claim_missing",
        _cell("claims", B2, "parent_claim_id", "", "corpus.parent_claim_lineage"),
    ),
    Mutation(
        "parent_claim_not_of_a_parent",
        _cell("claims", B1, "parent_claim_id", I4, "corpus.parent_claim_lineage"),
    ),
    Mutation(
        "parent_claim_on_a_root",
        _cell("claims", I4, "parent_claim_id", K2, "corpus.parent_claim_lineage"),
    ),
    Mutation(
        "parent_claim_on_added",
        _cell("claims", A2, "parent_claim_id", K1, "corpus.parent_claim_lineage"),
    ),
    Mutation(
        "document_kind_without_document",
        _cell("claims", K1, "attribution_kind", "document", "corpus.document_attribution"),
    ),
    Mutation(
        "claimant_link_missing",
        _claim_actor(
            K2,
            "us_eu_intelligence_sources",
            "corpus.claimant_link",
            "attribution_actor_id",
            role="cited_source",
        ),
    ),
    Mutation(
        "claimant_without_attribution",
        _claim_actor(
            K2,
            "wall_street_journal",
            "corpus.claimant_link",
            "actor_id",
            claim_id=A1,
            role="claimant",
        ),
    ),
    Mutation(
        "event_date_role_missing",
        _cells_of(
            "claims",
            K3,
            "corpus.event_date_role",
            "event_date, event_date_role",
            event_date_role="",
        ),
    ),
    Mutation(
        "event_date_role_without_date",
        _cells_of(
            "claims",
            I3,
            "corpus.event_date_role",
            "event_date, event_date_role",
            event_date_role="occurred",
        ),
    ),
    Mutation(
        "claim_id_order",
        _rename_id(
            "claims",
            "kyivindependent_decree.c04",
            "kyivindependent_decree.c00",
            "corpus.claim_id_order",
            "claim_id",
        ),
    ),
    Mutation(
        "figure_id_order",
        _rename_id(
            "figures",
            "kyivindependent_decree.f02",
            "kyivindependent_decree.f00",
            "corpus.claim_id_order",
            "figure_id",
        ),
    ),
    Mutation(
        "headline_outside_title", _cell("claims", K1, "is_headline", "true", "corpus.headline")
    ),
    Mutation(
        "headline_furniture",
        _cells_of(
            "claims", E1, "corpus.headline", "is_headline, is_furniture", is_furniture="true"
        ),
    ),
    Mutation(
        "relation_self",
        _relation(
            "corpus.relation_self",
            "related_proposition_id",
            related_proposition_id="p_monthly_recruits",
        ),
    ),
    Mutation(
        "relation_order",
        _relation(
            "corpus.relation_order",
            "proposition_id, related_proposition_id",
            proposition_id="p_spring_conscription",
            related_proposition_id="p_monthly_recruits",
        ),
    ),
    Mutation(
        "original_claim_of_a_copy",
        _cell(
            "propositions",
            "p_monthly_recruits",
            "original_claim_id",
            B1,
            "corpus.original_claim_attesting",
        ),
    ),
    Mutation(
        "value_does_not_parse",
        _cell(
            "claims", K2, "proposition_value", "30,000..40,000", "corpus.proposition_value_parses"
        ),
    ),
    Mutation(
        "value_without_kind",
        _cell("claims", I2, "proposition_value", "in_force", "corpus.proposition_value_parses"),
    ),
    Mutation(
        "value_not_the_figure",
        _cell("claims", I4, "proposition_value", "30000", "corpus.figure_value_matches"),
    ),
    Mutation(
        "value_kind_without_aspect",
        _cells_of(
            "propositions",
            "p_stateless_law",
            "row.value_kind_set",
            "disputed_aspect, value_kind",
            value_kind="date",
        ),
    ),
]
