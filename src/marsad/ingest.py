"""``marsad ingest``: read inputs, analyze them in parallel, store them.

The main process reads (files, archives, URLs, feeds) and writes (one
SQLite writer); worker processes run the analysis pipeline and compute what
the index needs (:func:`marsad.store.prepare`).  Inputs an earlier run
stored are skipped before analysis (their URL and bytes are remembered), so
a rerun adds nothing and a run killed half-way finishes the rest.  Articles
are committed in batches: a crash loses at most the batch being written,
never part of an article.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .doc import Document
from .pipeline import Pipeline
from .store import Prepared, input_hash, prepare

__all__ = ["IngestStats", "ingest", "default_workers"]

CHUNK = 16  # documents sent to a worker at a time
SMALL_BATCH = 64  # fewer inputs than this are analyzed in the main process


@dataclass
class IngestStats:
    outcomes: Counter[str] = field(default_factory=Counter)  # added, updated, alias, ...
    reasons: Counter[str] = field(default_factory=Counter)  # rejections by reason
    skipped: int = 0  # stored by an earlier run: not analyzed again
    started: float = field(default_factory=time.monotonic)

    @property
    def inputs(self) -> int:
        return sum(self.outcomes.values()) + self.skipped

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def stored(self) -> int:
        return self.outcomes["added"] + self.outcomes["updated"] + self.outcomes["near-duplicate"]

    def summary(self) -> str:
        rate = self.inputs / self.elapsed if self.elapsed > 0 else 0.0
        parts = [f"{self.inputs} inputs in {self.elapsed:.1f} s ({rate:.0f}/s)"]
        names = ("added", "updated", "near-duplicate", "alias", "unchanged", "rejected")
        parts.append(", ".join(f"{self.outcomes[n]} {n}" for n in names))
        line = ": ".join(parts)
        if self.reasons:
            line += " (" + ", ".join(f"{r}: {n}" for r, n in self.reasons.most_common()) + ")"
        if self.skipped:
            line += f"; {self.skipped} skipped, stored by an earlier run"
        return line


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# --- the worker side ---------------------------------------------------------

_PIPELINE: Pipeline | None = None


def _pipeline() -> Pipeline:
    global _PIPELINE
    if _PIPELINE is None:
        from .api import default_pipeline

        _PIPELINE = default_pipeline()
    return _PIPELINE


def _prepare(key: bytes | None, doc: Document) -> Prepared:
    try:
        return prepare(doc, key)
    except Exception as exc:  # a bug must not end the batch: the input is counted and reported
        return Prepared(key, doc.name, rejection={"stage": "ingest", "reason": "internal-error", "message": f"{type(exc).__name__}: {exc}"})


def _analyze_one(key: bytes | None, doc: Document) -> Prepared:
    return _analyze_chunk([(key, doc)])[0]


def _analyze_chunk(chunk: list[tuple[bytes | None, Document]]) -> list[Prepared]:
    """A chunk analyzed together (the pipeline's batch stages see it whole)."""
    live = [doc for _, doc in chunk if doc.rejection is None]
    try:
        _pipeline().run_batch(live)
    except Exception as exc:  # the pipeline turns stage failures into rejections; this is worse
        for doc in live:
            doc.reject("ingest", "internal-error", f"{type(exc).__name__}: {exc}")
    return [_prepare(key, doc) for key, doc in chunk]


# --- the main side -------------------------------------------------------------


def _chunks(items: Iterable[tuple[bytes | None, Document]], size: int) -> Iterator[list[tuple[bytes | None, Document]]]:
    chunk: list[tuple[bytes | None, Document]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _analyzed(
    items: Iterable[tuple[bytes | None, Document]], workers: int
) -> Iterator[Prepared]:
    """Prepared inputs in input order, analyzed by ``workers`` processes
    (inline for one), with a bounded number of chunks in flight."""
    if workers > 1:
        # A few inputs are analyzed here: starting workers (each loads the
        # models) costs more than it saves below SMALL_BATCH inputs.
        items = iter(items)
        head = list(itertools.islice(items, SMALL_BATCH))
        if len(head) < SMALL_BATCH:
            workers = 1
        items = itertools.chain(head, items)
    if workers <= 1:
        for chunk in _chunks(items, CHUNK):
            yield from _analyze_chunk(chunk)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(workers) as pool:
        pending: deque = deque()
        for chunk in _chunks(items, CHUNK):
            pending.append(pool.apply_async(_analyze_chunk, (chunk,)))
            if len(pending) >= workers * 4:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def ingest(
    inputs: Iterable[str],
    store,  # marsad.store.Store
    *,
    workers: int | None = None,
    reanalyze: bool = False,
    client=None,  # httpx.Client for URLs and feeds (tests inject one)
    max_bytes: int | None = None,
    on_result: Callable[[Prepared, str, IngestStats], None] | None = None,
    commit_every: int = 200,
) -> IngestStats:
    """Read, analyze and store ``inputs``; returns the counts.  Bad inputs
    are counted by reason (and kept in the ``rejections`` table); the run
    goes on."""
    from .readers import DEFAULT_MAX_BYTES, read_inputs

    stats = IngestStats()
    docs = read_inputs(inputs, client=client, max_bytes=max_bytes or DEFAULT_MAX_BYTES)

    def fresh() -> Iterator[tuple[bytes | None, Document]]:
        for doc in docs:
            key = input_hash(doc)  # None when nothing was read (a failed fetch): tried again next run
            if not reanalyze and store.seen(key):
                stats.skipped += 1
                if on_result is not None:
                    on_result(Prepared(key, doc.name), "skipped", stats)
                continue
            yield key, doc

    try:
        for prepared in _analyzed(fresh(), workers or default_workers()):
            outcome, _ = store.add(prepared)
            stats.outcomes[outcome] += 1
            if prepared.rejection is not None:
                stats.reasons[prepared.rejection["reason"]] += 1
            store.maybe_commit(commit_every)
            if on_result is not None:
                on_result(prepared, outcome, stats)
    finally:
        store.commit()
    return stats
