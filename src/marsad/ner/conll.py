"""CoNLL files: one token per line, the tag in the last column, a blank line
between sentences, ``-DOCSTART-`` lines between documents.

Tags are read as IOB2 with the project's four types (PER, ORG, LOC, MISC):
corpus spellings are mapped (ANERcorp ``PERS``, AQMAR ``MIS0``…), and an
``I-`` that does not continue an entity of its type is repaired to ``B-``.
A malformed line is a :class:`ConllError` naming the file and line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

__all__ = [
    "ConllError",
    "Sentence",
    "entity_spans",
    "map_type",
    "read_conll",
    "read_documents",
    "repair_iob2",
    "write_tags",
]

TYPES = ("PER", "ORG", "LOC", "MISC")
_TAG = re.compile(r"^(?:O|0|[BIE]-[A-Za-z][A-Za-z0-9_-]*)$")


class ConllError(ValueError):
    """A CoNLL line that cannot be read; names the file and line number."""

    def __init__(self, path: str, line_no: int, message: str) -> None:
        super().__init__(f"{path}:{line_no}: {message}")
        self.path = path
        self.line_no = line_no


def map_type(label: str) -> str:
    """The project's type for a corpus label: PERS→PER, MIS*/MISC→MISC."""
    label = label.upper()
    if label.startswith("PER"):
        return "PER"
    if label.startswith("MIS"):
        return "MISC"
    if label.startswith("ORG"):
        return "ORG"
    if label.startswith("LOC") or label == "GPE":
        return "LOC"
    return "MISC"


def _normal_tag(tag: str) -> str:
    if tag in ("O", "0"):
        return "O"
    prefix, label = tag.split("-", 1)
    return f"{'I' if prefix == 'E' else prefix}-{map_type(label)}"


def repair_iob2(tags: Iterable[str]) -> list[str]:
    """IOB2 tags: an ``I-X`` that follows ``O`` or another type becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag == "O":
            out.append(tag)
            prev = tag
            continue
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


@dataclass(slots=True)
class Sentence:
    """Tokens of one sentence, their gold tags (``None`` when the file has
    none), and the 1-based line number of each token."""

    tokens: list[str] = field(default_factory=list)
    tags: list[str | None] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def _numbered_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Lines decoded one by one, so a bad byte is reported on its own line."""
    with open(path, "rb") as handle:
        for line_no, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ConllError(str(path), line_no, f"not UTF-8 ({exc.reason})") from None
            yield line_no, line.lstrip("\ufeff") if line_no == 1 else line


def _parse(path: str | Path, require_tags: bool, lenient: bool = False) -> Iterator[Sentence | None]:
    """Sentences of a file, and ``None`` at each ``-DOCSTART-`` line.
    ``lenient`` reads an unknown tag as ``O`` (AQMAR has a few junk tags)."""
    name = str(path)
    sentence = Sentence()
    for line_no, raw in _numbered_lines(path):
        line = raw.rstrip("\r\n")
        cols = line.split()
        if not cols:
            if sentence.tokens:
                yield sentence
                sentence = Sentence()
            continue
        if cols[0] == "-DOCSTART-":
            if sentence.tokens:
                yield sentence
                sentence = Sentence()
            yield None
            continue
        tag: str | None = None
        if len(cols) >= 2:
            if not _TAG.match(cols[-1]):
                if not lenient:  # a second column is the gold tag, even where it is ignored
                    raise ConllError(name, line_no, f"bad tag {cols[-1]!r} (expected O, B-TYPE or I-TYPE)")
                tag = "O"
            else:
                tag = _normal_tag(cols[-1])
        elif require_tags:
            raise ConllError(name, line_no, f"expected 'token TAG', got {line.strip()!r}")
        sentence.tokens.append(cols[0])
        sentence.tags.append(tag)
        sentence.lines.append(line_no)
    if sentence.tokens:
        yield sentence


def _repaired(sentence: Sentence) -> Sentence:
    if all(t is not None for t in sentence.tags):
        sentence.tags = list(repair_iob2(t for t in sentence.tags if t is not None))
    return sentence


def read_conll(path: str | Path, require_tags: bool = True) -> Iterator[list[tuple[str, str]]]:
    """Sentences of ``path`` as ``(token, gold_tag)`` pairs, tags repaired to
    IOB2 with the project's types.  Raises :class:`ConllError` for a line
    whose last column is not a valid tag, and for a line with a token alone
    unless ``require_tags=False`` (then it reads as tagged ``O``)."""
    for sentence in _parse(path, require_tags):
        if sentence is not None:
            s = _repaired(sentence)
            yield [(tok, tag or "O") for tok, tag in zip(s.tokens, s.tags)]


def read_documents(path: str | Path, require_tags: bool = True, lenient: bool = False) -> list[list[Sentence]]:
    """Sentences grouped by ``-DOCSTART-`` (one document when there is none)."""
    docs: list[list[Sentence]] = [[]]
    for sentence in _parse(path, require_tags, lenient):
        if sentence is None:
            if docs[-1]:
                docs.append([])
        else:
            docs[-1].append(_repaired(sentence))
    return [d for d in docs if d]


def write_tags(out: IO[str], sentences: Iterable[tuple[list[str], list[str]]]) -> None:
    """Write ``token TAG`` lines, a blank line after each sentence."""
    for tokens, tags in sentences:
        for token, tag in zip(tokens, tags, strict=True):
            out.write(f"{token} {tag}\n")
        out.write("\n")


def entity_spans(tags: Iterable[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of each entity in an IOB2 sequence (end exclusive).
    A stray ``I-`` opens an entity, as conlleval counts it."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    tags = list(tags)
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" and start < 0:
            continue
        inside = tag.startswith("I-") and start >= 0 and tag[2:] == kind
        if start >= 0 and not inside:
            spans.append((start, i, kind))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and not inside):
            start, kind = i, tag[2:]
    return spans
