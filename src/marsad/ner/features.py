"""Token features for the CRF tagger, one list of feature strings per token.

Arabic words carry their proclitics (و ف ب ك ل ال لل): each token gives its
folded key, its clitic-stripped stem and the clitics themselves, so "وبغداد"
shares evidence with "بغداد".  Both languages add affixes, word shape, word
clusters learned offline (:mod:`marsad.ner.clusters`), gazetteer matches
(:mod:`marsad.ner.gazetteer`), the same for neighbours, and a few bigrams.
Arabic stems also carry how unlabelled news uses them (their context
profile, :mod:`marsad.ner.profiles`) and how much their letters look like a
name (:mod:`marsad.ner.nameiness`); quoted words say so, with the word
before the quote.
English also looks across its document: a word seen lower-case elsewhere is
rarely a name, one capitalized mid-sentence elsewhere often is, and the words
around a name's other mentions ("Blackburn said") speak for this one too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..segment import arabic_stem_start
from .clusters import cluster_key
from .gazetteer import Gazetteer
from .nameiness import name_level

_ARABIC = re.compile("[\u0621-\u064a]")
_PUNCT = re.compile(r"^[^\w]+$", re.U)


@lru_cache(maxsize=300_000)
def arabic_parts(token: str) -> tuple[str, str, str]:
    """``(key, stem key, clitics)`` of an Arabic token."""
    key = cluster_key(token)
    if not _ARABIC.match(token):
        return key, key, ""
    n = arabic_stem_start(token)
    stem = cluster_key(token[n:]) if n else key
    return key, stem, key[: len(key) - len(stem)] if n else ""


@lru_cache(maxsize=300_000)
def word_shape(token: str) -> str:
    """"Xxxx" style shape with runs collapsed: "McDonald" → "XxXx"."""
    out = []
    for ch in token:
        c = "X" if ch.isupper() else "x" if ch.islower() else "0" if ch.isdigit() else ch if not ch.isalpha() else "a"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def _token_class(token: str) -> str:
    if _PUNCT.match(token):
        return "P"
    if token[0].isdigit():
        return "D"
    if _ARABIC.match(token):
        return "A"
    return "L"


@dataclass(slots=True)
class Resources:
    """What features consult beyond the tokens: clusters and a gazetteer.
    ``cache`` keeps each word's own features, computed once per word."""

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gazetteer: Gazetteer | None = None
    profiles: dict[str, str] = field(default_factory=dict)
    nameiness: dict[str, float] = field(default_factory=dict)
    cache: dict[str, tuple] = field(default_factory=dict)


_MAX_CONTEXTS = 40  # aggregated context words kept per capitalized word (the first, sorted)


@dataclass(slots=True)
class DocContext:
    """Evidence from the other sentences of a document (English): words seen
    lower-case, words capitalized mid-sentence, and for each capitalized word
    the words at ±1 and ±2 around all its capitalized mentions ("Blackburn
    said" in one sentence helps "BLACKBURN" in a headline: context
    aggregation, Ratinov & Roth 2009)."""

    lower_seen: frozenset[str] = frozenset()
    cap_mid_seen: frozenset[str] = frozenset()
    contexts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, sentences: Sequence[Sequence[str]]) -> DocContext:
        lower, cap = set(), set()
        around: dict[str, set[str]] = {}
        for tokens in sentences:
            headline = all(not t[:1].islower() for t in tokens)
            lows = ["^", "^", *(t.lower() for t in tokens), "$", "$"]
            for i, t in enumerate(tokens):
                if t[:1].islower():
                    lower.add(t)
                elif t[:1].isupper():
                    if i > 0 and not headline and not t.isupper():
                        cap.add(t.lower())
                    seen = around.setdefault(lows[i + 2], set())
                    seen.update(("ag-2=" + lows[i], "ag-1=" + lows[i + 1], "ag1=" + lows[i + 3], "ag2=" + lows[i + 4]))
        contexts = {w: tuple(sorted(c)[:_MAX_CONTEXTS]) for w, c in around.items()}
        return cls(frozenset(lower), frozenset(cap), contexts)


def _offsets(names: list[str], *offsets: int) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(f"{d}{x}" for x in names) for d in offsets)


