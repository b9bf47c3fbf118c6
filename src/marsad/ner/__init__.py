"""Named entities: trainable CRF taggers for Arabic and English, natasha for Russian.

``load_tagger(lang).tag(tokens)`` gives IOB2 tags (PER, ORG, LOC, MISC);
``run_ner_command`` is the ``marsad ner`` command.  Submodules:
:mod:`~marsad.ner.conll` (reading and writing CoNLL), :mod:`~marsad.ner.features`,
:mod:`~marsad.ner.gazetteer`, :mod:`~marsad.ner.clusters`,
:mod:`~marsad.ner.train`, :mod:`~marsad.ner.evaluate`, :mod:`~marsad.ner.tagger`.
"""

from __future__ import annotations

from .tagger import load_tagger, run_ner_command, tag_sentences

__all__ = ["load_tagger", "run_ner_command", "tag_sentences"]
