"""Read a package's CSV tables into typed frames, reporting every shape and type problem found.

This is the one typed reader of the package: the validator and the drift report use it (always
behind the byte scan of ``guarded``), so they agree on what each cell means. Resource paths are
checked with ``resolve_inside`` before any file is opened.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from claimtrace.metadata import Package, Resource, TableSchema
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.tables.typed import ROW, cast_typed, empty_to_null, polars_dtype
from claimtrace.validation.csv_records import (
    parse_labels,
    parse_rows,
    record_texts,
    split_records,
    without_records,
)
from claimtrace.validation.frames import concat_problems, key_expr
from claimtrace.validation.problems import empty_problems, problem, problems_frame

LAYER = "structure"
BOM = b"\xef\xbb\xbf"


@dataclass
class TableRead:
    """One resource as read: typed frame of the declared columns present (plus ``_row``)."""

    resource: Resource
    typed: pl.DataFrame | None = None
    text: pl.DataFrame | None = None
    """The same cells as strings (declared missing values null), as the release publishes them."""
    present: list[str] = field(default_factory=list)
    problems: pl.DataFrame = field(default_factory=empty_problems)
    type_cells: pl.DataFrame | None = None  # _row, field of every cell that failed its type
    moved_lines: pl.DataFrame | None = None
    """``row``, ``line`` of each row that does not start on line ``row`` (after a cell over
    several lines); None when the file's rows were never counted."""

    @property
    def schema(self) -> TableSchema:
        """The resource's Table Schema."""
        return self.resource.schema


def _p(table: str, rule: str, message: str, **extra: object) -> pl.DataFrame:
    return problem(layer=LAYER, table=table, rule=rule, message=message, **extra)


def _header_problems(name: str, labels: list[str | None], schema: TableSchema) -> list:
    declared = schema.field_names
    out = []
    seen: set[str] = set()
    for i, label in enumerate(labels):
        expected = declared[i] if i < len(declared) else None
        if label is None:
            out.append(
                _p(
                    name,
                    "structure.blank_header",
                    f"column {i + 1} has no name in the header"
                    + (f"; the schema names it {expected!r}" if expected else ""),
                    row=1,
                    field=expected,
                )
            )
        elif label in seen:
            out.append(
                _p(
                    name,
                    "structure.duplicate_header",
                    f"column {i + 1} repeats the name {label!r}; each column must appear once",
                    row=1,
                    field=label,
                    value=label,
                )
            )
        elif label not in declared:
            if expected is not None and expected not in labels:
                out.append(
                    _p(
                        name,
                        "structure.renamed_column",
                        f"column {i + 1} is named {label!r}; the schema names it {expected!r}",
                        row=1,
                        field=expected,
                        value=label,
                    )
                )
            else:
                out.append(
                    _p(
                        name,
                        "structure.extra_column",
                        f"column {i + 1} {label!r} is not declared in the table's schema; remove "
                        "it or declare it in schemas/",
                        row=1,
                        field=label,
                        value=label,
                    )
                )
        elif expected is not None and label != expected and expected in labels:
            out.append(
                _p(
                    name,
                    "structure.column_order",
                    f"column {i + 1} is {label!r}; the schema puts {expected!r} there "
                    f"(declared order: {', '.join(declared)})",
                    row=1,
                    field=label,
                    value=label,
                )
            )
        if label is not None:
            seen.add(label)
    renamed_to = {
        declared[i]
        for i, label in enumerate(labels)
        if i < len(declared)
        and label not in declared
        and label is not None
        and declared[i] not in labels
    }
    for f in declared:
        if f not in labels and f not in renamed_to:
            out.append(
                _p(
                    name,
                    "structure.missing_column",
                    f"the schema declares column {f!r} but the header has no such column",
                    row=1,
                    field=f,
                )
            )
    return out


def _check_bytes(raw: bytes, name: str, path: str) -> tuple[bool, list]:
    """Whether ``raw`` is UTF-8, and the encoding problems found (BOM, CR line endings)."""
    out = []
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{path} is not UTF-8: byte {exc.start} ({raw[exc.start : exc.start + 1]!r})"
        return False, [_p(name, "structure.encoding", msg + "; save the file as UTF-8")]
    if raw.startswith(BOM):
        out.append(_p(name, "structure.bom", f"{path} starts with a byte-order mark; remove it"))
    if b"\r" in raw:
        out.append(_p(name, "structure.line_ending", f"{path} has CR line endings; use LF only"))
    return True, out


def unparsable(name: str, path: str, exc: Exception) -> pl.DataFrame:
    """``structure.unparsable`` for a table the CSV parser gave up on, with its one-line reason."""
    lines = str(exc).replace("`", "").strip().splitlines()
    reason = lines[-1][:200] if lines else type(exc).__name__
    return _p(
        name,
        "structure.unparsable",
        f"{path} cannot be parsed as CSV ({reason}); check the quoting",
    )