# An Arabic word's features come in four groups, each a function of one
# piece of the word; a group gives five slots: the word's own features, then
# what it shows a token as the next, previous, second next and second
# previous word.  Training joins the groups (:func:`_arabic_word`); the
# tagger's scorer sums each group's weights once per distinct piece.
Slots = tuple[tuple[str, ...], ...]


def arabic_pieces(tok: str, res: Resources) -> tuple[str, str, tuple[str, str, str], tuple]:
    """``(key, stem, (clitic, kind, lead), clusters)`` of an Arabic token, where
    ``clusters`` is the word's cluster ids and, when the stem has its own,
    the stem's: ``(cid, scid)``."""
    key, stem, clitic = arabic_parts(tok)
    cl = res.clusters
    if stem == key and len(key) > 3 and key[0] in "وفبلك" and key not in cl and key[1:] in cl:
        # a conjunction or preposition on a word the segmenter does not know ("وفيزنر")
        stem, clitic = key[1:], key[0]
    cid = cl.get(key) or cl.get(stem) or ()
    scid = cl.get(stem, ()) if stem != key and key in cl else ()
    # a word left whole that begins like a proclitic ("وإيمرسون": and Emerson?)
    lead = key[0] if not clitic and len(key) > 3 and key[0] in "وفبلك" else ""
    return key, stem, (clitic, _token_class(tok), lead), (cid, scid)


def key_slots(key: str) -> Slots:
    return ("w=" + key,), ("1w=" + key,), ("-1w=" + key,), (), ()


def stem_slots(stem: str, res: Resources) -> Slots:
    own = ["s=" + stem, "n=" + str(min(len(stem), 8)), "p2=" + stem[:2], "p3=" + stem[:3]]
    own += ["x1=" + stem[-1:], "x2=" + stem[-2:], "x3=" + stem[-3:]]
    if len(stem) > 3 and (stem.endswith("ي") or stem.endswith("يه")):
        own.append("nisba")
    if res.gazetteer:
        own.extend("gw=" + k for k in sorted(res.gazetteer.words.get(stem, ())))
    prof = res.profiles.get(stem)
    if prof is None:  # a word the unlabelled news never showed: its letters alone
        prof = "fq- nm" + name_level(stem, res.nameiness) if res.nameiness else "fq-"
    own.extend("pf" + f for f in prof.split())
    return tuple(own), ("1s=" + stem,), ("-1s=" + stem,), ("2s=" + stem,), ("-2s=" + stem,)


def form_slots(form: tuple[str, str, str]) -> Slots:
    clitic, kind, lead = form
    own = ("b", "cl=" + clitic, "k=" + kind) + (("lead=" + lead,) if lead else ())
    return own, *_offsets(["cl=" + clitic, "k=" + kind], 1, -1), (), ()


def cluster_slots(clusters: tuple) -> Slots:
    cid, scid = clusters
    if not cid:
        return ("c=none",), ("1c=none",), ("-1c=none",), (), ()
    c1, c2 = cid[1], cid[2]
    own = ("c0=" + cid[0], "c1=" + c1, "c2=" + c2)
    if scid:
        own += ("sc1=" + scid[1], "sc2=" + scid[2])
    # as _offsets writes them, spelled out: a new word's clusters are a common piece
    return own, ("1c1=" + c1, "1c2=" + c2), ("-1c1=" + c1, "-1c2=" + c2), ("2c1=" + c1,), ("-2c1=" + c1,)


def _arabic_word(tok: str, res: Resources) -> tuple:
    """A word's own features, and what it shows its neighbours at ±1 and ±2."""
    key, stem, form, clusters = arabic_pieces(tok, res)
    groups = (key_slots(key), stem_slots(stem, res), form_slots(form), cluster_slots(clusters))
    return (key, stem, *(tuple(f for g in groups for f in g[k]) for k in range(5)))


# The context templates :func:`context_features` writes as strings;
# :mod:`marsad.ner.scoring` scores the same ones without building strings.
GAZ_AT = (("g=", 0, ""), ("1g=", 1, "1pad"), ("-1g=", -1, "-1pad"), ("2g=", 2, "2pad"), ("-2g=", -2, "-2pad"))
NEXT_PAIR, PREV_PAIR, START, END = "bn=", "bp=", "^", "$"


