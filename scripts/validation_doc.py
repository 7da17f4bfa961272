"""Write docs/VALIDATION.md from the rule catalogue and the tests that prove each rule.

Usage: python scripts/validation_doc.py [--check]   (--check: exit 1 if the file is out of date)
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from claimtrace.validation.catalogue import catalogue
from claimtrace.validation.limits import (
    MAX_CELL_CHARS,
    MAX_LINE_BYTES,
    MAX_TABLE_BYTES,
    MAX_TEXT_BYTES,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "VALIDATION.md"
TESTS = ROOT / "tests"
LAYER_NAMES = {
    "structure": "structure (our reader: bytes, CSV shape, types, keys)",
    "table": "table (pandera schemas generated from schemas/, row rules, cell checks)",
    "corpus": "corpus (across tables and files)",
}


def _runs_catalogue(path: Path) -> set[str]:
    """Helper modules whose whole MUTATIONS catalogue the test module runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and any(a.name == "MUTATIONS" for a in node.names)
    }


def proving_tests() -> dict[str, list[str]]:
    """Rule id -> test files that name it, directly or by running a helper's MUTATIONS."""
    files = [f for f in sorted(TESTS.glob("*.py")) if f.name != "test_hostile_doc.py"]
    tests = [f for f in files if f.name.startswith("test_")]
    helpers = {f.stem: f for f in files if not f.name.startswith(("test_", "conftest"))}
    users = {h: [t.name for t in tests if h in _runs_catalogue(t)] for h in helpers}
    found: dict[str, set[str]] = {}
    ids = re.compile(r"\b([a-z]+\.[a-z_0-9A-Z]+)\b")
    for f in files:
        names = [f.name] if f.name.startswith("test_") else users.get(f.stem, [])
        for rule in set(ids.findall(f.read_text(encoding="utf-8"))):
            found.setdefault(rule, set()).update(names)
    return {rule: sorted(names) for rule, names in found.items() if names}


def mutation_kinds() -> dict[str, int]:
    sys.path.insert(0, str(TESTS))
    import hostile_mutations
    import mutations

    return {
        "tests/hostile_mutations.py": len(hostile_mutations.MUTATIONS),
        "tests/mutations.py": len(mutations.MUTATIONS),
    }


