"""Quote and Event: the fact annotations of an article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..doc import Span


@dataclass(slots=True)
class Quote:
    """What someone said: ``span`` is the quoted words (direct, without the
    marks) or the reported clause (indirect)."""

    kind: str  # "direct" or "indirect"
    span: Span
    speaker: str | None = None  # entity id
    speaker_name: str | None = None  # as the article names the speaker here
    cue: Span | None = None  # the speech verb

    def as_dict(self, text: str) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "kind": self.kind,
            "text": text[self.span.start : self.span.end],
            "start": self.span.start,
            "end": self.span.end,
        }


@dataclass(slots=True)
class Event:
    """Something that happened: a meeting, visit, agreement, statement,
    election or attack.  ``span`` is the sentence telling it; None for an
    event only the headline tells (``in_title``)."""

    type: str
    span: Span | None
    trigger: str
    participants: list[str] = field(default_factory=list)  # entity ids
    place: str | None = None  # entity id
    date: str | None = None  # ISO day
    in_title: bool = False

    def as_dict(self, text: str, title: str | None = None) -> dict[str, Any]:
        if self.span is not None:
            sentence, start, end = text[self.span.start : self.span.end], self.span.start, self.span.end
        else:
            sentence, start, end = title or "", None, None
        return {
            "type": self.type,
            "participants": list(self.participants),
            "place": self.place,
            "date": self.date,
            "trigger": self.trigger,
            "text": sentence,
            "start": start,
            "end": end,
            "in_title": self.in_title,
        }
