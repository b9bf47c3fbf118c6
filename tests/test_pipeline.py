"""The stage registry, the order check, and rejections as data."""

import pytest

from marsad import Document, Pipeline, PipelineError, RunStats, stage
from marsad.doc import Span, build_text


@stage("test.upper.v1", requires=("text",), assigns=("title",))
def _title_from_text(doc: Document) -> Document:
    doc.title = doc.text.split("\n")[0].upper()
    return doc


@stage("test.fill.v1", requires=("raw",), assigns=("text",))
def _fill(doc: Document) -> Document:
    if not doc.raw:
        return doc.reject("fill", "empty", "nothing here")
    doc.text = doc.raw.decode()
    return doc


@stage("test.boom.v1", requires=("text",), assigns=())
def _boom(doc: Document) -> Document:
    raise RuntimeError("kaboom")


def test_pipeline_runs_stages_in_order():
    pipe = Pipeline(["test.fill.v1", "test.upper.v1"])
    doc = pipe(Document(raw=b"first line\nsecond"))
    assert doc.title == "FIRST LINE"
    assert doc.done == ["test.fill.v1", "test.upper.v1"]
    assert doc.raw is None  # the raw input is dropped after the run


def test_pipeline_checks_order_when_built():
    with pytest.raises(PipelineError, match="requires text"):
        Pipeline(["test.upper.v1", "test.fill.v1"])


def test_unknown_stage_is_named():
    with pytest.raises(PipelineError, match="no.such.stage"):
        Pipeline(["no.such.stage"])


def test_rejection_stops_the_document_and_is_counted():
    pipe = Pipeline(["test.fill.v1", "test.upper.v1"])
    stats = RunStats()
    docs = list(pipe.run([Document(raw=b""), Document(raw=b"ok text")], stats))
    assert docs[0].rejection.reason == "empty"
    assert docs[0].title is None and docs[0].done == []
    assert docs[1].title == "OK TEXT"
    assert (stats.ok, stats.rejected, stats.reasons["empty"]) == (1, 1, 1)
    assert "1 analyzed" in stats.summary() and "empty: 1" in stats.summary()


def test_a_crashing_stage_becomes_an_internal_error_rejection():
    pipe = Pipeline(["test.fill.v1", "test.boom.v1"])
    doc = pipe(Document(raw=b"x"))
    assert doc.rejection.reason == "internal-error"
    assert "kaboom" in doc.rejection.message


BATCHES: list[int] = []


def _count_words_batch(docs: list[Document]) -> None:
    BATCHES.append(len(docs))
    for doc in docs:
        if "poison" in doc.text:
            raise ValueError("poisoned batch")
        doc.title = f"{len(doc.text.split())} words"


@stage("test.words.v1", requires=("text",), assigns=("title",), batch=_count_words_batch)
def _count_words(doc: Document) -> Document:
    if "poison" in doc.text:
        raise ValueError("poisoned document")
    doc.title = f"{len(doc.text.split())} words"
    return doc


def test_a_batch_stage_sees_the_live_documents_of_a_chunk():
    pipe = Pipeline(["test.fill.v1", "test.words.v1"])
    raws = [b"one two", b"", b"a b c", b"x", b"y z"]
    BATCHES.clear()
    stats = RunStats()
    docs = list(pipe.run([Document(raw=r) for r in raws], stats, batch_size=3))
    # chunks of 3 and 2 inputs; the empty one was rejected before the batch stage
    assert BATCHES == [2, 2]
    assert [d.title for d in docs] == ["2 words", None, "3 words", "1 words", "2 words"]
    assert docs[2].done == ["test.fill.v1", "test.words.v1"]
    assert (stats.ok, stats.rejected) == (4, 1)
    # one document at a time gives the same, without the batch function
    BATCHES.clear()
    single = [pipe(Document(raw=r)) for r in raws]
    assert BATCHES == [] and [d.title for d in single] == [d.title for d in docs]


def test_a_failing_batch_is_run_one_document_at_a_time():
    pipe = Pipeline(["test.fill.v1", "test.words.v1"])
    docs = list(pipe.run([Document(raw=r) for r in (b"fine text", b"poison here", b"also fine")]))
    assert [d.title for d in docs] == ["2 words", None, "2 words"]
    assert docs[1].rejection.reason == "internal-error"
    assert "poisoned document" in docs[1].rejection.message
    assert docs[0].rejection is None and docs[2].rejection is None


def test_duplicate_registration_is_refused():
    with pytest.raises(PipelineError):
        stage("test.fill.v1")(lambda d: d)


def test_default_stages_are_registered_and_ordered():
    pipe = Pipeline()
    assert pipe.names[0] == "marsad.decode.v1"
    assert "marsad.dates.v1" in pipe.names


def test_build_text_spans_point_at_blocks():
    text, paragraphs, headings = build_text(
        [("paragraph", " First paragraph. "), ("heading", "A heading"), ("paragraph", ""), ("paragraph", "Last.")]
    )
    assert text == "First paragraph.\n\nA heading\n\nLast."
    assert [text[s.start : s.end] for s in paragraphs] == ["First paragraph.", "Last."]
    assert [text[s.start : s.end] for s in headings] == ["A heading"]


def test_span_rejects_bad_offsets_and_keeps_attrs():
    with pytest.raises(ValueError):
        Span(5, 2)
    s = Span(0, 4, "paragraph").with_attrs(language="ar")
    assert s.attr("language") == "ar" and s.attr("missing", 1) == 1 and len(s) == 4


def test_long_runs_freeze_what_is_alive_for_the_collector():
    import gc

    from marsad import pipeline as pl

    collector = pl._Collector(first=3, every=5)
    gc.unfreeze()
    try:
        collector.tick(2)
        assert gc.get_freeze_count() == 0  # not yet: the models may still be loading
        collector.tick(2)
        frozen = gc.get_freeze_count()
        assert frozen > 0 and collector.since == 0
        junk = [[] for _ in range(1000)]
        collector.tick(4)
        assert gc.get_freeze_count() == frozen  # next one only after `every` documents
        collector.tick(1)
        assert gc.get_freeze_count() >= frozen + 1000 - 10
        del junk
    finally:
        gc.unfreeze()