def context_features(extras: list[list[str]], words: Sequence[tuple], gaz: Sequence[str]) -> None:
    """Add to each token's extras the gazetteer labels around it, the padding
    beyond the sentence's ends and the word bigrams it is part of."""
    n = len(words)
    for i in range(n):
        f = extras[i]
        for prefix, d, pad in GAZ_AT:
            f.append(prefix + gaz[i + d] if 0 <= i + d < n else pad)
        stem = words[i][1]
        f.append(NEXT_PAIR + stem + "|" + (words[i + 1][1] if i + 1 < n else END))
        f.append(PREV_PAIR + (words[i - 1][1] if i else START) + "|" + stem)


def join_features(words: Sequence[tuple], gaz: Sequence[str], extras: Sequence[list[str]]) -> list[list[str]]:
    """Each token's whole feature list: its own word features, what its
    neighbours show (slots 3-6 of a cached word: seen as the next, previous,
    second next, second previous word), its context and its extras."""
    extras = [list(e) for e in extras]
    context_features(extras, words, gaz)
    n = len(words)
    feats = []
    for i in range(n):
        f = list(words[i][2])
        if i + 1 < n:
            f.extend(words[i + 1][3])
        if i:
            f.extend(words[i - 1][4])
        if i + 2 < n:
            f.extend(words[i + 2][5])
        if i >= 2:
            f.extend(words[i - 2][6])
        f.extend(extras[i])
        feats.append(f)
    return feats


_CACHE_LIMIT = 300_000


def _cached(tokens: Sequence[str], res: Resources, make) -> list[tuple]:  # type: ignore[no-untyped-def]
    cache = res.cache
    if len(cache) > _CACHE_LIMIT:  # a long-running process sees an open vocabulary
        cache.clear()
    words = []
    for t in tokens:
        w = cache.get(t)
        if w is None:
            w = cache[t] = make(t, res)
        words.append(w)
    return words


Parts = tuple[list[tuple], list[str], list[list[str]]]


_OPEN = {"«": "»", "“": "”"}
_SAME = frozenset({'"', "'", "''", "„"})
_MAX_QUOTED = 8


QUOTE_MARKS = frozenset(_OPEN) | _SAME


def quoted(tokens: Sequence[str], stems: Sequence[str]) -> list[tuple[int, list[str]]]:
    """The words between quotation marks, with their features: a title of a
    programme, a film, a stadium, a car model ("برنامج « حوار من القلب »")
    is quoted, and the word before the quote says which kind."""
    out: list[tuple[int, list[str]]] = []
    if QUOTE_MARKS.isdisjoint(tokens):
        return out
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        close = _OPEN.get(t) or (t if t in _SAME else None)
        if close is None:
            i += 1
            continue
        j = i + 1
        if t == "'" and j < n and tokens[j] == "'":  # '' written as two tokens
            j += 1
        end = next((k for k in range(j, min(n, j + _MAX_QUOTED + 1)) if tokens[k] == close), None)
        if end is None or end == j:
            i = j
            continue
        before = "qb=" + (stems[i - 1] if i else "^")
        for k in range(j, end):
            out.append((k, ["inq", before] + (["qfirst"] if k == j else []) + (["qlast"] if k == end - 1 else [])))
        i = end + 1 + (1 if t == "'" and end + 1 < n and tokens[end + 1] == "'" else 0)
    return out


def quote_extras(tokens: Sequence[str], stems: Sequence[str]) -> list[list[str]]:
    """:func:`quoted` as one feature list per token."""
    extras: list[list[str]] = [[] for _ in tokens]
    for k, feats in quoted(tokens, stems):
        extras[k] = feats
    return extras


def arabic_parts_of(tokens: Sequence[str], res: Resources) -> Parts:
    """The cached words of an Arabic sentence, its gazetteer labels, and the
    quotation features of its quoted words."""
    words = _cached(tokens, res, _arabic_word)
    gaz = res.gazetteer.match([w[0] for w in words], [w[1] for w in words]) if res.gazetteer else [""] * len(tokens)
    return words, gaz, quote_extras(tokens, [w[1] for w in words])


