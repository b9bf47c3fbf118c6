"""Stage ``marsad.segment.v1``: sentence and token spans."""

from __future__ import annotations

from ..doc import Document
from ..pipeline import stage
from ..segment import split_sentences, tokenize


@stage("marsad.segment.v1", requires=("text", "paragraphs", "language"), assigns=("sentences", "tokens"))
def segment(doc: Document) -> Document:
    """Sentences inside each paragraph and heading (never across them), and
    tokens with Arabic proclitics marked."""
    sentences = []
    tokens = []
    for block in doc.blocks():
        lang = block.attr("language") or doc.language
        sentences.extend(split_sentences(doc.text, block.start, block.end, lang))
        tokens.extend(tokenize(doc.text, block.start, block.end))
    doc.sentences = sentences
    doc.tokens = tokens
    return doc
