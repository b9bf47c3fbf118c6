"""HTML pieces built in Python: untrusted text made inert, highlights and
entity links from offsets, and the server-rendered SVG charts.

Article text is untrusted.  It is only ever sliced at stored offsets and
escaped; markup comes from here alone.  Bidirectional control characters
(U+202E and its kin) would reorder what a reader sees, so they are shown as
visible, inert markers instead of being passed through.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Iterable

from markupsafe import Markup, escape

from . import i18n

__all__ = ["inert", "plain", "marked", "article_body", "timeline_svg", "graph_svg", "bars_svg", "safe_url", "text_dir"]

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_RTL_LANGS = {"ar", "arz", "fa", "ur", "he", "ps"}


def text_dir(language: str | None) -> str:
    return "rtl" if (language or "").split("-")[0] in _RTL_LANGS else "ltr"


def inert(text: str | None) -> Markup:
    """``text`` escaped, with bidi controls shown as markers (never applied)."""
    out = str(escape(text or ""))
    return Markup(_BIDI.sub(lambda m: f'<span class="ctl" title="U+{ord(m.group()):04X}">U+{ord(m.group()):04X}</span>', out))


def plain(text: str | None) -> Markup:
    """``text`` escaped for an attribute or the <title>: no markup there, so
    bidi controls become "[U+202E]"."""
    return Markup(_BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", str(escape(text or ""))))


def marked(text: str | None, spans: Iterable[Iterable[int]], tag: str = "mark") -> Markup:
    """``text`` with the [start, end) ``spans`` wrapped in ``<tag>``."""
    text = text or ""
    parts, pos = [], 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        parts += [inert(text[pos:start]), Markup(f"<{tag}>"), inert(text[start:end]), Markup(f"</{tag}>")]
        pos = end
    parts.append(inert(text[pos:]))
    return Markup("").join(parts)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is http(s), else None: javascript:, data: … are never links."""
    if url and re.match(r"https?://", url.strip(), re.I) and not any(c in url for c in "\"'<>\\ \n\t"):
        return url.strip()
    return None


# --- the article reader ---------------------------------------------------------


def article_body(article: dict[str, Any], ui: str) -> list[dict[str, Any]]:
    """The article's blocks (headings and paragraphs) as Markup, with entity
    mentions linked to their pages, quotes and figures marked."""
    text: str = article.get("text") or ""
    spans = article.get("spans") or {}
    headings = {(s, e) for s, e in spans.get("headings") or []}
    blocks = [(s, e) for s, e, *_ in spans.get("paragraphs") or []]
    blocks += [h for h in headings if h not in blocks]
    blocks.sort()
    if not blocks:
        blocks, pos = [], 0
        for piece in re.split(r"(\n\s*\n)", text):
            if piece.strip():
                blocks.append((pos, pos + len(piece)))
            pos += len(piece)
    types = {e["id"]: e["type"] for e in article.get("entities") or []}
    names = {e["id"]: e["name"] for e in article.get("entities") or []}
    notes: list[tuple[int, int, int, str, str]] = []  # start, end, nesting order, open tag, close tag
    for q in article.get("quotes") or []:
        who = q.get("speaker_name") or ""
        notes.append((q["start"], q["end"], 0, f'<span class="quote" title="{plain(who)}">', "</span>"))
    for f in article.get("quantities") or []:
        notes.append((f["start"], f["end"], 1, f'<span class="fig" title="{plain(f.get("kind") or "")}">', "</span>"))
    for m in article.get("mentions") or []:
        eid = m["entity"]
        cls = "ent ent-" + re.sub(r"[^A-Za-z]", "", str(types.get(eid, "MISC")))
        notes.append((m["start"], m["end"], 2, f'<a class="{cls}" href="/{ui}/entities/{int(eid)}" title="{plain(names.get(eid, ""))}">', "</a>"))
    out = []
    for start, end in blocks:
        inside = [n for n in notes if n[0] < end and n[1] > start]
        out.append({"heading": (start, end) in headings, "html": _annotated(text, start, end, inside)})
    return out


def _annotated(text: str, start: int, end: int, notes: list[tuple[int, int, int, str, str]]) -> Markup:
    cuts = sorted({start, end} | {max(start, min(end, x)) for n in notes for x in n[:2]})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        active = sorted((n for n in notes if n[0] <= a and n[1] >= b), key=lambda n: n[2])
        piece = str(inert(text[a:b]))
        for n in reversed(active):
            piece = n[3] + piece + n[4]
        parts.append(piece)
    return Markup("".join(parts))


# --- charts (SVG, no script) -----------------------------------------------------


