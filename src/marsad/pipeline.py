"""Named pipeline stages and the pipeline that runs them.

A stage is a small callable ``Document -> Document`` registered under a
versioned name with what it *requires* (document fields earlier stages must
have produced) and what it *assigns*.  :class:`Pipeline` checks the order
when it is built, so a misordered pipeline fails at once, not halfway
through a batch.

    @stage("marsad.language.v1", requires=("text",), assigns=("language",))
    def detect_language(doc: Document) -> Document: ...

Stages never raise for a bad document: they call ``doc.reject(...)`` and
return it.  An exception escaping a stage is a bug in Marsad; the pipeline
turns it into a rejection with reason ``internal-error`` so a batch goes on.

A stage may also give a ``batch`` function, ``list[Document] -> None``, that
does the same work for several documents at once (the entity tagger decodes
the sentences of many articles together, which costs less than one call per
article).  :meth:`Pipeline.run` hands it the documents of a chunk that are
still going; the result is the same as one document at a time.  If the batch
function raises, the chunk's documents are run one at a time, so only the one
that fails is rejected.
"""

from __future__ import annotations

import functools
import gc
import logging
import traceback
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .doc import Document
from .errors import PipelineError

log = logging.getLogger(__name__)

StageFunc = Callable[[Document], Document]
BatchFunc = Callable[[list[Document]], None]

# Fields that readers provide before any stage runs.
READER_FIELDS = frozenset({"raw", "source", "record", "kind"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str
    batch: BatchFunc | None = None

    def __call__(self, doc: Document) -> Document:
        return self.func(doc)


_REGISTRY: dict[str, Stage] = {}


def stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    batch: BatchFunc | None = None,
) -> Callable[[StageFunc], StageFunc]:
    """Register ``func`` as a pipeline stage called ``name`` (``batch``: the
    same work for a list of documents, see the module docstring)."""

    def register(func: StageFunc) -> StageFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"stage {name!r} is registered twice")
        _REGISTRY[name] = Stage(
            name, func, tuple(requires), tuple(assigns), (func.__doc__ or "").strip(), batch
        )
        return func

    return register


def registered() -> dict[str, Stage]:
    """All registered stages by name (importing the built-in ones first)."""
    from . import stages  # noqa: F401  (registers the built-in stages)

    return dict(_REGISTRY)


def get_stage(name: str) -> Stage:
    stages = registered()
    try:
        return stages[name]
    except KeyError:
        known = ", ".join(sorted(stages))
        raise PipelineError(f"unknown stage {name!r}; known stages: {known}") from None


# The default analysis: from raw input to a clean, dated, attributed article.
DEFAULT_STAGES = (
    "marsad.decode.v1",
    "marsad.extract.v1",
    "marsad.quality.v1",
    "marsad.language.v1",
    "marsad.segment.v1",
    "marsad.agencies.v1",
    "marsad.entities.v1",
    "marsad.dates.v1",
    "marsad.quantities.v1",
    "marsad.quotes.v1",
    "marsad.events.v1",
)


class _Collector:
    """Keeps Python's cyclic garbage collector off the loaded models.

    Analysis allocates many small objects, so the collector runs often, and
    its full passes walk every object alive: the models, word lists and word
    caches (0.1-0.2 s each, and the growing caches trigger one every 70
    SaudiNewsNet articles or so).  After the first documents
    (the models are loaded by then) and then every ``every`` documents,
    everything alive is collected once and frozen (``gc.freeze``): the
    collector then walks only what came after.  Unfreezing first each time
    lets cycles that became garbage in the meantime be collected then."""

    def __init__(self, first: int = 64, every: int = 4096) -> None:
        self.every = every
        self.since = 0
        self.due = first

    def tick(self, documents: int) -> None:
        self.since += documents
        if self.since >= self.due:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.since, self.due = 0, self.every


_COLLECTOR = _Collector()

# Documents a batch stage sees at once in :meth:`Pipeline.run`: enough that
# per-call costs spread thin, few enough that results stream out.
BATCH_SIZE = 32


