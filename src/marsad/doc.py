"""The one document model every stage reads and writes.

A :class:`Document` starts as raw input (bytes from a file, a URL, an archive
member or a JSON record) and leaves the pipeline as a clean article: ``text``
plus metadata plus annotations.  Every annotation is a :class:`Span` — a pair
of character offsets into ``text`` — never a copy of the text it covers, so
later stages and the archive can always point back to the exact characters.

A document that cannot be processed carries a :class:`Rejection` (a stage
name, a machine-readable reason and a human sentence).  Rejections are data:
the pipeline stops working on that document but keeps it, so batch runs can
count the reasons and single-input runs can report them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

if TYPE_CHECKING:
    from .entities.model import Entity
    from .quantities import Quantity
    from .facts.model import Event, Quote


@dataclass(slots=True, frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``.

    ``label`` says what the span is ("paragraph", "heading", "sentence",
    "credit", an entity type…); ``attrs`` holds small per-span facts such as
    the language of a paragraph.
    """

    start: int
    end: int
    label: str = ""
    attrs: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    def text(self, doc: "Document") -> str:
        return doc.text[self.start : self.end]

    def attr(self, name: str, default: Any = None) -> Any:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    def with_attrs(self, **attrs: Any) -> "Span":
        merged = dict(self.attrs)
        merged.update(attrs)
        return Span(self.start, self.end, self.label, tuple(sorted(merged.items())))

    def __len__(self) -> int:
        return self.end - self.start


class Token(NamedTuple):
    """A word or punctuation mark, with the Arabic proclitics split off.

    ``start``/``end`` cover the whole surface form; ``stem_start`` is where
    the word proper begins after proclitics such as و ف ب ك ل ال لل
    (``stem_start == start`` when there are none).  ``norm`` is the
    normalized matching key of the stem (see :mod:`marsad.normalize`).
    A named tuple, not a dataclass: articles have thousands of tokens.
    """

    start: int
    end: int
    stem_start: int
    norm: str
    is_word: bool = True

    @property
    def prefix_len(self) -> int:
        return self.stem_start - self.start


@dataclass(slots=True, frozen=True)
class Rejection:
    """Why a document was not turned into an article.

    ``reason`` is a short stable code ("empty", "binary", "too-large",
    "no-article-text", "timeout"…; the table is in docs/record.md) that
    batch runs count;
    ``message`` is the sentence shown to a person.
    """

    stage: str
    reason: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"stage": self.stage, "reason": self.reason, "message": self.message}


@dataclass(slots=True, frozen=True)
class AgencyCredit:
    """A news agency credited for the article (``id`` is canonical: "tass")."""

    id: str
    name: str  # the form as written: "رويترز", "ТАСС"
    how: str  # "credit-line", "lead", "byline", "metadata" (credits), or "cited"
    span: Span | None = None  # where in the text, when it is in the text


@dataclass(slots=True)
class Source:
    """Where a document came from."""

    path: str | None = None  # a file path, or "archive.zip!member.json#3"
    url: str | None = None
    fetched: dt.datetime | None = None  # fetch time, or the file's mtime
    content_type: str | None = None  # declared media type, when known
    declared_encoding: str | None = None


@dataclass(slots=True)
class Document:
    """One news article on its way through the pipeline."""

    source: Source = field(default_factory=Source)

    # Input, before extraction; dropped when the pipeline is done with it.
    raw: bytes | None = None
    content: str | None = None  # the decoded input (a page, a text dump)
    kind: str = ""  # "html", "text", "record" — how ``extract`` reads it
    record: dict[str, Any] | None = None  # fields of a JSON record input
    encoding: str | None = None  # the encoding ``decode`` used

    # The clean article.
    text: str = ""
    title: str | None = None
    author: str | None = None
    publisher: str | None = None  # the website or outlet that published it
    published: dt.datetime | dt.date | None = None
    published_how: str | None = None  # which evidence gave the date
    language: str | None = None
    language_score: float | None = None

    # Annotations (spans into ``text``).
    paragraphs: list[Span] = field(default_factory=list)
    headings: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    agencies: list[AgencyCredit] = field(default_factory=list)
    # People, organizations and places, resolved (marsad.entities.v1).
    entities: list["Entity"] = field(default_factory=list)
    # Money, percentages, counts, anniversaries (marsad.quantities.v1).
    quantities: list["Quantity"] = field(default_factory=list)
    # Who said what, and what happened (marsad.quotes.v1, marsad.events.v1).
    quotes: list["Quote"] = field(default_factory=list)
    events: list["Event"] = field(default_factory=list)

    # Evidence the extractors found outside the text, for later stages:
    # "date_line" (a dump's date line), "html_date" (htmldate's answer),
    # "record_date", "credit_lines", "site_line"...
    hints: dict[str, Any] = field(default_factory=dict)

    rejection: Rejection | None = None
    done: list[str] = field(default_factory=list)  # names of stages run

    @property
    def name(self) -> str:
        """What to call this document in messages: its path or URL."""
        return self.source.path or self.source.url or "<input>"

    @property
    def rejected(self) -> bool:
        return self.rejection is not None

    def reject(self, stage: str, reason: str, message: str) -> "Document":
        self.rejection = Rejection(stage, reason, message)
        return self

    def blocks(self) -> Iterator[Span]:
        """Paragraphs and headings in reading order."""
        return iter(sorted(self.paragraphs + self.headings, key=lambda s: s.start))


def build_text(blocks: list[tuple[str, str]]) -> tuple[str, list[Span], list[Span]]:
    """Join ``(kind, text)`` blocks with blank lines into one text.

    ``kind`` is "heading" or "paragraph".  Returns the text and the paragraph
    and heading spans, so every extractor lays out text the same way.
    """
    parts: list[str] = []
    paragraphs: list[Span] = []
    headings: list[Span] = []
    pos = 0
    for kind, block in blocks:
        block = block.strip()
        if not block:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        span = Span(pos, pos + len(block), kind)
        (headings if kind == "heading" else paragraphs).append(span)
        parts.append(block)
        pos += len(block)
    return "".join(parts), paragraphs, headings