GUARANTEES = [
    # (guarantee, test file, tests that build the hostile input and prove it)
    (
        "One resource list: validate, release, report, diff and load take their tables from "
        "`read_package`; a resource whose name, path, type or format is missing, not a string "
        "or used twice, an empty resource list, or a key written twice is `structure.descriptor` "
        "(exit 2) for every command",
        "test_hostile_resources.py",
        [
            "test_a_malformed_resource_list_is_a_named_descriptor_problem",
            "test_release_report_diff_and_load_refuse_the_same_resource_list",
            "test_a_key_written_twice_in_one_resource_is_refused",
        ],
    ),
    (
        "One reader: release ships the cells validation parsed (never a second read of a table) "
        "and texts whose SHA-256 validation checked; a text changed since is refused",
        "test_hostile_resources.py",
        [
            "test_release_ships_the_cells_validation_checked_not_a_second_read",
            "test_release_refuses_a_text_changed_after_validation",
        ],
    ),
    (
        "Containment: the descriptor, schemas, tables, texts, CHANGELOG.md, pyproject.toml and "
        "companions are read only as regular files inside the package (`safety.files`); a FIFO, "
        "a device or a directory is refused by name without being opened (no hang), a symlink "
        "leading out is refused and nothing outside is opened, listed or written (audit hook)",
        "test_hostile_containment.py",
        [
            "test_a_special_file_is_refused_by_name_without_blocking",
            "test_a_symlink_leading_out_is_refused_and_nothing_outside_is_read",
            "test_a_symlinked_texts_folder_is_neither_listed_nor_read",
            "test_add_source_never_writes_through_a_symlinked_texts_folder",
            "test_anchor_never_reads_through_a_symlinked_texts_folder",
            "test_add_source_refuses_a_named_pipe_as_its_input_without_blocking",
            "test_curation_commands_neither_read_nor_write_a_table_outside",
            "test_the_default_release_folder_never_leads_out_of_the_package",
        ],
    ),
    (
        "Schemas are well formed before data is checked: keys naming declared fields, "
        "constraints of the right JSON types, patterns that compile (in Python and polars), no "
        "NaN or Infinity, unique field names, bounded nesting; each a `structure.descriptor` "
        "problem naming the file and field",
        "test_hostile_schemas.py",
        [
            "test_a_malformed_schema_is_a_named_descriptor_problem",
            "test_diff_names_a_malformed_schema_in_one_line",
            "test_diff_grades_a_constraint_that_changes_from_a_number_to_a_string",
        ],
    ),
    (
        "Keys naming undeclared fields stop validation and release (exit 2, never a silent skip)",
        "test_hostile_resources.py",
        ["test_a_key_naming_an_undeclared_field_stops_validation_and_release"],
    ),
    (
        "Formula injection is one documented predicate (`injection.is_formula`, run as "
        "`formula_expr`): leading blanks, = + - @ and their full-width forms, a leading tab or "
        "CR, DDE forms behind any of them; a sign only on a plain number; property tests over "
        "generated variants",
        "test_hostile_injection.py",
        [
            "test_every_prefix_behind_any_leading_blanks_is_a_formula",
            "test_a_leading_tab_or_carriage_return_is_a_formula",
            "test_a_dde_payload_behind_any_prefix_and_blanks_is_a_formula",
            "test_a_plain_signed_number_is_not_a_formula",
            "test_python_and_polars_apply_the_same_predicate_to_any_text",
            "test_the_reported_bypasses_are_caught_and_block_the_release",
        ],
    ),
    (
        "A boundary around every command (`cli.boundary`): anything but KeyboardInterrupt and "
        "SystemExit, a compiled library's panic included, is one line and exit 2 with no "
        "traceback; partial output is removed; every --json command prints a JSON error object "
        "with the same exit code; POLARS_MAX_THREADS=0 is refused by name",
        "test_hostile_boundary.py",
        [
            "test_every_registered_command_runs_inside_the_boundary",
            "test_a_panic_in_any_command_is_one_line_exit_2_and_leaves_nothing",
            "test_polars_max_threads_zero_is_refused_by_name_in_every_command",
            "test_every_json_command_prints_a_json_error_object_with_the_same_exit_code",
        ],
    ),
    (
        "Release refusals are one line, exit 1, nothing published, no stray entry: --out a file "
        "or under one, SOURCE_DATE_EPOCH not ASCII digits or past 9999, a dangling symlink, a "
        "symlink or a file at the target (with or without --force)",
        "test_hostile_boundary.py",
        [
            "test_release_refuses_an_out_that_is_a_file",
            "test_release_refuses_a_bad_source_date_epoch",
            "test_release_never_replaces_a_symlink_or_file_at_its_target",
        ],
    ),
    (
        "Terminal-safe text: every printed field escapes control, format and separator "
        "characters, so no ESC/OSC reaches the terminal and a newline in a key cannot forge a "
        "line; JSON output keeps the exact values",
        "test_hostile_terminal.py",
        [
            "test_validate_text_escapes_every_field_and_cannot_be_forged",
            "test_validate_json_keeps_the_exact_values",
            "test_report_and_its_warnings_are_terminal_safe",
            "test_diff_text_is_terminal_safe",
            "test_an_error_message_naming_a_hostile_path_is_one_safe_line",
        ],
    ),
    (
        "Calendar checks for every date shape the schemas allow: 2025-13, 2025-00, 2025-02-30 "
        "and XXXX-02-30 rejected; XXXX-02-29 and seasons (where the pattern has them) allowed",
        "test_hostile_calendar.py",
        ["test_an_impossible_date_is_named", "test_a_possible_date_passes"],
    ),
    (
        "Integrity of a release (built with issue 9's checks): a tampered CSV or text, a wrong "
        "declared hash, a missing or garbage Parquet file and a SHA256SUMS that is a named pipe "
        "are named problems (exit 1); a file swapped for a symlink leading out is never opened; "
        "an archive that would expand beyond 16 GiB is refused before extraction",
        "test_hostile_integrity.py",
        [
            "test_a_tampered_release_is_invalid_and_names_the_file",
            "test_a_release_file_swapped_for_a_symlink_leading_out_is_never_read",
            "test_an_archive_that_would_expand_beyond_the_limit_is_refused_before_extracting",
        ],
    ),
    (
        "Linear-time corpus rules: lineage cycles by strongly connected components, O(V + E), "
        "and lineage origins by pointer doubling (`semantics.origins`); 10x the sources "
        "take less than 20x the time",
        "test_hostile_lineage.py",
        [
            "test_a_long_closed_chain_flags_every_edge_and_an_open_one_none",
            "test_only_edges_on_a_cycle_are_flagged",
            "test_ten_times_more_sources_take_less_than_twenty_times_longer",
            "test_origins_are_the_roots_each_source_reaches",
            "test_origins_of_ten_times_more_sources_take_less_than_twenty_times_longer",
        ],
    ),
]