class Pipeline:
    """An ordered list of stages, checked when built."""

    def __init__(self, names: Iterable[str] = DEFAULT_STAGES) -> None:
        self.stages = [get_stage(n) for n in names]
        available = set(READER_FIELDS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {st.name} requires {', '.join(missing)}, "
                    "which no earlier stage assigns"
                )
            available.update(st.assigns)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        return self.run_batch([doc])[0]

    def run_batch(self, docs: list[Document]) -> list[Document]:
        """Each of ``docs`` through every stage.  A stage with a batch
        function gets all the documents still going at once; between such
        stages each document goes through its run of stages on its own (the
        stages of one document share caches: the facts stages read one
        article's words once)."""
        for stages, batch in self._runs:
            for i, d in enumerate(docs):
                for st in stages:
                    if d.rejected:
                        break
                    d = docs[i] = self._apply(st, d)
            if batch is not None:
                self._apply_batch(batch, docs)
        for d in docs:
            # The raw input has served its purpose; do not carry it around.
            d.raw = None
            d.content = None
        _COLLECTOR.tick(len(docs))
        return docs

    @functools.cached_property
    def _runs(self) -> list[tuple[list[Stage], Stage | None]]:
        """The stages as runs of per-document stages, each ended by a batch stage (or the end)."""
        runs: list[tuple[list[Stage], Stage | None]] = []
        current: list[Stage] = []
        for st in self.stages:
            if st.batch is None:
                current.append(st)
            else:
                runs.append((current, st))
                current = []
        runs.append((current, None))
        return runs

    def _apply_batch(self, st: Stage, docs: list[Document]) -> None:
        live = [d for d in docs if not d.rejected]
        if len(live) > 1:
            try:
                st.batch(live)  # type: ignore[misc]
            except Exception:  # find the document that fails: one at a time
                log.debug("batch of stage %s failed\n%s", st.name, traceback.format_exc())
            else:
                for d in live:
                    if d.rejection is None:
                        d.done.append(st.name)
                return
        for i, d in enumerate(docs):
            if not d.rejected:
                docs[i] = self._apply(st, d)

    @staticmethod
    def _apply(st: Stage, doc: Document) -> Document:
        try:
            doc = st(doc)
        except Exception as exc:  # a bug, not bad input: keep the batch going
            log.debug("stage %s failed on %s\n%s", st.name, doc.name, traceback.format_exc())
            doc.reject(st.name, "internal-error", f"{type(exc).__name__}: {exc}")
            return doc
        if doc.rejection is None:
            doc.done.append(st.name)
        return doc

    def run(
        self, docs: Iterable[Document], stats: "RunStats | None" = None, batch_size: int = BATCH_SIZE
    ) -> Iterator[Document]:
        """Analyzed ``docs`` in input order, ``batch_size`` at a time."""
        chunk: list[Document] = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= batch_size:
                yield from self._counted(chunk, stats)
                chunk = []
        if chunk:
            yield from self._counted(chunk, stats)

    def _counted(self, chunk: list[Document], stats: "RunStats | None") -> list[Document]:
        done = self.run_batch(chunk)
        if stats is not None:
            for doc in done:
                stats.count(doc)
        return done


class RunStats:
    """Counts of analyzed and rejected documents, rejections by reason."""

    def __init__(self) -> None:
        self.ok = 0
        self.reasons: Counter[str] = Counter()

    def count(self, doc: Document) -> None:
        if doc.rejection is None:
            self.ok += 1
        else:
            self.reasons[doc.rejection.reason] += 1

    @property
    def rejected(self) -> int:
        return sum(self.reasons.values())

    def summary(self) -> str:
        parts = [f"{self.ok} analyzed", f"{self.rejected} rejected"]
        if self.reasons:
            parts.append(
                "(" + ", ".join(f"{r}: {n}" for r, n in self.reasons.most_common()) + ")"
            )
        return " ".join(parts)
