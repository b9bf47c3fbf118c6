"""Entity-level scores, as conlleval counts them: an entity is right only
when its span and its type both match the gold one exactly."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .conll import entity_spans


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_entities(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, Score]:
    """``{"ALL": micro, TYPE: per type}`` over ``(gold_tags, predicted_tags)`` sentences."""
    counts: dict[str, Counter[str]] = {}
    for gold, pred in pairs:
        g = set(entity_spans(gold))
        p = set(entity_spans(pred))
        for span in g | p:
            c = counts.setdefault(span[2], Counter())
            c["tp" if span in g and span in p else "fn" if span in g else "fp"] += 1
    scores = {kind: Score(c["tp"], c["fp"], c["fn"]) for kind, c in sorted(counts.items())}
    scores["ALL"] = Score(
        sum(s.tp for s in scores.values()), sum(s.fp for s in scores.values()), sum(s.fn for s in scores.values())
    )
    return scores


def format_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for kind in [k for k in scores if k != "ALL"] + ["ALL"]:
        s = scores[kind]
        lines.append(
            f"{kind if kind != 'ALL' else 'micro':<6} {s.precision:6.4f} {s.recall:6.4f} {s.f1:6.4f} {s.tp + s.fn:6d} {s.tp + s.fp:6d}"
        )
    return "\n".join(lines)
