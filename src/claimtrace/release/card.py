"""The release's README.md: a dataset card generated from the descriptor and the tables.

Every count in it is computed from the tables as the release holds them, so the card cannot drift
from the data: what the dataset is, how many rows each table has, how to load it from Python,
DuckDB and R, the licences, how to cite it, and its known limitations.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from claimtrace.dates.columns import EDTF_FIELDS
from claimtrace.exports.formats import FILES, TITLES
from claimtrace.release.contents import BuildContext
from claimtrace.release.generated import VIEWER

LOADING = """\
## Loading

Python, with claimtrace installed (`pip install "claimtrace @ git+<repository URL>@v{version}"`;
it checks every Parquet file's SHA-256 first, and reads this folder or the `.tar.gz`):

```python
import claimtrace
tables = claimtrace.load("{name}")                    # polars DataFrames by table name
frames = claimtrace.load("{name}", backend="pandas")  # pandas (pip install "claimtrace[pandas]")
```

Python without claimtrace (any Parquet reader):

```python
import polars as pl
claims = pl.read_parquet("{name}/data/claims.parquet")
```

DuckDB:

```sql
select c.source_id, f.quote, f.low, f.value, f.high
from '{name}/data/figures.parquet' f
join '{name}/data/claims.parquet' c using (claim_id);
```

R (the `arrow` package):

```r
library(arrow)
claims <- read_parquet("{name}/data/claims.parquet")
```

The CSV files in `data/` hold the same rows (empty cell = missing). Check the files with
`sha256sum -c SHA256SUMS`, or everything (hashes, Parquet against CSV, every rule) with
`claimtrace validate {name}`.
"""


def _counts(context: BuildContext) -> list[str]:
    lines = ["| table | rows | what it holds |", "|---|---:|---|"]
    for name, frame in context.tables.items():
        described = context.schemas.get(name, {}).get("description") or ""
        what = " ".join(str(described).split()).replace("|", "\\|")
        lines.append(f"| `{name}` | {frame.height} | {what} |")
    return lines


def _texts(tables: dict[str, pl.DataFrame]) -> int:
    sources = tables.get("sources")
    if sources is None or "text_path" not in sources.columns:
        return 0
    return sources.get_column("text_path").drop_nulls().n_unique()


def _limitations(tables: dict[str, pl.DataFrame]) -> list[str]:
    out = []
    for table, fields in EDTF_FIELDS.items():
        frame = tables.get(table)
        for field in fields:
            if frame is None or field not in frame.columns:
                continue
            col = frame.get_column(field)
            unknown = int(col.str.starts_with("XXXX").fill_null(False).sum())
            empty = col.null_count()
            if unknown:
                out.append(
                    f"- {unknown} `{table}.{field}` value(s) leave the year unknown (`XXXX`): "
                    f"their `{field}_earliest` / `{field}_latest` are empty, not guessed."
                )
            if empty:
                out.append(f"- {empty} `{table}` row(s) have no `{field}`.")
    props = tables.get("propositions")
    if props is not None and "status" in props.columns:
        by = props.group_by("status").len().sort("status")
        parts = ", ".join(f"{n} {s}" for s, n in by.iter_rows())
        out.append(
            f"- Proposition statuses ({parts}) are computed from the sources this version "
            "holds; a new source can change them."
        )
    out += [
        "- The archived texts are the publishers' copyright, carried for research, quotation and "
        "verification only (TEXTS-RIGHTS.md); the annotations-only archive leaves them out "
        "(`claimtrace rehydrate` puts your own copies back, checked by SHA-256 and every quote).",
        "- Whether a source was written by AI is declared by the page or judged by the curator "
        "(`sources.ai_generated_basis`); a judgement is not proof.",
        "- Parquet bytes depend on the writer versions recorded for this version; another writer "
        "gives the same rows with other bytes.",
    ]
    return out


def _licences(descriptor: dict[str, Any]) -> list[str]:
    lines = []
    for lic in descriptor.get("licenses", []):
        if not isinstance(lic, dict):
            continue
        name, title, path = lic.get("name", ""), lic.get("title", ""), lic.get("path")
        link = f" ({path})" if path else ""
        lines.append(f"- `{name}`{link}: {title}".rstrip(": "))
    return lines or ["- See LICENSE-DATA.md and TEXTS-RIGHTS.md."]


def dataset_card(context: BuildContext) -> str:
    """The README.md of the release described by ``context``."""
    dp, version = context.descriptor, context.version
    name = f"{dp.get('name', 'claimtrace')}-{version}"
    title = dp.get("title") or dp.get("name", "")
    authors = ", ".join(
        str(c.get("title")) for c in dp.get("contributors", []) if isinstance(c, dict)
    )
    parts = [
        f"# {title}",
        "",
        f"Version **{version}**, released {context.created}.",
        "",
        " ".join(str(dp.get("description", "")).split()),
        "",
        "## What is in it",
        "",
        *_counts(context),
        "",
        f"Plus {_texts(context.tables)} archived texts in `data/texts/` that every `start`/`end` "
        "offset counts over (Unicode code points, half-open; `quote == text[start:end]`). Each "
        "table is in `data/` as CSV and as typed Parquet. Every field is described in "
        "`docs/data-dictionary.md`, the annotation rules in `docs/CODEBOOK.md`, every validation "
        "rule in `docs/VALIDATION.md`, the changes in `CHANGELOG.md`.",
        "",
        f"Open `{VIEWER}` in any browser, offline, to read the texts side by side with every "
        "claim and figure highlighted, the lineage, the propositions and the figures on one axis. "
        "The annotations are also here as "
        + "; ".join(f"{TITLES[f]} (`{FILES[f]}`)" for f in FILES)
        + ".",
        "",
        "Every EDTF date (such as `2024-22`, summer 2024, or `XXXX-07-07`, a day whose year the "
        "text does not give) also has computed `<field>_earliest` and `<field>_latest` date "
        "columns in the Parquet files, so that sorting and filtering by time works.",
        "",
        LOADING.format(name=name, version=version),
        "## Licences",
        "",
        *_licences(dp),
        "",
        "## How to cite",
        "",
        f"> {authors or dp.get('name')}. *{title}*, version {version}. "
        "See `CITATION.cff` for the citation metadata.",
        "",
        "## Known limitations",
        "",
        *_limitations(context.tables),
        "",
    ]
    return "\n".join(parts)
