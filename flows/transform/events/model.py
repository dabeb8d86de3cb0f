"""The event and its participants as the extractor returns them, and their contract shape.

The warehouse stores more than the `mfa-watch extract` contract shows (the evidence span, the
name key), so the dataclasses carry both and `to_contract()` cuts the DESIGN.md EVENT shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

EVENT_TYPES = (
    "meeting", "phone_call", "visit", "multilateral", "conference", "briefing", "cultural",
    "summons", "other",
)  # fmt: skip
STATUSES = ("held", "announced")
ROLES = ("kazakh", "counterpart")


@dataclass
class Participant:
    name: str  # nominative, in the article's language and script
    role: str  # kazakh | counterpart
    position: str | None = None
    organization: str | None = None
    name_key: str = ""  # names.name_key(name): one person across scripts and cases

    def to_contract(self) -> dict[str, Any]:
        """The contract's participant object."""
        return {
            "name": self.name,
            "role": self.role,
            "position": self.position,
            "organization": self.organization,
        }


@dataclass
class Event:
    type: str
    status: str
    date: date | None
    date_precision: str | None  # day | reported
    city: str | None
    country: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    participants: list[Participant] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """Exactly the DESIGN.md EVENT object."""
        return {
            "type": self.type,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "city": self.city,
            "country": self.country,
            "participants": [p.to_contract() for p in self.participants],
            "organizations": list(self.organizations),
            "evidence": self.evidence,
        }
