"""Stage ``marsad.quantities.v1``: the figures of an article.

Money, percentages, counts of things, amounts in units of measure and the
ordinals of anniversaries, found by :func:`marsad.quantities.find_quantities`
in each paragraph's own language (an English paragraph in an Arabic
article is read with English separators and words), with the year or
period its sentence states.  See docs/record.md for the record.
"""

from __future__ import annotations

from ..doc import Document, Span
from ..pipeline import stage
from ..quantities import Quantity, find_quantities

__all__ = ["quantities"]


@stage("marsad.quantities.v1", requires=("text", "sentences", "language"), assigns=("quantities",))
def quantities(doc: Document) -> Document:
    """Money, percentages, counts and anniversaries, with the period they apply to."""
    doc.quantities = article_quantities(doc)
    return doc


def article_quantities(doc: Document) -> list[Quantity]:
    text = doc.text
    if not text:
        return []
    langs = {p.attr("language") or doc.language for p in doc.paragraphs}
    if len(langs) <= 1:
        return find_quantities(text, doc.language if not langs else langs.pop(), sentences=doc.sentences)
    # Mixed languages: each paragraph in its own language.
    out: list[Quantity] = []
    for para in doc.paragraphs:
        lang = para.attr("language") or doc.language
        part = text[para.start : para.end]
        sentences = [
            Span(s.start - para.start, s.end - para.start)
            for s in doc.sentences
            if para.start <= s.start and s.end <= para.end
        ]
        for q in find_quantities(part, lang, sentences=sentences):
            span = Span(q.span.start + para.start, q.span.end + para.start, q.span.label)
            out.append(Quantity(span, q.kind, q.value, q.unit, q.period))
    return out
