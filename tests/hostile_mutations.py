"""Single mutations of the valid fixture package, each with the problem the validator must report.

A mutation takes the package root and a ``random.Random`` (so property tests can vary the table,
row and field it hits) and returns an ``Expect``: the exit code and where the problem must be named.
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hostile_factory import ROWS, TEXTS, csv_bytes, header


@dataclass(frozen=True)
class Expect:
    """What the report must hold: a problem with one of ``rules`` at ``table``/``row``/``field``."""

    rules: frozenset[str]
    table: str
    row: int | None = None
    field: str | None = None
    exit_code: int = 1


def expect(rules: str, table: str, row=None, field=None, exit_code=1) -> Expect:
    return Expect(frozenset(rules.split()), table, row, field, exit_code)


def _rows(table: str) -> list[dict]:
    return [dict(r) for r in ROWS[table]]


def _write(root: Path, table: str, rows: list[dict]) -> None:
    (root / "data" / f"{table}.csv").write_bytes(csv_bytes(table, rows))


def _lines(root: Path, table: str) -> list[bytes]:
    return (root / "data" / f"{table}.csv").read_bytes().split(b"\n")[:-1]


def _write_lines(root: Path, table: str, lines: list[bytes]) -> None:
    (root / "data" / f"{table}.csv").write_bytes(b"\n".join(lines) + b"\n")


def _pick_table(rnd: random.Random) -> str:
    return rnd.choice(sorted(ROWS))


def _pick_row(rnd: random.Random, table: str) -> int:
    """A data row index (0-based); its CSV row is index + 2."""
    return rnd.randrange(len(ROWS[table]))


TEXT_FIELDS = {  # free-text fields without pattern or enum, per table (edited in place)
    "actors": ["name", "description"],
    "sources": ["title", "ai_generated_evidence", "rights"],
    "lineage": ["evidence"],
    "claims": ["claim_text"],
    "figures": ["counted"],
    "propositions": ["canonical_text"],
}


def _cell(rnd: random.Random, table: str | None = None) -> tuple[str, int, str]:
    table = table or rnd.choice(sorted(TEXT_FIELDS))
    return table, _pick_row(rnd, table), rnd.choice(TEXT_FIELDS[table])


def _set_cell(root, table, index, field, value) -> Expect:
    rows = _rows(table)
    rows[index][field] = value
    _write(root, table, rows)
    return index + 2


# --- CSV structure --------------------------------------------------------------------------


def blank_header(root, rnd):
    table = _pick_table(rnd)
    names = header(table)
    i = rnd.randrange(len(names))
    lines = _lines(root, table)
    labels = names.copy()
    labels[i] = ""
    lines[0] = ",".join(labels).encode()
    _write_lines(root, table, lines)
    return expect("structure.blank_header", table, 1, names[i])


def duplicate_header(root, rnd):
    table = _pick_table(rnd)
    names = header(table)
    i, j = rnd.sample(range(len(names)), 2)
    labels = names.copy()
    labels[j] = names[i]
    lines = _lines(root, table)
    lines[0] = ",".join(labels).encode()
    _write_lines(root, table, lines)
    return expect("structure.duplicate_header", table, 1, names[i])


def renamed_column(root, rnd):
    table = _pick_table(rnd)
    names = header(table)
    i = rnd.randrange(len(names))
    labels = names.copy()
    labels[i] = names[i] + "_renamed"
    lines = _lines(root, table)
    lines[0] = ",".join(labels).encode()
    _write_lines(root, table, lines)
    return expect("structure.renamed_column", table, 1, names[i])


def missing_column(root, rnd):
    table = _pick_table(rnd)
    names = header(table)
    i = rnd.randrange(len(names))
    keep = [n for n in names if n != names[i]]
    rows = [{n: r.get(n) for n in keep} for r in _rows(table)]
    import polars as pl

    frame = pl.DataFrame(rows, schema=dict.fromkeys(keep, pl.String))
    (root / "data" / f"{table}.csv").write_text(frame.write_csv(line_terminator="\n"))
    return expect("structure.missing_column", table, 1, names[i])


def extra_column(root, rnd):
    table = _pick_table(rnd)
    lines = _lines(root, table)
    lines = [lines[0] + b",comment"] + [line + b",x" for line in lines[1:]]
    _write_lines(root, table, lines)
    return expect("structure.extra_column", table, 1, "comment")


def extra_cell(root, rnd):
    table = _pick_table(rnd)
    index = _pick_row(rnd, table)
    lines = _lines(root, table)
    lines[index + 1] += b",surplus"
    _write_lines(root, table, lines)
    return expect("structure.extra_cell", table, index + 2)


def missing_cell(root, rnd):
    table = _pick_table(rnd)
    index = _pick_row(rnd, table)
    lines = _lines(root, table)
    lines[index + 1] = lines[index + 1].split(b",", 1)[1]  # the id cell, never quoted
    _write_lines(root, table, lines)
    return expect("structure.missing_cell", table, index + 2)


def blank_row(root, rnd):
    table = _pick_table(rnd)
    lines = _lines(root, table)
    at = rnd.randrange(1, len(lines) + 1)
    lines.insert(at, rnd.choice([b"", b",,,"]))
    _write_lines(root, table, lines)
    return expect("structure.blank_row", table, at + 1)


def unclosed_quote(root, rnd):
    table = _pick_table(rnd)
    index = _pick_row(rnd, table)
    lines = _lines(root, table)
    lines[index + 1] = b'"' + lines[index + 1]
    _write_lines(root, table, lines)
    return expect("structure.unclosed_quote structure.missing_cell", table, index + 2)


def empty_file(root, rnd):
    table = _pick_table(rnd)
    (root / "data" / f"{table}.csv").write_bytes(b"")
    return expect("structure.missing_header", table)


def missing_file(root, rnd):
    table = _pick_table(rnd)
    (root / "data" / f"{table}.csv").unlink()
    return expect("structure.missing_file", table)


def header_only_referenced(root, rnd):
    """Actors keeps its header only; every reference to an actor now dangles."""
    (root / "data" / "actors.csv").write_bytes(csv_bytes("actors", []))
    child, field = rnd.choice(
        [
            ("sources", "outlet_id"),
            ("claims", "attribution_actor_id"),
            ("figures", "originator_actor_id"),
            ("claim_actors", "actor_id"),
        ]
    )
    return expect("structure.foreign_key", child, 2, field)


# --- encoding -------------------------------------------------------------------------------


def _raw_cell(root, rnd, payload: bytes, rule: str):
    table, index, field = _cell(rnd)
    rows = _rows(table)
    marker = "MUTATION_MARK"
    rows[index][field] = (rows[index][field] or "x") + marker
    _write(root, table, rows)
    path = root / "data" / f"{table}.csv"
    path.write_bytes(path.read_bytes().replace(marker.encode(), payload))
    return expect(rule, table, index + 2, None if rule == "structure.encoding" else field)


def invalid_utf8(root, rnd):
    return _raw_cell(
        root,
        rnd,
        rnd.choice([b"\xff", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80"]),
        "structure.encoding",
    )


def nul_byte(root, rnd):
    return _raw_cell(root, rnd, b"\x00", "encoding.nul")


def bare_cr(root, rnd):
    return _raw_cell(root, rnd, b"\rtail", "structure.line_ending")


def byte_order_mark(root, rnd):
    table = _pick_table(rnd)
    path = root / "data" / f"{table}.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return expect("structure.bom", table, 1)


def crlf(root, rnd):
    table = _pick_table(rnd)
    path = root / "data" / f"{table}.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return expect("structure.line_ending", table, 1)


def not_nfc(root, rnd):
    table, index, field = _cell(rnd)
    decomposed = unicodedata.normalize("NFD", "café déjà vu")
    return expect("encoding.nfc", table, _set_cell(root, table, index, field, decomposed), field)


def text_not_nfc(root, rnd):
    sid = rnd.choice(sorted(TEXTS))
    path = root / "data" / "texts" / f"{sid}.txt"
    path.write_text(TEXTS[sid] + unicodedata.normalize("NFD", "Café.\n"), encoding="utf-8")
    return expect("corpus.text_normal_form", "sources", sorted(TEXTS).index(sid) + 2, "text_path")


# --- types and constraints -----------------------------------------------------------------


def wrong_type(root, rnd):
    table, field, value, rule = rnd.choice(
        [
            ("claims", "start", "twelve", "type.integer"),
            ("figures", "value", "1,500", "type.number"),
            ("sources", "ai_generated", "yes", "type.boolean"),
            ("sources", "text_chars", "12.5", "type.integer"),
            ("claims", "is_furniture", "no", "type.boolean"),
        ]
    )
    index = _pick_row(rnd, table)
    return expect(rule, table, _set_cell(root, table, index, field, value), field)


def out_of_range(root, rnd):
    table = rnd.choice(["claims", "figures"])
    index = _pick_row(rnd, table)
    return expect(
        "constraint.minimum", table, _set_cell(root, table, index, "start", "-1"), "start"
    )


def bad_date(root, rnd):
    table, field, value = rnd.choice(
        [
            ("claims", "event_date", "2025-13"),
            ("claims", "event_date", "2025-02-30"),
            ("sources", "date_published", "2025-02-30"),
        ]
    )
    index = _pick_row(rnd, table)
    rows = _rows(table)
    rows[index][field] = value
    if table == "claims":
        rows[index]["event_date_precision"] = "day" if len(value) == 10 else "month"
    else:
        rows[index]["date_published_precision"] = "day"
        rows[index]["date_published_basis"] = "stated"
    _write(root, table, rows)
    return expect("constraint.pattern date.calendar", table, index + 2, field)


def unknown_enum(root, rnd):
    table, field = rnd.choice(
        [
            ("claims", "claim_type"),
            ("actors", "actor_type"),
            ("lineage", "relation"),
            ("figures", "qualifier"),
            ("claim_actors", "role"),
            ("propositions", "status"),
            ("sources", "source_kind"),
        ]
    )
    index = _pick_row(rnd, table)
    return expect(
        "constraint.enum", table, _set_cell(root, table, index, field, "bogus_value"), field
    )


def broken_pattern(root, rnd):
    table, field, value = rnd.choice(
        [
            ("actors", "country", "Ukraine"),
            ("actors", "actor_id", "Bad Id"),
            ("sources", "text_sha256", "XYZ"),
            ("figures", "unit", "People!"),
            ("propositions", "topic", "Recruitment Drive"),
        ]
    )
    index = _pick_row(rnd, table)
    return expect("constraint.pattern", table, _set_cell(root, table, index, field, value), field)


def inverted_range(root, rnd):
    table = rnd.choice(["claims", "figures", "figures_bounds"])
    if table == "figures_bounds":
        rows = _rows("figures")
        rows[1].update(qualifier="range", low="9000", high="5000", value=None)
        _write(root, "figures", rows)
        return expect("row.low_le_high", "figures", 3)
    index = _pick_row(rnd, table)
    rows = _rows(table)
    rows[index]["start"], rows[index]["end"] = rows[index]["end"], rows[index]["start"]
    _write(root, table, rows)
    return expect("row.start_before_end", table, index + 2)


# --- keys -----------------------------------------------------------------------------------


def duplicate_key(root, rnd):
    table = rnd.choice(sorted(ROWS))
    rows = _rows(table)
    index = _pick_row(rnd, table)
    rows.append(dict(rows[index]))
    _write(root, table, rows)
    return expect("structure.primary_key", table, len(rows) + 1)


def duplicate_composite_key(root, rnd):
    table = rnd.choice(["claim_actors", "lineage"])
    rows = _rows(table)
    copy = dict(rows[0])
    if table == "lineage":
        copy["confidence"] = "low"  # same key, different payload
    rows.append(copy)
    _write(root, table, rows)
    return expect("structure.primary_key", table, len(rows) + 1)


def dangling_foreign_key(root, rnd):
    table, field = rnd.choice(
        [
            ("claims", "source_id"),
            ("figures", "claim_id"),
            ("lineage", "parent_source_id"),
            ("claim_actors", "actor_id"),
            ("claims", "proposition_id"),
            ("propositions", "original_claim_id"),
            ("sources", "outlet_id"),
        ]
    )
    index = _pick_row(rnd, table)
    return expect(
        "structure.foreign_key", table, _set_cell(root, table, index, field, "no_such_thing"), field
    )


def lineage_cycle(root, rnd):
    rows = _rows("lineage")
    rows.append(
        {
            "source_id": "alpha_report",
            "parent_source_id": "beta_rewrite",
            "relation": rnd.choice(["based_on", "copy_of"]),
            "confidence": "low",
            "evidence": "A loop.",
        }
    )
    _write(root, "lineage", rows)
    return expect("corpus.lineage_acyclic", "lineage", None, "parent_source_id")


# --- integrity ------------------------------------------------------------------------------


def text_edited(root, rnd):
    sid = rnd.choice(sorted(TEXTS))
    path = root / "data" / "texts" / f"{sid}.txt"
    path.write_text(TEXTS[sid].replace("30,000", "40,000"), encoding="utf-8")
    return expect("corpus.text_sha256", "sources", sorted(TEXTS).index(sid) + 2, "text_sha256")


def text_missing(root, rnd):
    sid = rnd.choice(sorted(TEXTS))
    (root / "data" / "texts" / f"{sid}.txt").unlink()
    return expect("corpus.text_exists", "sources", sorted(TEXTS).index(sid) + 2, "text_path")


def hash_mismatch(root, rnd):
    index = _pick_row(rnd, "sources")
    wrong = hashlib.sha256(b"another text").hexdigest()
    return expect(
        "corpus.text_sha256",
        "sources",
        _set_cell(root, "sources", index, "text_sha256", wrong),
        "text_sha256",
    )


def length_mismatch(root, rnd):
    index = _pick_row(rnd, "sources")
    rows = _rows("sources")
    rows[index]["text_chars"] = str(int(rows[index]["text_chars"]) + rnd.randint(1, 50))
    _write(root, "sources", rows)
    return expect("corpus.text_chars", "sources", index + 2, "text_chars")


def quote_mismatch(root, rnd):
    table = rnd.choice(["claims", "figures"])
    index = _pick_row(rnd, table)
    rows = _rows(table)
    if rnd.random() < 0.5:
        rows[index]["quote"] = rows[index]["quote"] + " (edited)"
    else:
        shift = rnd.randint(1, 3)
        rows[index]["start"] = str(int(rows[index]["start"]) + shift)
        rows[index]["end"] = str(int(rows[index]["end"]) + shift)
    _write(root, table, rows)
    return expect(
        "corpus.quote_matches_text corpus.span_in_text corpus.figure_inside_claim", table, index + 2
    )


# --- the descriptor -------------------------------------------------------------------------


def malformed_json(root, rnd):
    path = root / "datapackage.json"
    raw = path.read_bytes()
    cut = rnd.randrange(1, len(raw) - 1)
    path.write_bytes(raw[:cut])
    return expect("structure.descriptor", "datapackage.json", exit_code=2)


def unknown_field_type(root, rnd):
    table = _pick_table(rnd)
    path = root / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][rnd.randrange(len(schema["fields"]))]["type"] = "currency"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return expect("structure.descriptor", f"schemas/{table}.json", exit_code=2)


def schema_header_disagree(root, rnd):
    table = _pick_table(rnd)
    path = root / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    i = rnd.randrange(len(schema["fields"]))
    old = schema["fields"][i]["name"]
    schema["fields"][i]["name"] = old + "_v2"
    for key in ("primaryKey",):
        if isinstance(schema.get(key), list):
            schema[key] = [old + "_v2" if k == old else k for k in schema[key]]
    path.write_text(json.dumps(schema), encoding="utf-8")
    _rename_in_keys(root, table, old, old + "_v2")  # the schemas stay well formed
    return expect("structure.renamed_column", table, 1, old + "_v2")


def _rename_in_keys(root: Path, table: str, old: str, new: str) -> None:
    """Rename ``table``'s field in every foreign key that names it, own or referencing."""

    def renamed(names):
        return (
            [new if n == old else n for n in names]
            if isinstance(names, list)
            else (new if names == old else names)
        )

    for path in sorted((root / "schemas").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        for fk in schema.get("foreignKeys", []):
            if path.stem == table:
                fk["fields"] = renamed(fk["fields"])
            if (fk["reference"].get("resource") or path.stem) == table:
                fk["reference"]["fields"] = renamed(fk["reference"]["fields"])
        path.write_text(json.dumps(schema), encoding="utf-8")


# --- paths ----------------------------------------------------------------------------------


def resource_path_escape(root, rnd):
    path = root / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    i = rnd.randrange(len(desc["resources"]))
    desc["resources"][i]["path"] = rnd.choice(
        [
            "/etc/passwd",
            "../outside.csv",
            "~/secret.csv",
            "http://127.0.0.1:9/x.csv",
            "https://example.org/x.csv",
            "file:///etc/passwd",
            "ftp://example.org/x.csv",
            "s3://bucket/x.csv",
            "data:text/csv;base64,YSxiCg==",
            "data/../../x.csv",
            "data\\..\\..\\x.csv",
        ]
    )
    path.write_text(json.dumps(desc), encoding="utf-8")
    return expect("structure.unsafe_path", desc["resources"][i]["name"], None, "path")


def text_path_escape(root, rnd):
    index = _pick_row(rnd, "sources")
    value = rnd.choice(
        [
            "/etc/passwd",
            "../outside.txt",
            "~/x.txt",
            "http://127.0.0.1:9/x.txt",
            "data/texts/../../x.txt",
        ]
    )
    return expect(
        "constraint.pattern corpus.text_path_safe",
        "sources",
        _set_cell(root, "sources", index, "text_path", value),
        "text_path",
    )


# --- injection ------------------------------------------------------------------------------


def formula_injection(root, rnd):
    table, index, field = _cell(rnd)
    prefix = rnd.choice(["=", "+", "-", "@", "\t", "＝", "＋", "－", "＠"])
    value = prefix + rnd.choice(['HYPERLINK("http://x")', "cmd|' /C calc'!A0", "SUM(A1:A9)"])
    return expect("injection.formula", table, _set_cell(root, table, index, field, value), field)


def formula_in_list(root, rnd):
    index = 0
    rows = _rows("actors")
    rows[index]["aliases"] = 'Alpha|=HYPERLINK("http://x")'
    _write(root, "actors", rows)
    return expect("injection.formula", "actors", index + 2, "aliases")


Mutation = Callable[[Path, random.Random], Expect]
MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in [
        blank_header,
        duplicate_header,
        renamed_column,
        missing_column,
        extra_column,
        extra_cell,
        missing_cell,
        blank_row,
        unclosed_quote,
        empty_file,
        missing_file,
        header_only_referenced,
        invalid_utf8,
        nul_byte,
        bare_cr,
        byte_order_mark,
        crlf,
        not_nfc,
        text_not_nfc,
        wrong_type,
        out_of_range,
        bad_date,
        unknown_enum,
        broken_pattern,
        inverted_range,
        duplicate_key,
        duplicate_composite_key,
        dangling_foreign_key,
        lineage_cycle,
        text_edited,
        text_missing,
        hash_mismatch,
        length_mismatch,
        quote_mismatch,
        malformed_json,
        unknown_field_type,
        schema_header_disagree,
        resource_path_escape,
        text_path_escape,
        formula_injection,
        formula_in_list,
    ]
}
