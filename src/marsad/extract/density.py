"""The density extractor: readability's idea for an article's main text.

Score the containers of text-heavy paragraphs (commas and length, shared
with parent, grandparent and great-grandparent), take the best with its
like-scoring siblings, and read their paragraphs and headings as blocks.
Cheap, and wrong in other places than trafilatura: :mod:`marsad.extract.html`
combines the two.

The tree is read, never changed: the body's text is read once, skipping
what is never the article (:class:`_BodyText`), and every element's text is
a slice of it.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from lxml.html import HtmlElement

Block = tuple[str, str]  # (kind, text): kind is "heading" or "paragraph"

# Never article text.
_STRIP_TAGS = ("head", "script", "style", "noscript", "iframe", "svg", "template", "select", "button",
               "textarea", "input", "object", "embed", "canvas", "video", "audio", "map")
_BOILERPLATE_TAGS = ("nav", "aside", "footer")
_SKIPPED_TAGS = frozenset(_STRIP_TAGS + _BOILERPLATE_TAGS)
# Class/id words, matched at the start of a word so "pageRow" is not "pager".
# From readability, plus share/social/cookie/breadcrumb.
_UNLIKELY = re.compile(
    r"(?:^| )(?:combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor"
    r"|agegate|pagination|pager|popup|tweet|twitter|breadcrumb|cookie|share|social)"
)
# The same words anywhere in the lowercased name: a cheap first test that
# most names fail (case-insensitive patterns are several times slower).
_UNLIKELY_ANYWHERE = re.compile(_UNLIKELY.pattern.replace("(?:^| )", ""))
_MAYBE = re.compile(r"(?:^| )(?:and|article|body|column|main|shadow)")
_POSITIVE = re.compile(r"(?:^| )(?:article|body|content|entry|hentry|main|page|pagination|post|text|blog|story)")
_NEGATIVE = re.compile(
    r"(?:^| )(?:combx|comment|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related"
    r"|scroll|shoutbox|sidebar|sponsor|shopping|tags|tool|widget)"
)
_WORDS_OF_NAME = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section table tbody td tfoot th thead tr ul"
    .split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LEAF_BLOCKS = frozenset("p li dd dt pre figcaption blockquote td th address".split()) | _HEADINGS
# Elements whose own loose text (old sites: text and <br> straight in a div
# or a table cell) makes them paragraph holders themselves.
_LOOSE_TEXT_HOLDERS = ("div", "td", "section", "article", "font", "span", "center", "main", "blockquote")
_TAG_WEIGHT = {"div": 5, "article": 5, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
               "ul": -3, "ol": -3, "dl": -3, "li": -3, "form": -3, "th": -5,
               "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5}
_ANCESTOR_SHARE = (1.0, 0.5, 1 / 6)  # a paragraph's score for its parent, grandparent, great-grandparent
_MIN_PARAGRAPH = 25  # characters; shorter text does not vote for its container
# Copyright and legal notices: prose that never belongs to the article.
LEGAL_NOTICE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("copyright", "all rights reserved"),
    "ru": ("все права", "авторские права", "правообладател"),
    "ar": ("جميع الحقوق", "حقوق النشر"),
}
LEGAL_NOTICE = re.compile(  # searched in lowercased text
    "|".join(["©", *(re.escape(w) for ws in LEGAL_NOTICE_WORDS.values() for w in ws)])
)
SENTENCE_END = re.compile(r"[.!?؟…»\"”]\s*$")


def density_blocks(tree: HtmlElement) -> list[Block]:
    """The best-scoring text container and its like siblings, as blocks.

    Reads ``tree`` without changing it: the parts that are never the article
    are skipped while its text is read (see :class:`_BodyText`).
    """
    return density_extract(tree)[0]


def density_extract(tree: HtmlElement) -> tuple[list[Block], list[HtmlElement]]:
    """The density blocks and the containers they come from."""
    body = tree.find("body")
    if body is None:
        return [], []
    text = _BodyText(body)
    containers = _select(text, body)
    return _emit_blocks(text, containers), containers


def _name_words(elem: HtmlElement) -> str:
    """class and id split into lowercase words ("articleBody-x" -> "article body x")."""
    name = f"{elem.get('class') or ''} {elem.get('id') or ''}"
    return " ".join(_WORDS_OF_NAME.findall(name)).lower()


# Marks a <br> in the text (U+2028, LINE SEPARATOR: a line break by
# definition, and whitespace to str.split and str.strip).
_BREAK = "\u2028"


class _BodyText:
    """The text of ``<body>`` without the parts that are never the article,
    read once: each element's text is a slice of it, with its link characters
    counted beside.

    Skipped, with everything inside (their tails stay, as text of the parent):
    form controls and media (``_STRIP_TAGS``), ``nav``/``aside``/``footer``,
    elements named like a menu, share row or sidebar (readability's unlikely
    class/id words) and hidden ones.  An element not in ``span`` is skipped
    or inside a skipped one.  Reading the text once this way replaces a copy
    of the tree pruned in place and a ``text_content()`` call per element
    and per link.
    """

    __slots__ = ("text", "span", "links")

    def __init__(self, body: HtmlElement) -> None:
        parts: list[str] = []
        span: dict[HtmlElement, tuple[int, int]] = {}
        links: dict[HtmlElement, int] = {}
        unlikely: dict[str, bool] = {}  # by "class id": pages repeat them ("menu-item" x 100)
        pos = 0
        # Depth-first without recursion (pages nest deeper than Python's stack):
        # (element, its children, start, link characters so far).
        first = body.text or ""
        parts.append(first)
        pos = len(first)
        stack: list[tuple[HtmlElement, Iterator[HtmlElement], int, int]] = [(body, iter(body), 0, 0)]
        while stack:
            elem, children, start, link = stack[-1]
            for child in children:
                tag = child.tag
                if tag == "br":
                    span[child] = (pos, pos + 1)
                    parts.append(_BREAK)
                    pos += 1
                elif isinstance(tag, str) and not _skipped(child, tag, unlikely):
                    text = child.text or ""
                    parts.append(text)
                    stack.append((child, iter(child), pos, 0))
                    pos += len(text)
                    break
                tail = child.tail
                if tail:
                    parts.append(tail)
                    pos += len(tail)
            else:  # all children read: the element ends here
                stack.pop()
                own_links = pos - start if elem.tag == "a" else link
                span[elem] = (start, pos)
                links[elem] = own_links
                if stack:
                    parent, siblings, parent_start, parent_links = stack[-1]
                    stack[-1] = (parent, siblings, parent_start, parent_links + own_links)
                    tail = elem.tail
                    if tail:
                        parts.append(tail)
                        pos += len(tail)
        root = body.getparent()  # <html>: scores reach it; its <head> is no text
        if root is not None:
            span[root], links[root] = span[body], links[body]
        self.text = "".join(parts)
        self.span = span
        self.links = links

    def of(self, elem: HtmlElement) -> str:
        start, end = self.span[elem]
        return self.text[start:end]

    def link_density(self, elem: HtmlElement, text_len: int | None = None) -> float:
        if text_len is None:
            text_len = _length(self.of(elem))
        return self.links[elem] / text_len if text_len else 0.0


def _length(text: str) -> int:
    """Characters of ``text``, not counting <br> marks (scores as if they were not there)."""
    return len(text) - text.count(_BREAK)


def _skipped(elem: HtmlElement, tag: str, unlikely: dict[str, bool]) -> bool:
    if tag in _SKIPPED_TAGS:
        return True
    cls, id_ = elem.get("class"), elem.get("id")
    if cls or id_:
        name = f"{cls or ''} {id_ or ''}"
        found = unlikely.get(name)
        if found is None:
            found = unlikely[name] = _is_unlikely_name(name)
        if found and tag not in ("article", "main"):
            return True
    if elem.get("hidden") is not None or elem.get("aria-hidden") == "true":
        return True
    style = elem.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _is_unlikely_name(name: str) -> bool:
    """Whether "class id" names a part that is never the article (menu, share...)."""
    if not _UNLIKELY_ANYWHERE.search(name.lower()):
        return False
    words = " ".join(_WORDS_OF_NAME.findall(name)).lower()
    return bool(_UNLIKELY.search(words)) and not _MAYBE.search(words)


def _loose_text(text: _BodyText, elem: HtmlElement) -> str:
    """Text of ``elem`` outside its block children."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag not in _BLOCK_TAGS and child in text.span:
            parts.append(text.of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _paragraph_score(text: str) -> float:
    if LEGAL_NOTICE.search(text.lower()):
        return 0.0  # site footers are long, comma-rich prose: keep them from winning
    return 1 + text.count(",") + text.count("،") + min(_length(text) // 100, 3)


def _raw_scores(text: _BodyText, body: HtmlElement) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = {}
    span = text.span
    for elem in body.iter("p", "pre", *_LOOSE_TEXT_HOLDERS):
        if elem not in span:
            continue
        if elem.tag in ("p", "pre"):
            paragraph, node = text.of(elem).strip(), elem.getparent()
        else:
            paragraph, node = _loose_text(text, elem).strip(), elem
        if _length(paragraph) < _MIN_PARAGRAPH:
            continue
        points = _paragraph_score(paragraph)
        for share in _ANCESTOR_SHARE:
            if node is None:
                break
            scores[node] = scores.get(node, 0.0) + points * share
            node = node.getparent()
    return scores


def _final_score(text: _BodyText, elem: HtmlElement, raw: float) -> float:
    # class/id words may at most double what the text earned: a "content"
    # title box must not beat the article.
    words = _name_words(elem) if (elem.get("class") or elem.get("id")) else ""
    weight = (25 if _POSITIVE.search(words) else 0) - (25 if _NEGATIVE.search(words) else 0)
    score = raw + min(weight, raw) + _TAG_WEIGHT.get(elem.tag, 0)
    return score * (1 - text.link_density(elem))


def _select(text: _BodyText, body: HtmlElement) -> list[HtmlElement]:
    raw = _raw_scores(text, body)
    if not raw:
        return []
    # Only the strongest raw scores can win (link density only lowers them).
    top = sorted(raw.items(), key=lambda kv: -kv[1])[:15]
    ranked = sorted(((_final_score(text, e, s), e) for e, s in top), key=lambda x: -x[0])
    best_score, best = ranked[0]
    best = _common_ancestor_of_peers(best, best_score, ranked[1:6])
    best = _widen_only_child(text, best)
    return _with_siblings(text, best, best_score, raw)


def _common_ancestor_of_peers(best: HtmlElement, score: float, others: list[tuple[float, HtmlElement]]) -> HtmlElement:
    """Articles split into several like-scored columns: take their ancestor."""
    peers = [e for s, e in others if s >= 0.75 * score]
    if len(peers) < 3:
        return best
    node = best.getparent()
    while node is not None and node.tag != "body":
        inside = sum(1 for p in peers if p is not node and any(a is node for a in p.iterancestors()))
        if inside >= 3:
            return node
        node = node.getparent()
    return best


def _widen_only_child(text: _BodyText, best: HtmlElement) -> HtmlElement:
    while True:
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return best
        if sum(1 for c in parent if c in text.span) != 1:
            return best
        best = parent


def _with_siblings(
    text: _BodyText, best: HtmlElement, best_score: float, raw: dict[HtmlElement, float]
) -> list[HtmlElement]:
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    chosen = []
    for sib in parent:
        if sib is best:
            chosen.append(sib)
        elif sib not in text.span:
            continue
        elif sib in raw and _final_score(text, sib, raw[sib]) >= threshold:
            chosen.append(sib)
        elif sib.tag == "p":
            paragraph = text.of(sib).strip()
            length = _length(paragraph)
            density = text.link_density(sib, length)
            if (length > 80 and density < 0.25) or (
                0 < length <= 80 and density == 0 and SENTENCE_END.search(paragraph)
            ):
                chosen.append(sib)
    return chosen


def _emit_blocks(text: _BodyText, containers: Iterable[HtmlElement]) -> list[Block]:
    found: list[tuple[HtmlElement, str, str]] = []
    for elem in containers:
        _emit(text, elem, found)
    blocks = []
    for elem, kind, line in found:
        if elem.tag in _LEAF_BLOCKS and text.link_density(elem) > 0.5:
            continue  # a list of headlines, a row of tags
        blocks.append((kind, line))
    return blocks


def _emit(text: _BodyText, elem: HtmlElement, out: list[tuple[HtmlElement, str, str]]) -> None:
    """Blocks of ``elem`` in document order: leaf blocks whole, loose text
    between block children as paragraphs; both split at ``<br>``."""
    span = text.span
    if elem.tag in _LEAF_BLOCKS and not any(d.tag in _BLOCK_TAGS and d in span for d in elem.iterdescendants()):
        kind = "heading" if elem.tag in _HEADINGS else "paragraph"
        out.extend((elem, kind, line) for line in _lines(text.of(elem)))
        return
    run = [elem.text or ""]

    def flush() -> None:
        out.extend((elem, "paragraph", line) for line in _lines("".join(run)))
        run.clear()

    for child in elem:
        if child in span:
            if child.tag in _BLOCK_TAGS:
                flush()
                _emit(text, child, out)
            else:
                run.append(text.of(child))
        run.append(child.tail or "")
    flush()


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` between <br> marks, whitespace collapsed, empty ones left out."""
    return (line for line in (" ".join(part.split()) for part in text.split(_BREAK)) if line)