def read_resource(
    package: Package,
    resource: Resource,
    *,
    scanned: bool = False,
    records: pl.DataFrame | None = None,
) -> TableRead:
    """Read one CSV resource: path check, decoding, header, cells per row, then types.

    ``scanned``: the byte scan has passed the file as UTF-8 and reports its byte-order mark and
    CR line ends itself, so the file is not decoded a second time here. ``records``: the file's
    records as the byte scan measured them (``encoding.scan_table``); the reader then opens the
    file only for its header (and for rows of the wrong width), and polars maps it to parse it.
    """
    name = resource.name
    read = TableRead(resource)
    try:
        path = resolve_inside(package.root, resource.path)
    except UnsafePathError as exc:
        read.problems = _p(
            name,
            "structure.unsafe_path",
            f"resource path refused: {exc}",
            field="path",
            value=resource.path,
        )
        return read
    try:
        if records is not None and scanned:
            return read_records(resource, None, [], file=path, records=records)
        raw = path.read_bytes()
    except FileNotFoundError:
        read.problems = _p(
            name, "structure.missing_file", f"{resource.path} does not exist", value=resource.path
        )
        return read
    except OSError as exc:
        read.problems = _p(
            name,
            "structure.unreadable_file",
            f"{resource.path} cannot be read: {exc.strerror}",
            value=resource.path,
        )
        return read
    utf8, problems = (True, []) if scanned else _check_bytes(raw, name, resource.path)
    if not utf8:
        read.problems = concat_problems(problems)
        return read
    return read_records(resource, raw, problems, file=path)


@dataclass(frozen=True)
class Offset:
    """Where a chunk of a table starts in its file: rows and physical lines before its body.

    A chunk is the header record followed by whole records of the file (see
    ``partitioned.chunks``); its body's first record is row ``rows + 2`` and starts on line
    ``lines + 2`` of the file.
    """

    rows: int = 0
    lines: int = 0

    @property
    def first(self) -> bool:
        """Whether this is the file's first chunk (its header problems are reported once)."""
        return self.rows == 0


def read_records(
    resource: Resource,
    raw: bytes | None,
    problems: list,
    *,
    file: Path | None = None,
    offset: Offset = Offset(),
    records: pl.DataFrame | None = None,
) -> TableRead:
    """Read the CSV bytes ``raw`` (header first) of ``resource``: header, cells per row, types.

    ``file``: ``raw`` is the whole content of this file, which polars may then map instead of
    parsing a copy. ``offset``: ``raw`` is a chunk of the file (header, then whole records), and
    rows and lines are numbered as in the file. ``records``: the records of ``file`` as
    ``split_records`` measures them, found already; ``raw`` is then None and only the bytes
    needed are read from ``file``.
    """
    name = resource.name
    read = TableRead(resource)
    if records is None:
        records = split_records(raw)
    elif raw is None:
        with file.open("rb") as fh:  # the header alone, unless a row must be cut out below
            raw = fh.read(int(records["end"][0]) + 1) if records.height else b""
    if offset.rows:
        body_row = pl.col("row") > 1
        records = records.with_columns(
            row=pl.when(body_row).then(pl.col("row") + offset.rows).otherwise("row"),
            line=pl.when(body_row).then(pl.col("line") + offset.lines).otherwise("line"),
        )
    read.moved_lines = records.filter(pl.col("line") != pl.col("row")).select("row", "line")
    bom = len(BOM) if raw.startswith(BOM) else 0
    header = (
        raw[bom : records["end"][0]].decode("utf-8").removesuffix("\r") if records.height else ""
    )
    if not header:
        problems.append(
            _p(
                name,
                "structure.missing_header",
                f"{resource.path} has no header row; the first row must name the "
                f"columns: {','.join(resource.schema.field_names)}",
                row=1,
            )
        )
        read.problems = concat_problems(problems)
        return read
    labels = parse_labels(header)
    if offset.first:
        problems += _header_problems(name, labels, resource.schema)
    body = records.slice(1)
    width = len(labels)
    body_start = int(records["end"][0]) + 1
    bad = body.filter(pl.col("cells") != width)
    # polars maps a whole file that needs no cut: no copy of it is parsed from Python
    source: bytes | Path = file if file is not None else raw[body_start:]
    skip = 1 if file is not None else 0
    if bad.height:
        if file is not None and len(raw) < file.stat().st_size:
            raw = file.read_bytes()
        bad = bad.with_columns(text=record_texts(raw, bad))
        problems.append(_shape_problems(name, bad, width, _ragged_keys(bad, labels, resource)))
        body = body.filter(pl.col("cells") == width)
        source, skip = without_records(raw, body_start, bad), 0
    del raw
    try:
        cells = parse_rows(source, width, body.height, skip=skip)
    except pl.exceptions.PolarsError as exc:
        problems.append(unparsable(name, resource.path, exc))
        read.problems = concat_problems(problems)
        return read
    if cells.height != body.height:
        problems.append(
            _p(
                name,
                "structure.unparsable",
                f"{resource.path}: {body.height} rows counted but {cells.height} "
                "parsed; check the quoting",
            )
        )
        read.problems = concat_problems(problems)
        return read
    first: dict[str, int] = {}
    for i, label in enumerate(labels):
        if label in resource.schema.field_names and label not in first:
            first[label] = i
    read.present = [f for f in resource.schema.field_names if f in first]
    frame = cells.select(
        pl.Series(ROW, body["row"], dtype=pl.Int64),
        *(pl.col(f"c{first[f]}").alias(f) for f in read.present),
    )
    frame = empty_to_null(frame, resource.schema)
    read.text = frame
    typed, bad_types = cast_typed(frame, resource.schema)
    read.typed = typed
    read.type_cells = bad_types.select(ROW, "field")
    problems.append(_type_problems(name, typed, bad_types, resource.schema))
    read.problems = concat_problems(problems)
    return read


