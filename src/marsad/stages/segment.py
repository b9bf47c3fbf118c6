"""Stages ``marsad.segment.v1`` (sentences) and ``marsad.tokens.v1`` (tokens)."""

from __future__ import annotations

from ..doc import Document
from ..pipeline import stage
from ..segment import split_sentences, tokenize


@stage("marsad.segment.v1", requires=("text", "paragraphs", "language"), assigns=("sentences",))
def segment(doc: Document) -> Document:
    """Sentences inside each paragraph and heading, never across them."""
    sentences = []
    for block in doc.blocks():
        lang = block.attr("language") or doc.language
        sentences.extend(split_sentences(doc.text, block.start, block.end, lang))
    doc.sentences = sentences
    return doc


@stage("marsad.tokens.v1", requires=("text", "paragraphs"), assigns=("tokens",))
def tokens(doc: Document) -> Document:
    """Words and punctuation with Arabic proclitics marked.  Not in the
    default pipeline: stages that need tokens (and ``--tokens``) add it."""
    out = []
    for block in doc.blocks():
        out.extend(tokenize(doc.text, block.start, block.end))
    doc.tokens = out
    return doc
