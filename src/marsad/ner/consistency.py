"""Document-level label consistency: news repeats a name after introducing
it ("فيم دويسنبرج" … "دويسنبرج"), and a later bare mention is easy to miss.

:func:`propagate` tags untagged occurrences of a name the tagger found
elsewhere in nearby sentences: the whole name, and for people their last
word (the family name).  Words the tagger also leaves untagged more often
than it tags them are not propagated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from .conll import entity_spans

MAX_NAME = 4


def propagate(
    sentences: Sequence[Sequence[str]],
    tags: list[list[str]],
    key: Callable[[str], str],
    window: int = 25,
    stop: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """``tags`` with names found in the ±``window`` sentences around each one
    also tagged where they recur untagged."""
    keys = [[key(t) for t in s] for s in sentences]
    found: list[dict[tuple[str, ...], Counter[str]]] = []
    untagged: list[Counter[str]] = []
    for ks, ts in zip(keys, tags):
        names: dict[tuple[str, ...], Counter[str]] = {}
        for start, end, kind in entity_spans(ts):
            name = tuple(ks[start:end])
            if len(name) <= MAX_NAME:
                names.setdefault(name, Counter())[kind] += 1
            if kind == "PER" and end - start >= 2 and len(ks[end - 1]) > 2:
                names.setdefault((ks[end - 1],), Counter())[kind] += 1
        found.append(names)
        untagged.append(Counter(k for k, t in zip(ks, ts) if t == "O"))
    out = [list(t) for t in tags]
    # Sliding sums over the window: names with their types, and per word how
    # often it was tagged (as a one-word name) and left untagged.
    near: Counter[tuple[tuple[str, ...], str]] = Counter()
    tagged_words: Counter[str] = Counter()
    plain: Counter[str] = Counter()

    def shift(j: int, sign: int) -> None:
        for name, kinds in found[j].items():
            for kind, c in kinds.items():
                near[(name, kind)] += sign * c
                if not near[(name, kind)]:
                    del near[(name, kind)]
                if len(name) == 1:
                    tagged_words[name[0]] += sign * c
        for word, c in untagged[j].items():
            plain[word] += sign * c

    names_near: dict[tuple[str, ...], set[str]] = {}
    for j in range(min(window, len(keys))):
        shift(j, 1)
    for i, (ks, ts) in enumerate(zip(keys, out)):
        if i + window < len(keys):
            shift(i + window, 1)
        if i - window - 1 >= 0:
            shift(i - window - 1, -1)
        names_near.clear()
        for (name, kind), c in near.items():
            if c > 0:
                names_near.setdefault(name, set()).add(kind)
        if names_near:
            _tag_mentions(ks, ts, names_near, near, tagged_words, plain, stop)
    return out


def _tag_mentions(
    ks: list[str],
    ts: list[str],
    names: dict[tuple[str, ...], set[str]],
    counts: Counter[tuple[tuple[str, ...], str]],
    tagged_words: Counter[str],
    plain: Counter[str],
    stop: frozenset[str],
) -> None:
    n = len(ks)
    firsts = {name[0] for name in names}
    pos = 0
    while pos < n:
        if ts[pos] != "O" or ks[pos] not in firsts:
            pos += 1
            continue
        hit = 0
        for length in range(min(MAX_NAME, n - pos), 0, -1):
            name = tuple(ks[pos : pos + length])
            if name in names and all(t == "O" for t in ts[pos : pos + length]):
                if length == 1 and (name[0] in stop or plain[name[0]] > tagged_words[name[0]]):
                    continue
                kind = max(sorted(names[name]), key=lambda k: counts[(name, k)])
                ts[pos] = "B-" + kind
                for k in range(pos + 1, pos + length):
                    ts[k] = "I-" + kind
                if pos + length < n and ts[pos + length].startswith("I-"):
                    ts[pos + length] = "B-" + ts[pos + length][2:]
                hit = length
                break
        pos += hit or 1
