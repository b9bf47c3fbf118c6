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
    keys: Sequence[Sequence[str]] | None = None,
) -> list[list[str]]:
    """``tags`` with names found in the ±``window`` sentences around each one
    also tagged where they recur untagged (``keys``: each token's ``key``,
    when the caller has them)."""
    if keys is None:
        keys = [[key(t) for t in s] for s in sentences]
    found: list[dict[tuple[str, ...], Counter[str]]] = []
    for ks, ts in zip(keys, tags):
        names: dict[tuple[str, ...], Counter[str]] = {}
        for start, end, kind in entity_spans(ts):
            name = tuple(ks[start:end])
            if len(name) <= MAX_NAME:
                names.setdefault(name, Counter())[kind] += 1
            if kind == "PER" and end - start >= 2 and len(ks[end - 1]) > 2:
                names.setdefault((ks[end - 1],), Counter())[kind] += 1
        found.append(names)
    out = [list(t) for t in tags]
    if not any(found):
        return out
    # How often a one-word name is left untagged is counted only for such words.
    singles = {name[0] for names in found for name in names if len(name) == 1}
    untagged = [Counter(k for k, t in zip(ks, ts) if t == "O" and k in singles) for ks, ts in zip(keys, tags)]
    # Sliding sums over the window: names with their types (and, kept with
    # them, the types seen and the words names begin with), and per word how
    # often it was tagged (as a one-word name) and left untagged.
    near: Counter[tuple[tuple[str, ...], str]] = Counter()
    kinds_near: dict[tuple[str, ...], set[str]] = {}
    firsts: Counter[str] = Counter()
    tagged_words: Counter[str] = Counter()
    plain: Counter[str] = Counter()

    def shift(j: int, sign: int) -> None:
        for name, kinds in found[j].items():
            for kind, c in kinds.items():
                now = near[(name, kind)] = near[(name, kind)] + sign * c
                if now > 0:
                    if name not in kinds_near:
                        kinds_near[name] = set()
                        firsts[name[0]] += 1
                    kinds_near[name].add(kind)
                else:
                    if not now:
                        del near[(name, kind)]
                    seen = kinds_near.get(name)
                    if seen is not None:
                        seen.discard(kind)
                        if not seen:
                            del kinds_near[name]
                            firsts[name[0]] -= 1
                if len(name) == 1:
                    tagged_words[name[0]] += sign * c
        for word, c in untagged[j].items():
            plain[word] += sign * c

    for j in range(min(window, len(keys))):
        shift(j, 1)
    for i, (ks, ts) in enumerate(zip(keys, out)):
        if i + window < len(keys):
            shift(i + window, 1)
        if i - window - 1 >= 0:
            shift(i - window - 1, -1)
        if kinds_near:
            _tag_mentions(ks, ts, kinds_near, near, tagged_words, plain, stop, firsts)
    return out


def _tag_mentions(
    ks: list[str],
    ts: list[str],
    names: dict[tuple[str, ...], set[str]],
    counts: Counter[tuple[tuple[str, ...], str]],
    tagged_words: Counter[str],
    plain: Counter[str],
    stop: frozenset[str],
    firsts: Counter[str],
) -> None:
    n = len(ks)
    pos = 0
    while pos < n:
        if not firsts.get(ks[pos]) or ts[pos] != "O":
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
