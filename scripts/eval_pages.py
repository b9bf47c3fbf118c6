#!/usr/bin/env python3
"""People with their titles, organizations and places on whole news pages.

Runs `marsad analyze` (the whole pipeline, trained tagger included) on the
project's own pages — the Arabic ones in ``tests/fixtures/pages/ar_roles``
by default, any folder of Arabic, Russian or English pages with
``--pages`` (names, titles and countries are compared in the page's
language; a country counts in any form the language data knows) — and compares
the entities with what a reader of each page lists (``expected.json``:
each person with the titles and country the page gives them, the
organizations and the places the body names; ``optional`` names count
neither way; names only the headline gives are not scored). An
organization or place counts as found when an entity of its type has that
name or a mention written so ("الخارجية الروسية" of "وزارة الخارجية
الروسية"); a listed name also counts found under the forms ``_forms``
gives (without "الأمير" or "شركة" in front, either part of "X (Y)", the
data's name of the same country, place or organization).

    python3 scripts/eval_pages.py
    python3 scripts/eval_pages.py --verbose     # every miss and every extra

Prints, per page and in all: people found (exact name, the fullest form),
of those the ones with a right title (the first role's; the article is
ignored, and an office split from the organization it heads counts:
"محافظ" of "البنك المركزي التركي" is "محافظ البنك المركزي"; so does the
page's title ending in a qualifier the role's status gives: "الرئيسة" with
status "former" is "الرئيسة السابقة") and a right country, people that
are no one on the page, organizations and places found, and the LOC/ORG
entities the page does not have.  A script to run, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PAGES = ROOT / "tests" / "fixtures" / "pages" / "ar_roles"


# Words that join an office to what it heads ("المتحدث باسم الكرملين",
# "spokesman for the Kremlin"), and English articles, which titles ignore.
LINKS = {"ar": {"باسم"}, "ru": set(), "en": {"for", "of", "at"}}
ARTICLES = {"en": {"the", "a", "an"}}


def _key(name: str, lang: str = "ar") -> str:
    from marsad.entities.tokens import tokenize

    return " ".join(t.key for t in tokenize(name, lang=lang) if t.word)


def _loose(text: str, lang: str = "ar") -> list[str]:
    """Matching keys of the words, the article off ("رئيس مجلس إدارة" is
    "رئيس مجلس الإدارة"; "the foreign minister" is "foreign minister")."""
    words = _key(text, lang).split()
    if lang == "ar":
        return [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
    return [w for w in words if w not in ARTICLES.get(lang, ())]


def _status_words(status: str | None, lang: str = "ar") -> set[str]:
    """The qualifiers (as loose keys, article off) of a role status."""
    if not status:
        return set()
    from marsad.entities.lexicon import lexicon

    return {w for form, st in lexicon(lang).statuses.items() if st == status for w in _loose(form, lang)}


def _title_right(role, titles: list[str] | None, lang: str = "ar") -> bool:
    """The first role's title is one the page gives, or that title with the
    organization the role names after or before it ("محافظ" + "البنك
    المركزي التركي" for "محافظ البنك المركزي"; "المتحدثة" + "الخارجية
    الصينية" for "المتحدثة باسم الخارجية"; "spokesman" + "Kremlin" for
    "Kremlin spokesman"): the office and what it heads, split in two; or
    the office and the city or region its role's ``place`` names ("رئيس
    الجمهورية" + "الشيشان" for "رئيس جمهورية الشيشان")."""
    if not titles:
        return role is None
    if role is None:
        return False
    title, org = _loose(role.title, lang), _loose(role.org, lang) if role.org else []
    said = _status_words(getattr(role, "status", None), lang)
    for want in (_loose(t, lang) for t in titles):
        if len(want) > 1 and (want[-1] in said or lang != "ar" and want[0] in said):
            # "الرئيسة السابقة", "former president": the title, and the role's status says "former"
            want = want[:-1] if want[-1] in said else want[1:]
        if want == title:
            return True
        if not org:
            continue
        rest = want[len(title):]
        if want[: len(title)] == title and rest and (
            rest == org[: len(rest)] or rest[0] in LINKS[lang] and rest[1:] == org[: len(rest) - 1]
        ):
            return True
        head = want[: len(want) - len(title)]
        if lang != "ar" and want[len(head):] == title and head and head == org[-len(head):]:
            return True  # "Kremlin spokesman", "МИД представитель"
    place = _loose(role.place, lang) if getattr(role, "place", None) else []
    for want in (_loose(t, lang) for t in titles):
        if place and want == title + place:
            return True  # "رئيس جمهورية الشيشان": the office and the region it heads, split in two
    return False


def _country_right(given: str | None, want: str | None, lang: str) -> bool:
    """The role's country is the page's, written as the data names it or in
    another form the data knows ("США" for "Соединённые Штаты")."""
    if given == want or given is None or want is None:
        return given == want
    from marsad.entities.lexicon import COUNTRY, lexicon

    lex = lexicon(lang)
    phrase = lex.phrase(lex.lemmatize(_key(want, lang).split()), COUNTRY)
    return phrase is not None and phrase.value == given


