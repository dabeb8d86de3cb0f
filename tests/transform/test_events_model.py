"""The event's contract shape (DESIGN.md "Event contract")."""

from __future__ import annotations

from datetime import date

from flows.transform.events.model import Event, Participant


def test_to_contract_has_exactly_the_contract_fields() -> None:
    event = Event(
        type="meeting", status="held", date=date(2026, 2, 10), date_precision="reported",
        city="Riga", country="LV", evidence="...", evidence_start=0, evidence_end=3,
        participants=[Participant("Даурен Карипов", "kazakh", "Посол", None, "dauren karpov")],
        organizations=["ООН"],
    )  # fmt: skip
    contract = event.to_contract()
    assert set(contract) == {
        "type", "status", "date", "date_precision", "city", "country", "participants",
        "organizations", "evidence",
    }  # fmt: skip
    assert contract["date"] == "2026-02-10"
    assert contract["participants"] == [
        {"name": "Даурен Карипов", "role": "kazakh", "position": "Посол", "organization": None}
    ]
