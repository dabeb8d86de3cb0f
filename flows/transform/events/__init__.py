"""Diplomatic events from MFA releases: `extract_events(article) -> list[Event]`.

The package splits an article into the events it reports (segment), types them (typing),
finds who took part (entities, names), where (places, gazetteer) and when (dates), and keeps
each event's evidence span. `EXTRACTOR_VERSION` is stored on every warehouse row: bump it
whenever the output for some article can change.
"""

from __future__ import annotations

from flows.transform.events.extract import EXTRACTOR_VERSION, extract_events, extract_events_many
from flows.transform.events.model import Event, Participant

__all__ = [
    "EXTRACTOR_VERSION",
    "Event",
    "Participant",
    "extract_events",
    "extract_events_many",
]
