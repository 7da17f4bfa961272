"""Build small, valid copies of the package in a temporary directory, to break one thing at a time.

The copy takes the descriptor, the schemas, the sources, lineage and actors tables and the archived
texts from the repository, and writes its own claims, figures, propositions and claim_actors rows,
anchored to the real texts (offsets found with ``str.index``, so they are right by construction).
Use ``Corpus`` to read and edit rows by primary key; every edit rewrites the CSV.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPIED = (
    "datapackage.json",
    "schemas",
    "data/texts",
    "data/sources.csv",
    "data/lineage.csv",
    "data/actors.csv",
)

# (claim_id, quote, extra fields); offsets are computed from the archived text. Ids follow text
# order within each source. Lineage (from the repository): both rewrites derive from the Kyiv
# Independent report; the independent report and Euromaidan Press are roots.
KI, AR, BY, IND, EMP = (
    "kyivindependent_decree",
    "anon_decree_rewrite",
    "byai_decree_rewrite",
    "anon_foreign_nationals_decree",
    "euromaidanpress_tsyganok",
)
CLAIMS = [
    (
        f"{KI}.c01",
        "Russian President Vladimir Putin signed a decree on July 7 permitting foreigners to serve "
        "in the Russian army during periods of mobilization",
        dict(
            claim_text="Putin signed a decree on July 7 letting foreigners serve in the army "
            "during mobilization.",
            claim_type="event",
            attribution_actor_id="kyiv_independent",
            attribution_kind="outlet_voice",
            event_date="XXXX-07-07",
            event_date_precision="day",
            event_date_role="occurred",
            event_date_inferred="2025-07-07",
            event_date_basis="date of publication",
            proposition_id="p_decree_signing_date",
            proposition_value="XXXX-07-07",
            drift="original",
        ),
    ),
    (
        f"{KI}.c02",
        "Putin's partial mobilization decree from Sept. 21, 2022, remains in force",
        dict(
            claim_text="The partial mobilization decree of 21 September 2022 remains in force.",
            claim_type="background",
            attribution_actor_id="kyiv_independent",
            attribution_kind="outlet_voice",
            event_date="2022-09-21",
            event_date_precision="day",
            event_date_role="referent",
            proposition_id="p_mobilization_decree_in_force",
            drift="original",
        ),
    ),
    (
        f"{KI}.c03",
        "Moscow currently recruits 30,000 to 40,000 individuals into its army each month, sources "
        "familiar with U.S. and EU intelligence told the Wall Street Journal.",
        dict(
            claim_text="Russia recruits 30,000 to 40,000 people into its army each month.",
            claim_type="statistic",
            attribution_actor_id="us_eu_intelligence_sources",
            attribution_kind="reported_speech",
            proposition_id="p_monthly_recruits",
            proposition_value="30000..40000",
            drift="original",
        ),
    ),
    (
        f"{KI}.c04",
        "On March 31, Putin authorized the spring conscription of 160,000 men",
        dict(
            claim_text="On March 31 Putin authorized the spring conscription of 160,000 men.",
            claim_type="event",
            attribution_actor_id="kyiv_independent",
            attribution_kind="outlet_voice",
            event_date="XXXX-03-31",
            event_date_precision="day",
            event_date_role="occurred",
            proposition_id="p_spring_conscription",
            drift="original",
        ),
    ),
    (
        f"{AR}.c01",
        "Russian President Vladimir Putin signed a decree on July 7, 2024, allowing foreigners to "
        "serve in the Russian army during periods of mobilization",
        dict(
            claim_text="Putin signed a decree on July 7, 2024 letting foreigners serve in the army "
            "during mobilization.",
            claim_type="event",
            attribution_kind="outlet_voice",
            event_date="2024-07-07",
            event_date_precision="day",
            event_date_role="occurred",
            proposition_id="p_decree_signing_date",
            proposition_value="2024-07-07",
            parent_claim_id=f"{KI}.c01",
            drift="date_changed",
            drift_note="adds the year 2024, which the original does not give",
        ),
    ),
    (
        f"{AR}.c02",
        "The decree, which came into effect on June 7",
        dict(
            claim_text="The decree came into effect on June 7.",
            claim_type="policy",
            attribution_kind="outlet_voice",
            event_date="XXXX-06-07",
            event_date_precision="day",
            event_date_role="occurred",
            proposition_id="p_decree_effective_date",
            proposition_value="XXXX-06-07",
            drift="added",
            drift_note="an effective date the parent report does not give",
        ),
    ),
    (
        f"{BY}.c01",
        "According to sources familiar with U.S. and EU intelligence, Russia currently recruits "
        "30,000 to 40,000 individuals into its army each month.",
        dict(
            claim_text="Russia recruits 30,000 to 40,000 people into its army each month.",
            claim_type="statistic",
            attribution_actor_id="us_eu_intelligence_sources",
            attribution_kind="reported_speech",
            proposition_id="p_monthly_recruits",
            proposition_value="30000..40000",
            parent_claim_id=f"{KI}.c03",
            drift="attribution_dropped",
            drift_note="drops the Wall Street Journal as the outlet told",
        ),
    ),
    (
        f"{BY}.c02",
        "after authorizing the spring conscription of 160,000 men in March",
        dict(
            claim_text="Putin authorized the spring conscription of 160,000 men in March.",
            claim_type="event",
            attribution_kind="outlet_voice",
            event_date="XXXX-03",
            event_date_precision="month",
            event_date_role="occurred",
            proposition_id="p_spring_conscription",
            parent_claim_id=f"{KI}.c04",
            drift="detail_dropped",
            drift_note="gives the month only, not March 31",
        ),
    ),
    (
        f"{IND}.c01",
        "Russian President Vladimir Putin signed a decree on Tuesday, July 8",
        dict(
            claim_text="Putin signed the decree on Tuesday, July 8.",
            claim_type="event",
            attribution_kind="outlet_voice",
            event_date="XXXX-07-08",
            event_date_precision="day",
            event_date_role="occurred",
            proposition_id="p_decree_signing_date",
            proposition_value="XXXX-07-08",
            drift="original",
        ),
    ),
    (
        f"{IND}.c02",
        "Putin's September 21, 2022, mobilization decree, issued amid Russia's full-scale invasion "
        "of Ukraine, remains in effect",
        dict(
            claim_text="The mobilization decree of 21 September 2022 remains in effect.",
            claim_type="background",
            attribution_kind="outlet_voice",
            event_date="2022-09-21",
            event_date_precision="day",
            event_date_role="referent",
            proposition_id="p_mobilization_decree_in_force",
            drift="original",
        ),
    ),
    (
        f"{IND}.c03",
        "Just a day prior, the Russian President signed a law providing a pathway for stateless "
        "individuals to serve under contract in the Russian Armed Forces.",
        dict(
            claim_text="A day before the decree, Putin signed a law letting stateless people serve "
            "under contract.",
            claim_type="event",
            attribution_kind="outlet_voice",
            proposition_id="p_stateless_law",
            drift="original",
        ),
    ),
    (
        f"{IND}.c04",
        "According to U.S. intelligence reports, the Russian Armed Forces are presently recruiting "
        "approximately 30,000 servicemen monthly.",
        dict(
            claim_text="Russia recruits about 30,000 servicemen a month.",
            claim_type="statistic",
            attribution_actor_id="us_intelligence",
            attribution_kind="reported_speech",
            proposition_id="p_monthly_recruits",
            proposition_value="~30000",
            drift="original",
        ),
    ),
    (
        f"{EMP}.c01",
        "Syrians, Afghans, North Koreans, and Iranians may enlist in Russian military, Tsyganok "
        "Says",
        dict(
            claim_text="Tsyganok says Syrians, Afghans, North Koreans and Iranians may enlist in "
            "the Russian military.",
            claim_type="statement",
            is_headline="true",
            attribution_actor_id="anatoly_tsyganok",
            attribution_kind="reported_speech",
            proposition_id="p_foreigners_may_enlist",
            drift="original",
        ),
    ),
]

FIGURES = [
    (
        f"{KI}.f01",
        f"{KI}.c03",
        "30,000 to 40,000",
        dict(
            value_text="30,000 to 40,000",
            low="30000",
            high="40000",
            qualifier="range",
            rate_per="P1M",
        ),
    ),
    (
        f"{BY}.f01",
        f"{BY}.c01",
        "30,000 to 40,000",
        dict(
            value_text="30,000 to 40,000",
            low="30000",
            high="40000",
            qualifier="range",
            rate_per="P1M",
        ),
    ),
    (
        f"{IND}.f01",
        f"{IND}.c04",
        "approximately 30,000",
        dict(
            value_text="30,000",
            value="30000",
            qualifier="approximately",
            rate_per="P1M",
            originator_actor_id="",
        ),
    ),
    (
        f"{KI}.f02",
        f"{KI}.c04",
        "160,000",
        dict(value_text="160,000", value="160000", qualifier="exact"),
    ),
]

# status, source_count, origin_count and altered_copy_count are computed by build_corpus.
PROPOSITIONS = [
    dict(
        proposition_id="p_decree_effective_date",
        canonical_text="The decree came into effect on a given date.",
        topic="decree",
        disputed_aspect="effective_date",
        value_kind="date",
        original_claim_id=f"{AR}.c02",
    ),
    dict(
        proposition_id="p_decree_signing_date",
        canonical_text="Putin signed the decree on a given date.",
        topic="decree",
        disputed_aspect="signing_date",
        value_kind="date",
        original_claim_id=f"{KI}.c01",
    ),
    dict(
        proposition_id="p_mobilization_decree_in_force",
        canonical_text="The September 2022 mobilization decree remains in force.",
        topic="mobilization",
        original_claim_id=f"{KI}.c02",
    ),
    dict(
        proposition_id="p_monthly_recruits",
        canonical_text="Russia recruits a given number of people each month.",
        topic="recruitment",
        disputed_aspect="monthly_recruits",
        value_kind="number",
        original_claim_id=f"{KI}.c03",
    ),
    dict(
        proposition_id="p_spring_conscription",
        canonical_text="Putin authorized the spring conscription of 160,000 men.",
        topic="conscription",
        original_claim_id=f"{KI}.c04",
    ),
    dict(
        proposition_id="p_foreigners_may_enlist",
        canonical_text="Syrians, Afghans, North Koreans and Iranians may enlist in the Russian "
        "military.",
        topic="recruitment",
        original_claim_id=f"{EMP}.c01",
    ),
    dict(
        proposition_id="p_stateless_law",
        canonical_text="A law lets stateless people serve under contract.",
        topic="citizenship",
        original_claim_id=f"{IND}.c03",
    ),
]
# The computed fields (status, source_count, origin_count, altered_copy_count), as
# ``claimtrace derive`` writes them; the validator recomputes them, so a wrong entry fails.
COMPUTED = {
    "p_decree_effective_date": ("unsupported", 1, 1, 0),
    "p_foreigners_may_enlist": ("single_source", 1, 1, 0),
    "p_decree_signing_date": ("conflicting", 3, 2, 1),
    "p_mobilization_decree_in_force": ("corroborated", 2, 2, 0),
    "p_monthly_recruits": ("corroborated", 3, 2, 0),
    "p_spring_conscription": ("echoed", 2, 1, 0),
    "p_stateless_law": ("single_source", 1, 1, 0),
}

CLAIM_ACTORS = [
    dict(claim_id=f"{KI}.c01", actor_id="kyiv_independent", role="claimant"),
    dict(claim_id=f"{KI}.c02", actor_id="kyiv_independent", role="claimant"),
    dict(claim_id=f"{KI}.c03", actor_id="us_eu_intelligence_sources", role="claimant"),
    dict(claim_id=f"{KI}.c03", actor_id="wall_street_journal", role="cited_source"),
    dict(claim_id=f"{KI}.c04", actor_id="kyiv_independent", role="claimant"),
    dict(claim_id=f"{BY}.c01", actor_id="us_eu_intelligence_sources", role="claimant"),
    dict(claim_id=f"{IND}.c04", actor_id="us_intelligence", role="claimant"),
    dict(claim_id=f"{EMP}.c01", actor_id="anatoly_tsyganok", role="claimant"),
]
RELATIONS = [
    dict(
        proposition_id="p_monthly_recruits",
        related_proposition_id="p_spring_conscription",
        relation="same_quantity",
        note="Both count the men brought into the army, by contract and by call-up.",
    ),
]


def _text(root: Path, source_id: str) -> str:
    return (root / f"data/texts/{source_id}.txt").read_text(encoding="utf-8")


def _span(text: str, quote: str, within: tuple[int, int] = (0, -1)) -> tuple[int, int]:
    lo, hi = within
    start = text.index(quote, lo, None if hi < 0 else hi)
    return start, start + len(quote)


@dataclass
class Corpus:
    """A package directory built by ``build_corpus``; edit it through these helpers."""

    root: Path

    @property
    def descriptor(self) -> dict:
        """The parsed datapackage.json."""
        return json.loads((self.root / "datapackage.json").read_text(encoding="utf-8"))

    def schema(self, table: str) -> dict:
        """The parsed Table Schema of ``table``."""
        return json.loads((self.root / f"schemas/{table}.json").read_text(encoding="utf-8"))

    def path(self, table: str) -> Path:
        """The CSV file of ``table``."""
        return self.root / f"data/{table}.csv"

    def header(self, table: str) -> list[str]:
        """Column names of ``table`` as declared."""
        return [f["name"] for f in self.schema(table)["fields"]]

    def rows(self, table: str) -> list[dict[str, str]]:
        """The rows of ``table`` as text."""
        with self.path(table).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def write(self, table: str, rows: list[dict[str, str]], header: list[str] | None = None):
        """Rewrite ``table`` with ``rows`` (missing cells empty) in declared column order."""
        header = header or self.header(table)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({h: r.get(h, "") for h in header} for r in rows)
        self.path(table).write_text(buf.getvalue(), encoding="utf-8")

    def row_number(self, table: str, key: str) -> int:
        """CSV row number (header = 1) of the row whose first primary-key field is ``key``."""
        pk = self.schema(table)["primaryKey"][0]
        for i, row in enumerate(self.rows(table)):
            if row[pk] == key:
                return i + 2
        raise KeyError(key)

    def set(self, table: str, key: str, **cells: str) -> int:
        """Set cells of the row whose first primary-key field is ``key``; return its row number."""
        pk = self.schema(table)["primaryKey"][0]
        rows = self.rows(table)
        hit = [i for i, r in enumerate(rows) if r[pk] == key]
        assert hit, f"no {table} row with {pk}={key}"
        rows[hit[0]].update(cells)
        self.write(table, rows)
        return hit[0] + 2

    def text(self, source_id: str) -> str:
        """The archived text of ``source_id``."""
        return _text(self.root, source_id)


def build_corpus(dest: Path) -> Corpus:
    """Write a small valid package into ``dest`` (created) and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for rel in COPIED:
        src, out = REPO / rel, dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, out)
        else:
            shutil.copy2(src, out)
    corpus = Corpus(dest)
    claims, spans = [], {}
    for claim_id, quote, extra in CLAIMS:
        source_id = claim_id.split(".")[0]
        start, end = _span(_text(dest, source_id), quote)
        spans[claim_id] = (start, end)
        claims.append(
            {
                "claim_id": claim_id,
                "source_id": source_id,
                "start": str(start),
                "end": str(end),
                "quote": quote,
                "is_furniture": "false",
                "is_headline": "false",
                **extra,
            }
        )
    figures = []
    for figure_id, claim_id, quote, extra in FIGURES:
        source_id = claim_id.split(".")[0]
        start, end = _span(_text(dest, source_id), quote, spans[claim_id])
        figures.append(
            {
                "figure_id": figure_id,
                "claim_id": claim_id,
                "source_id": source_id,
                "start": str(start),
                "end": str(end),
                "quote": quote,
                "unit": "person",
                "counted": "people recruited into the Russian army",
                **extra,
            }
        )
    corpus.write("claims", sorted(claims, key=lambda r: r["claim_id"]))
    corpus.write("figures", sorted(figures, key=lambda r: r["figure_id"]))
    corpus.write(
        "propositions",
        [
            dict(
                p,
                status=COMPUTED[p["proposition_id"]][0],
                source_count=str(COMPUTED[p["proposition_id"]][1]),
                origin_count=str(COMPUTED[p["proposition_id"]][2]),
                altered_copy_count=str(COMPUTED[p["proposition_id"]][3]),
            )
            for p in sorted(PROPOSITIONS, key=lambda p: p["proposition_id"])
        ],
    )
    corpus.write("proposition_relations", RELATIONS)
    corpus.write("claim_actors", CLAIM_ACTORS)
    return corpus