def _defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def guarantee_lines() -> list[str]:
    """The guarantees table; a guarantee whose test does not exist stops the generation."""
    lines = [
        "## Guarantees against hostile input",
        "",
        "Each guarantee is proved by the named tests, which build the hostile input and assert "
        "the exit code, the named problem, no traceback and no hang (every hostile test has a "
        "timeout).",
        "",
        "| guarantee | proved by |",
        "|---|---|",
    ]
    for text, file, names in GUARANTEES:
        missing = set(names) - _defined_tests(TESTS / file)
        if missing:
            raise SystemExit(f"{file} has no test {sorted(missing)}")
        tests = "<br>".join(f"`{file}::{n}`" for n in names)
        lines.append(f"| {text} | {tests} |")
    return [*lines, ""]


def render() -> str:
    entries = catalogue(ROOT / "schemas")
    proved = proving_tests()
    kinds = mutation_kinds()
    lines = [
        "# Validation rules",
        "",
        "<!-- Generated by scripts/validation_doc.py from the rule declarations; do not edit. -->",
        "",
        "`claimtrace validate [PATH] [--json] [--limit N]` checks the package in three layers and "
        "prints one report: each problem names the table, the row (CSV row, header = 1), the "
        "physical line of the file (of the defect for a byte-level finding, else where the row "
        "starts) and the row's primary key, the field, the rule id below and the offending "
        "value, and says what would be right. Exit 0 valid, 1 invalid, 2 the package could "
        "not be read; a problem is never a traceback. Every rule is a vectorised check "
        "(polars expressions and joins).",
        "",
        "Before any table is parsed, its bytes are scanned in bounded blocks (UTF-8, byte-order "
        "mark, NUL, CR, NFC, blank rows, unclosed quotes), and files beyond the limits are "
        "reported, never read: a table up to "
        f"{MAX_TABLE_BYTES >> 30} GiB with lines up to {MAX_LINE_BYTES >> 20} MiB, an archived "
        f"text up to {MAX_TEXT_BYTES >> 20} MiB, a cell up to {MAX_CELL_CHARS:,} characters. "
        "No path named by the package (resource, schema, text) is opened unless it is a "
        "relative path inside the package; URLs of any scheme are never fetched. No environment "
        "setting (PANDERA_VALIDATION_ENABLED, PANDERA_VALIDATION_DEPTH, POLARS_*, ...) turns a "
        "check off.",
        "",
        f"**{len(entries)} rules.** Proved by the tests named in the last column: each breaks a "
        "valid package in one way and asserts the rule, table, row and field reported. Mutation "
        "kinds: "
        + ", ".join(f"{n} in {path}" for path, n in kinds.items())
        + f" ({sum(kinds.values())} in all); tests/test_hostile_properties.py applies the first "
        "set at random and feeds random bytes as every table and descriptor.",
        "",
    ]
    lines += guarantee_lines()
    for layer in ("structure", "table", "corpus"):
        lines += [
            f"## Layer: {LAYER_NAMES[layer]}",
            "",
            "| rule | requires | applies to | proved by |",
            "|---|---|---|---|",
        ]
        for e in entries:
            if e.rule.layer != layer:
                continue
            where = ", ".join(e.applies_to) if e.applies_to else "any"
            tests = ", ".join(proved.get(e.rule.id, [])) or "(none yet)"
            text = e.rule.requires.replace("|", "\\|")
            lines.append(f"| `{e.rule.id}` | {text} | {where} | {tests} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print("docs/VALIDATION.md is out of date: run python scripts/validation_doc.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
