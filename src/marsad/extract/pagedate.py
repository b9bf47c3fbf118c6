"""The publication date in a page's markup: htmldate's search, without its costs.

htmldate's ``find_date`` copies the tree it is given (``deepcopy``), prunes
the copy of elements that never hold text (``<label>``, ``<video>``…), looks
for ``<script>`` JSON-LD (which Marsad's parser has already dropped), tests
the class and id of every element in Python for date cues, and in its
extensive mode does all of that again, fast-mode steps included.  On the
DAnIEL pages that came to ~10.6 ms a page of the fast-then-extensive chain.

:func:`markup_date` runs htmldate's own steps, in htmldate's order, with
htmldate's parsers, and gives htmldate's answer (checked page for page on
both benchmarks; the tests pin it on the project's pages), for ~8.7 ms:

* the head, URL and ``<abbr>`` steps read the tree itself, as in htmldate;
* the rest reads the tree itself too when it holds nothing htmldate prunes,
  and a pruned copy only when it does (form labels: half the DAnIEL pages);
* the candidate elements are found with a cheap test of their class, id and
  itemprop for htmldate's cue words before htmldate's own test;
* after a fast search that found nothing, the extensive search of the same
  tree reuses its pruned copy and markup, and skips the steps on the whole
  markup, which answer the same in both modes.

The tree must come from :func:`marsad.extract.html.parse_html`: no scripts
or styles (htmldate removes them before its last fast-mode step) and no
archive.org banner (htmldate removes it from its copy).
"""

from __future__ import annotations

import re
import threading
from copy import deepcopy
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

FORMAT = "%Y-%m-%d"
# What htmldate's find_date prunes from its copy (its CLEANING_LIST).
# Marsad's parser drops some (see marsad.extract.html._NEVER_TEXT); form
# labels and pictures stay, as the extractors read them.
PRUNED_TAGS = (
    "applet", "audio", "canvas", "datalist", "embed", "frame", "frameset", "iframe", "label", "map",
    "math", "noframes", "object", "picture", "rdf", "svg", "track", "video",
)

# Substrings of a class, id or itemprop that htmldate's is_date_candidate
# looks for (its "date"/"datum" test after D -> d, ID_CLASS_CUES and
# CLASS_CUES): an element without any of them is never a candidate, and one
# search of this pattern costs less than htmldate's test.  (In libxml2, as
# ``contains()`` predicates, it costs more: each call copies the value.)
_CUES = re.compile(
    "date|Date|datum|Datum|meta|Meta|time|publish|footer|info|post_detail|block-content|byline|subline"
    "|posted|submitted|created-post|publication|author|autor|field-content|fa-clock-o|fa-calendar|fecha|parution"
)
_CUE_ATTRIBUTES = ("class", "id", "itemprop")
_ALWAYS_TAGS = ("footer", "small")  # htmldate's ALWAYS_TAGS: candidates whatever their attributes
_TITLES = etree.XPath(".//title|.//h1")
# Per thread, the last tree whose markup-wide steps found nothing, and its
# markup (see markup_date).
_LAST = threading.local()


@lru_cache(maxsize=1)
def _htmldate() -> SimpleNamespace | None:
    """htmldate's steps, or None for a version without one of them."""
    try:
        from htmldate import core, extractors, settings, utils, validators

        return SimpleNamespace(
            Extractor=utils.Extractor,
            min_date=validators.get_min_date,
            max_date=validators.get_max_date,
            url_date=extractors.extract_url_date,
            header=core.examine_header,
            abbr=core.examine_abbr_elements,
            elements=core.examine_elements,
            time=core.examine_time_elements,
            is_candidate=core.is_date_candidate,
            fast_tags=frozenset(extractors.FAST_TAGS) | frozenset(core.ALWAYS_TAGS),
            serialize=core.serialize,
            pattern=extractors.pattern_search,
            timestamp=core.TIMESTAMP_PATTERN,
            loose_timestamp=core.TIMESTAMP_LOOSE_PATTERN,
            img=extractors.img_search,
            idiosyncrasies=extractors.idiosyncrasies_search,
            free_text=extractors.FREE_TEXT_EXPRESSIONS,
            min_len=settings.MIN_SEGMENT_LEN,
            max_len=settings.MAX_SEGMENT_LEN,
            compare=core.compare_reference,
            checked=validators.check_extracted_reference,
            search_page=core.search_page,
        )
    except (ImportError, AttributeError, TypeError):
        return None


def markup_date(tree: HtmlElement, url: str | None, *, extensive: bool = False) -> str | None:
    """htmldate's ``find_date(tree, extensive_search=extensive, original_date=True,
    url=url)``, leaving ``tree`` as it is (see the module's docstring)."""
    steps = _htmldate()
    if steps is None:
        from htmldate import find_date

        return find_date(tree, extensive_search=extensive, original_date=True, url=url)
    options = steps.Extractor(extensive, steps.max_date(None), steps.min_date(None), True, FORMAT)
    if url is None:
        link = tree.find('.//link[@rel="canonical"]')
        if link is not None:
            url = link.get("href")
    # find_date's json_search reads <script> elements, which the tree has not.
    found = steps.url_date(url, options) or steps.header(tree, options) or steps.abbr(tree, options)
    if found:
        return found
    last = getattr(_LAST, "page", None)
    if last is not None and last[0] is tree:
        # The fast search of this tree came this far and found nothing; the
        # steps on the whole markup answer the same in both modes.
        search_tree, markup = last[1], last[2]
    else:
        search_tree, markup = _pruned(tree), None
    found = (
        steps.elements(_candidates(steps, search_tree, extensive), options)
        or steps.elements(_TITLES(search_tree), options)
        or steps.time(search_tree, options)
    )
    if found:
        return found
    if markup is None:
        markup = steps.serialize(search_tree)
        found = (
            steps.pattern(markup, steps.timestamp, options)
            or steps.img(search_tree, options)
            or steps.idiosyncrasies(markup, options)
        )
        if found:
            return found
        _LAST.page = (tree, search_tree, markup)
    if not extensive:
        return steps.pattern(" ".join(search_tree.itertext()), steps.loose_timestamp, options)
    reference: Any = None
    for segment in steps.free_text(search_tree):
        segment = segment.strip()
        if steps.min_len < len(segment) < steps.max_len:
            reference = steps.compare(reference, segment, options)
    return steps.checked(reference, options) or steps.search_page(markup, options)


def _pruned(tree: HtmlElement) -> HtmlElement:
    """``tree`` without what htmldate prunes: the tree itself when it holds
    none of it (Marsad's parser drops most of it), else a pruned copy."""
    if next(tree.iter(*PRUNED_TAGS), None) is None:
        return tree
    copy = deepcopy(tree)
    for elem in copy.iter(*PRUNED_TAGS):
        elem.drop_tree()  # as htmldate's clean_html: the tail text stays
    return copy


def _candidates(steps: SimpleNamespace, tree: HtmlElement, extensive: bool) -> list[HtmlElement]:
    """htmldate's date_candidates: the elements (in fast mode, of its few
    tags) whose attributes say they may hold a date, in document order."""
    found = []
    cue = _CUES.search
    for elem in tree.iterdescendants(etree.Element) if extensive else tree.iterdescendants(*steps.fast_tags):
        if elem.tag in _ALWAYS_TAGS:
            found.append(elem)
            continue
        for name in _CUE_ATTRIBUTES:
            value = elem.get(name)
            if value is not None and cue(value):
                if steps.is_candidate(elem):
                    found.append(elem)
                break
    return found
