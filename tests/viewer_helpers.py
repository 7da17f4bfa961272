"""Read the viewer page back (stdlib HTML parser) and build a valid package with hostile strings."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from corpus_factory import Corpus, build_corpus

VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source"}
HOSTILE_QUOTE = '</script><script>alert("q")</script> & <img src=x onerror="alert(1)">'
HOSTILE_TEXT = "\"><svg onload=alert(2)> ' </style><script>alert(3)</script>"


@dataclass
class Page:
    """What a browser's DOM would say about the page, per highlight id and per text column."""

    claims: dict[str, str] = field(default_factory=lambda: defaultdict(str))
    figures: dict[str, str] = field(default_factory=lambda: defaultdict(str))
    columns: dict[str, str] = field(default_factory=lambda: defaultdict(str))
    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.source: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.page.elements.append((tag, attributes))
        if tag == "article" and "data-source-id" in attributes:
            self.source = attributes["data-source-id"]
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.page.scripts.append(data)
        in_text = any(
            t == "div" and "text" in (a.get("class") or "").split() for t, a in self.stack
        )
        if in_text and self.source:
            self.page.columns[self.source] += data
        for _tag, attributes in self.stack:
            if attributes.get("data-claim-id"):
                self.page.claims[attributes["data-claim-id"]] += data
            if attributes.get("data-figure-id"):
                self.page.figures[attributes["data-figure-id"]] += data


def read_page(html: str) -> Page:
    """Parse the page; every element must be closed where it was opened."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    assert not reader.stack, f"unclosed elements: {reader.stack}"
    return reader.page


def page_data(page: Page, html: str) -> dict:
    """The JSON data block of the page."""
    start = html.index('<script type="application/json" id="ct-data">') + len(
        '<script type="application/json" id="ct-data">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def hostile_package(dest: Path) -> Corpus:
    """A valid package whose text, quote, names and statements are markup and script."""
    corpus = build_corpus(dest)
    source = "kyivindependent_decree"
    path = corpus.root / f"data/texts/{source}.txt"
    text = path.read_text(encoding="utf-8")
    addition = f"Hostile 😀: {HOSTILE_QUOTE}\n"  # a code point outside the BMP before it
    text = text + addition if text.endswith("\n") else text + "\n" + addition
    path.write_bytes(text.encode("utf-8"))
    corpus.set(
        "sources",
        source,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text_chars=str(len(text)),
    )
    start = text.index(HOSTILE_QUOTE)
    claims = corpus.rows("claims")
    template = next(c for c in claims if c["source_id"] == source)
    blank = {k: "" for k in template if k.startswith("event_date") or k == "parent_claim_id"}
    claims.append(
        {
            **template,
            **blank,
            "claim_id": f"{source}.c99",
            "start": str(start),
            "end": str(start + len(HOSTILE_QUOTE)),
            "quote": HOSTILE_QUOTE,
            "claim_text": HOSTILE_TEXT,
            "claim_type": "statement",
            "attribution_actor_id": "",
            "attribution_kind": "unattributed",
            "proposition_id": "p_hostile",
            "proposition_value": "",
            "drift": "original",
            "drift_note": "",
        }
    )
    corpus.write("claims", claims)
    props = corpus.rows("propositions")
    template = next(p for p in props if p["status"] == "single_source")
    counts = {k: "1" for k in ("source_count", "origin_count") if k in template}
    props.append(
        {
            **template,
            **counts,
            "proposition_id": "p_hostile",
            "canonical_text": HOSTILE_TEXT,
            "topic": "commentary",
            "disputed_aspect": "",
            "original_claim_id": f"{source}.c99",
            **({"altered_copy_count": "0"} if "altered_copy_count" in template else {}),
            **({"value_kind": ""} if "value_kind" in template else {}),
        }
    )
    corpus.write("propositions", sorted(props, key=lambda p: p["proposition_id"]))
    corpus.set("actors", "kyiv_independent", name=f"Kyiv {HOSTILE_TEXT}")
    corpus.set("sources", source, title=f"Title {HOSTILE_TEXT}")
    return corpus
