"""Stage ``marsad.quality.v1``: reject what is not an article, with a reason."""

from __future__ import annotations

import re
from itertools import islice

from ..doc import Document
from ..pipeline import stage

MIN_WORDS = 15  # shorter than a wire brief: navigation, an error page, a stub
MIN_LETTER_SHARE = 0.5  # of non-space characters: prose, not data or code
SAMPLE_CHARS = 20_000  # enough to judge; long articles need not be read whole

_WORD = re.compile(r"\w+")


@stage("marsad.quality.v1", requires=("text",), assigns=())
def check_quality(doc: Document) -> Document:
    """Reject documents with no article text: empty extraction, a few words
    of navigation, or text that is mostly symbols, digits or markup."""
    text = doc.text
    # Counted up to MIN_WORDS: past that the number does not matter, and
    # counting every word of a long article costs more than this whole check.
    words = sum(1 for _ in islice(_WORD.finditer(text), MIN_WORDS))
    if words == 0:
        return doc.reject("quality", "no-article-text", "no article text found (not a news page?)")
    if words < MIN_WORDS:
        return doc.reject(
            "quality", "no-article-text", f"only {words} word{'' if words == 1 else 's'} of article text (not a news page?)"
        )
    sample = "".join(text[:SAMPLE_CHARS].split())
    share = sum(map(str.isalpha, sample)) / len(sample)
    if share < MIN_LETTER_SHARE:
        return doc.reject(
            "quality", "not-prose", f"only {share:.0%} of the text is letters (data or code, not an article)"
        )
    return doc