def arabic_features(tokens: Sequence[str], res: Resources) -> list[list[str]]:
    return join_features(*arabic_parts_of(tokens, res))


def _english_word(tok: str, res: Resources) -> tuple:
    low = tok.lower()
    shape = word_shape(tok)
    cid = res.clusters.get(cluster_key(tok)) or ()
    own = [
        "b",
        "w=" + tok,
        "l=" + low,
        "sh=" + shape,
        "k=" + _token_class(tok),
        "p1=" + tok[:1],
        "p2=" + tok[:2],
        "p3=" + tok[:3],
        "p4=" + tok[:4],
        "x1=" + low[-1:],
        "x2=" + low[-2:],
        "x3=" + low[-3:],
        "x4=" + low[-4:],
    ]
    if "-" in tok:
        own.extend("hy=" + part for part in low.split("-") if part)
    if cid:
        own.extend(("c0=" + cid[0], "c1=" + cid[1], "c2=" + cid[2]))
    if res.gazetteer:
        own.extend("gw=" + k for k in sorted(res.gazetteer.words.get(low, ())))
    near = ["l=" + low, "sh=" + shape] + (["c1=" + cid[1], "c2=" + cid[2]] if cid else [])
    far = ["l=" + low, "sh=" + shape] + (["c1=" + cid[1]] if cid else [])
    return (low, low, tuple(own), *_offsets(near, 1, -1), *_offsets(far, 2, -2))


def english_parts_of(tokens: Sequence[str], res: Resources, doc: DocContext | None = None) -> Parts:
    """The cached words of an English sentence, its gazetteer labels, and each
    token's extra features (position, headline, document evidence, wider window)."""
    words = _cached(tokens, res, _english_word)
    lowers = [w[0] for w in words]
    gaz = res.gazetteer.match(lowers) if res.gazetteer else [""] * len(tokens)
    # a name list entry counts only where the text capitalizes it
    gaz = [g if g and (tok[:1].isupper() or g.startswith("I-")) else "" for g, tok in zip(gaz, tokens)]
    headline = all(not t[:1].islower() for t in tokens)
    extras: list[list[str]] = [[] for _ in tokens]
    if extras:
        extras[0].append("first")
    for tok, low, f in zip(tokens, lowers, extras):
        if headline:
            f.append("headline")
        if doc is not None and tok[:1].isupper():
            if low in doc.lower_seen:
                f.append("doc_lower")
            if low in doc.cap_mid_seen:
                f.append("doc_cap")
            f.extend(doc.contexts.get(low, ()))
    shapes = ["^"] + [w[2][3] for w in words] + ["$"]  # own[3] is "sh=..."
    n = len(tokens)
    for i in range(n):
        f = extras[i]
        f.append("sh3=" + shapes[i][3:] + "|" + shapes[i + 1][3:] + "|" + shapes[i + 2][3:])
        if i >= 3:
            f.append("-3l=" + lowers[i - 3])
        if i + 3 < n:
            f.append("3l=" + lowers[i + 3])
    return words, gaz, extras


def english_features(tokens: Sequence[str], res: Resources, doc: DocContext | None = None) -> list[list[str]]:
    return join_features(*english_parts_of(tokens, res, doc))


def sentence_parts(lang: str, tokens: Sequence[str], res: Resources, doc: DocContext | None = None) -> Parts:
    """``(words, gaz, extras)`` of one sentence: the cached per-word features,
    the gazetteer labels and per-token extras (:func:`join_features` says how
    they make each token's feature strings)."""
    if lang == "ar":
        return arabic_parts_of(tokens, res)
    if lang == "en":
        return english_parts_of(tokens, res, doc)
    raise ValueError(f"no NER features for language {lang!r} (supported: ar, en)")


def sentence_features(
    lang: str, tokens: Sequence[str], res: Resources, doc: DocContext | None = None
) -> list[list[str]]:
    """Feature strings for each token of one sentence in ``lang`` (``ar`` or ``en``)."""
    if lang == "ar":
        return arabic_features(tokens, res)
    if lang == "en":
        return english_features(tokens, res, doc)
    raise ValueError(f"no NER features for language {lang!r} (supported: ar, en)")