def _forms(name: str, lang: str) -> tuple[str, ...]:
    """The keys a listed name may be found under: as listed; its two parts
    when it carries one in brackets ("وكالة الأنباء السعودية (واس)"); without
    a form of address ("الأمير فيصل بن فرحان") or a word that only says what
    kind of organization follows ("شركة غازبروم", "صحيفة الأهرام"); and the
    name the language data gives the same country, place or organization
    ("Кыргызстан": "Киргизия"; "Евразийский экономический союз": "ЕАЭС")."""
    from marsad.entities.lexicon import COUNTRY, HONORIFIC, ORG, ORG_HEAD, PLACE, lexicon

    lex = lexicon(lang)
    names = [name]
    if "(" in name and name.rstrip().endswith(")"):
        outer, inner = name.rstrip()[:-1].split("(", 1)
        names += [outer, inner]
    keys = [_key(n, lang) for n in names]
    for key in list(keys):
        words = key.split()
        if len(words) > 1 and (words[0] in lex.org_words or any(
                p.kind in (HONORIFIC, ORG_HEAD) for p in lex.phrases.get(lex.lemma(words[0]), ()))):
            keys.append(" ".join(words[1:]))
        for kind in (COUNTRY, PLACE, ORG):
            phrase = lex.phrase(lex.lemmatize(words), kind)
            if phrase is not None:
                keys.append(_key(phrase.value, lang))
    return tuple(dict.fromkeys(k for k in keys if k))


def score_page(doc, want: dict) -> dict:
    """Counts for one analyzed page against its expectations."""
    lang = doc.language if doc.language in LINKS else "ar"
    people = {_key(n, lang): (v, _forms(n, lang)) for n, v in want["people"].items()}
    orgs = {_key(n, lang): _forms(n, lang) for n in want["orgs"]}
    places = {_key(n, lang): _forms(n, lang) for n in want["places"]}
    optional = {k for n in want.get("optional", []) for k in _forms(n, lang)}
    listed = optional | {k for table in (orgs, places) for forms in table.values() for k in forms}
    listed_people = optional | {k for _, forms in people.values() for k in forms}
    found = {}
    forms = set()  # (type, key) of every mention of an organization or place, as written
    for e in doc.entities:
        if e.mentions:  # the expectations list what the body names; the headline's own names are not scored
            found.setdefault((e.type, _key(e.name, lang)), e)
            if e.type in ("ORG", "LOC"):
                forms.update((e.type, _key(doc.text[m.start : m.end], lang)) for m in e.mentions)
    out = {"people": len(people), "found": 0, "title": 0, "country": 0, "extra_people": [],
           "orgs": len(orgs), "orgs_found": 0, "places": len(places), "places_found": 0,
           "extra_names": [], "missed": []}
    for key, (exp, keys) in people.items():
        e = next((found[("PERSON", k)] for k in keys if ("PERSON", k) in found), None)
        if e is None:
            out["missed"].append(("PERSON", key))
            continue
        out["found"] += 1
        first = e.roles[0] if e.roles else None
        if _title_right(first, exp["titles"], lang):
            out["title"] += 1
        else:
            out["missed"].append(("title", key, first.title if first else None))
        if _country_right(first.country if first else None, exp["country"], lang):
            out["country"] += 1
        else:
            out["missed"].append(("country", key, first.country if first else None))
    for kind, wanted, field in (("ORG", orgs, "orgs_found"), ("LOC", places, "places_found")):
        for key, keys in wanted.items():
            if any((kind, k) in found or (kind, k) in forms for k in keys):  # "روس آتوم" is a mention of "روساتوم"
                out[field] += 1
            else:
                out["missed"].append((kind, key))
    for (type_, key) in found:
        if type_ == "PERSON" and key not in listed_people:
            out["extra_people"].append(key)
        elif type_ in ("ORG", "LOC") and key not in listed:
            out["extra_names"].append(f"{type_}:{key}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=PAGES, help="folder with the pages and expected.json")
    ap.add_argument("--verbose", action="store_true", help="print every miss and every extra")
    args = ap.parse_args(argv)
    from marsad.api import analyze

    try:
        expected = json.loads((args.pages / "expected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{args.pages / 'expected.json'}: cannot read the expectations ({exc})", file=sys.stderr)
        return 2
    missing = [name for name in expected if not (args.pages / name).is_file()]
    if missing:
        print(f"{args.pages}: expected.json names pages that are not there: {', '.join(missing)}", file=sys.stderr)
        return 2
    totals: dict[str, int] = {}
    print(f"{'page':28s} people found title country extra | orgs found | places found | extra LOC/ORG")
    for name, want in sorted(expected.items()):
        (doc,) = analyze([str(args.pages / name)])
        try:
            s = score_page(doc, want)
        except (KeyError, TypeError, AttributeError) as exc:
            print(f"{args.pages / 'expected.json'}: the entry for {name} is malformed ({exc!r})", file=sys.stderr)
            return 2
        for k, v in s.items():
            totals[k] = totals.get(k, 0) + (len(v) if isinstance(v, list) else v)
        print(f"{name:28s} {s['people']:6d} {s['found']:5d} {s['title']:5d} {s['country']:7d} "
              f"{len(s['extra_people']):5d} | {s['orgs']:4d} {s['orgs_found']:5d} | "
              f"{s['places']:6d} {s['places_found']:5d} | {len(s['extra_names'])}")
        if args.verbose:
            for miss in s["missed"]:
                print("    missed", *miss)
            for extra in s["extra_people"] + s["extra_names"]:
                print("    extra ", extra)
    t = totals
    print(f"{'all':28s} {t['people']:6d} {t['found']:5d} {t['title']:5d} {t['country']:7d} "
          f"{t['extra_people']:5d} | {t['orgs']:4d} {t['orgs_found']:5d} | "
          f"{t['places']:6d} {t['places_found']:5d} | {t['extra_names']}")
    def share(part: int, whole: int) -> str:
        return f"{part / whole:.3f}" if whole else "-"

    print(f"people found {share(t['found'], t['people'])}; of them right title {share(t['title'], t['found'])}, "
          f"right country {share(t['country'], t['found'])}; organizations {share(t['orgs_found'], t['orgs'])}; "
          f"places {share(t['places_found'], t['places'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