def _days(first: str, last: str) -> list[str]:
    a, b = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    if (b - a).days > 3660:
        a = b - dt.timedelta(days=3660)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def timeline_svg(points: list[dict[str, Any]], ui: str, key: str = "articles", label: str = "") -> Markup:
    """Bars per day (per month past 120 days) from ``[{day, <key>}]``."""
    counts = {p["day"][:10]: p[key] for p in points if p.get("day") and p.get(key)}
    if not counts:
        return Markup("")
    days = _days(min(counts), max(counts))
    if len(days) > 120:
        buckets: dict[str, int] = {}
        for d in days:
            buckets[d[:7]] = buckets.get(d[:7], 0) + counts.get(d, 0)
        series = [(m + "-01", n) for m, n in buckets.items()]
        fmt = "MMM y"
    else:
        series = [(d, counts.get(d, 0)) for d in days]
        fmt = "d MMM"
    w, h, pad_b, pad_t = 640, 170, 26, 14
    top = max(n for _, n in series) or 1
    bw = w / len(series)
    bar = max(min(bw * 0.76, 28.0), 1.0)
    out = [f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{plain(label)}" xmlns="http://www.w3.org/2000/svg">']
    out.append(f'<line class="axis" x1="0" y1="{h - pad_b}" x2="{w}" y2="{h - pad_b}"/>')
    for i, (d, n) in enumerate(series):
        bh = (h - pad_b - pad_t) * n / top
        x = i * bw
        tip = f"{i18n.date(d, ui, fmt)}: {i18n.number(n, ui)}"
        out.append(
            f'<rect class="bar" x="{x + (bw - bar) / 2:.1f}" y="{h - pad_b - bh:.1f}" width="{bar:.1f}" height="{bh:.1f}">'
            f"<title>{plain(tip)}</title></rect>"
        )
    ticks = sorted({0, len(series) // 2, len(series) - 1})
    for i in ticks:
        x = min(max(i * bw + bw / 2, 30), w - 30)
        out.append(f'<text class="tick" x="{x:.1f}" y="{h - 8}" text-anchor="middle">{escape(i18n.date(series[i][0], ui, fmt))}</text>')
    out.append(f'<text class="tick" x="4" y="{pad_t - 2}">{escape(i18n.number(top, ui))}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def bars_svg(rows: list[tuple[str, int, str | None]], ui: str, width: int = 320) -> Markup:
    """Horizontal bars: ``(label, count, link or None)``."""
    if not rows:
        return Markup("")
    row_h, label_w = 22, width * 0.45
    top = max(n for _, n, _ in rows) or 1
    h = row_h * len(rows)
    rtl = i18n.direction(ui) == "rtl"
    out = [f'<svg class="hbars" viewBox="0 0 {width} {h}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n, link) in enumerate(rows):
        y = i * row_h
        bw = (width - label_w - 50) * n / top
        bx = width - label_w - bw if rtl else label_w
        lx, anchor = (width - 4, "end") if rtl else (4, "start")
        nx, nanchor = (bx - 4, "end") if rtl else (bx + bw + 4, "start")
        name = plain(label if len(label) <= 26 else label[:25] + "…")
        text = f'<text class="lbl" x="{lx}" y="{y + 15}" text-anchor="{anchor}">{name}</text>'
        if link:
            text = f'<a href="{escape(link)}">{text}</a>'
        out.append(text)
        out.append(f'<rect class="bar" x="{bx:.1f}" y="{y + 4}" width="{max(bw, 1):.1f}" height="{row_h - 8}"/>')
        out.append(f'<text class="num" x="{nx:.1f}" y="{y + 15}" text-anchor="{nanchor}">{escape(i18n.number(n, ui))}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def graph_svg(center: dict[str, Any], related: list[dict[str, Any]], pairs: list[list[int]], ui: str) -> Markup:
    """The entity and those named with it: a ring around it, edges as thick
    as the articles they share, and edges among the ring where they share too."""
    if not related:
        return Markup("")
    w, h = 640, 420
    cx, cy, r = w / 2, h / 2, 150
    top = max(e["articles"] for e in related) or 1
    pos: dict[int, tuple[float, float]] = {center["id"]: (cx, cy)}
    for i, e in enumerate(related):
        a = -math.pi / 2 + 2 * math.pi * i / len(related)
        pos[e["id"]] = (cx + r * 1.45 * math.cos(a), cy + r * math.sin(a))
    out = [f'<svg class="graph" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img">']
    for a, b, n in pairs:
        if a in pos and b in pos and center["id"] not in (a, b):
            (x1, y1), (x2, y2) = pos[a], pos[b]
            out.append(f'<line class="edge2" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{1 + 3 * n / top:.1f}"/>')
    for e in related:
        x, y = pos[e["id"]]
        out.append(f'<line class="edge" x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke-width="{1 + 7 * e["articles"] / top:.1f}"/>')
    for e in [center, *related]:
        x, y = pos[e["id"]]
        big = e is center
        rad = 16 if big else 6 + 8 * math.sqrt(e["articles"] / top)
        cls = "node ent-" + re.sub(r"[^A-Za-z]", "", str(e.get("type") or "MISC")) + (" center" if big else "")
        name = e["name"] if len(e["name"]) <= 28 else e["name"][:27] + "…"
        tip = f'{e["name"]} · {i18n.number(e["articles"], ui)}'
        out.append(
            f'<a href="/{ui}/entities/{int(e["id"])}"><circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}">'
            f'<title>{plain(tip)}</title></circle>'
            f'<text class="glabel{" center" if big else ""}" x="{x:.1f}" y="{y + rad + 14:.1f}" text-anchor="middle">{plain(name)}</text></a>'
        )
    out.append("</svg>")
    return Markup("".join(out))