def _ragged_keys(bad: pl.DataFrame, labels: list[str | None], resource: Resource) -> pl.Series:
    """Best-effort primary key of rows with the wrong number of cells, read from their cells."""
    pk = resource.schema.primary_key
    nulls = pl.Series("key", [None] * bad.height, dtype=pl.String)
    if not pk or not set(pk) <= set(labels) or not labels:
        return nulls
    try:
        cells = pl.read_csv(
            io.StringIO("\n".join(bad.filter(pl.col("cells") > 0)["text"]) + "\n"),
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
            missing_columns="insert",
            schema={f"c{i}": pl.String for i in range(max(len(labels), bad["cells"].max()))},
        )
    except pl.exceptions.PolarsError:
        return nulls
    if cells.height != bad.filter(pl.col("cells") > 0).height:
        return nulls
    parts = [
        pl.lit(f"{', ' if i else ''}{f}=") + pl.col(f"c{labels.index(f)}").fill_null("(empty)")
        for i, f in enumerate(pk)
    ]
    keys = cells.select(pl.concat_str(parts).alias("key"))["key"]
    full = bad.select((pl.col("cells") > 0).alias("has")).with_row_index()
    with_key = full.filter("has").with_columns(key=keys)
    return full.join(with_key.select("index", "key"), on="index", how="left")["key"]


def _shape_problems(name: str, bad: pl.DataFrame, width: int, keys: pl.Series) -> pl.DataFrame:
    many = pl.col("cells") > width
    msg = pl.when(pl.col("cells") == 0).then(
        pl.lit("row is blank; remove the empty line")
    ).otherwise(
        pl.format(
            "row has {} cells but the header has {} columns",
            pl.col("cells"),
            pl.lit(width),
        )
        + pl.when(many)
        .then(pl.lit("; an unquoted comma? quote cells that contain commas"))
        .otherwise(pl.lit("; fill the missing cells (empty is allowed) so every row has all"))
    ) + pl.format(" (line {})", pl.col("line"))
    rule = (
        pl.when(pl.col("cells") == 0)
        .then(pl.lit("structure.blank_row"))
        .when(many)
        .then(pl.lit("structure.extra_cell"))
        .otherwise(pl.lit("structure.missing_cell"))
    )
    return problems_frame(
        bad.with_columns(key=keys).select(
            layer=pl.lit(LAYER),
            table=pl.lit(name),
            row="row",
            key="key",
            rule=rule,
            value="text",
            message=msg,
        )
    )


def _type_problems(
    name: str, typed: pl.DataFrame, bad: pl.DataFrame, schema: TableSchema
) -> pl.DataFrame:
    if bad.height == 0:
        return empty_problems()
    keys = typed.select(ROW, key=key_expr(schema, typed.columns))
    hint = {
        "integer": "a whole number such as 42",
        "number": "a number such as 1500 or 2.5 (no thousands separators)",
        "boolean": "true or false",
        "date": "a date YYYY-MM-DD",
        "year": "a year YYYY",
        "datetime": "an ISO 8601 date-time",
    }
    frame = bad.join(keys, on=ROW, how="left").select(
        layer=pl.lit(LAYER),
        table=pl.lit(name),
        row=ROW,
        key="key",
        field="field",
        rule=pl.lit("type.") + pl.col("type"),
        value="value",
        message=pl.concat_str(
            pl.lit("value is not of type "),
            pl.col("type"),
            pl.lit("; write "),
            pl.col("type").replace_strict(hint, default="a valid value"),
        ),
    )
    return problems_frame(frame)


def load_tables(package: Package) -> dict[str, TableRead]:
    """Read every resource of ``package`` (in declared order)."""
    return {r.name: read_resource(package, r) for r in package.resources}


def complete_frame(read: TableRead) -> pl.DataFrame:
    """The typed frame with every declared column, absent ones null, in declared order."""
    assert read.typed is not None
    cols = [pl.col(ROW)] + [
        pl.col(f.name) if f.name in read.present else pl.lit(None, polars_dtype(f)).alias(f.name)
        for f in read.schema.fields
    ]
    return read.typed.select(cols)
