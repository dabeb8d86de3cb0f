"""deploy/prefect.yaml and the alert automation: the same deployments `mfa-watch serve` serves.

The work-pool deployments and the served ones are declared twice (YAML for `prefect deploy`,
Python for `serve`); these tests make the two impossible to drift apart, and check that every
schedule is a cron Prefect accepts, in a real time zone.
"""

from __future__ import annotations

import importlib
import json
import re
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from flows.deployments import FIRST_RUN_DAYS, SCHEDULES, TIMEZONE

ROOT = Path(__file__).resolve().parents[2]
PREFECT_YAML = ROOT / "deploy" / "prefect.yaml"
AUTOMATION = ROOT / "deploy" / "automations" / "mfa-etl-alert.json"
POOL = "mfa-watch"
ENTRYPOINT = "flows/pipeline.py:mfa_etl"
BLOCK_PLACEHOLDER = "NOTIFICATION_BLOCK_ID"
# Standard five-field cron: minute, hour, day of month, month, day of week (0 and 7 = Sunday).
CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
CRON_PART = re.compile(r"^(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$")


def load_yaml() -> dict[str, Any]:
    data = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def yaml_deployments() -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in load_yaml()["deployments"]}


def cron_errors(expr: str) -> list[str]:
    """What is wrong with a five-field cron expression (empty when it is valid)."""
    fields = expr.split()
    if len(fields) != len(CRON_RANGES):
        return [f"{len(fields)} fields, not 5"]
    errors = []
    for field, (low, high) in zip(fields, CRON_RANGES, strict=True):
        for part in field.split(","):
            m = CRON_PART.match(part)
            if not m:
                errors.append(f"bad part {part!r}")
                continue
            numbers = [int(g) for g in (m.group(2), m.group(3)) if g is not None]
            if any(not low <= n <= high for n in numbers):
                errors.append(f"{part!r} outside {low}-{high}")
            if m.group(4) is not None and int(m.group(4)) == 0:
                errors.append(f"step 0 in {part!r}")
    return errors


def test_cron_checker_rejects_what_cron_rejects() -> None:
    assert cron_errors("5 * * * *") == []
    assert cron_errors("*/30 * * * 1-5") == []
    assert cron_errors("0 9,18 1 */2 7") == []
    assert cron_errors("61 * * * *") == ["'61' outside 0-59"]
    assert cron_errors("* 24 * * *") == ["'24' outside 0-23"]
    assert cron_errors("*/0 * * * *") == ["step 0 in '*/0'"]
    assert cron_errors("* * * *") == ["4 fields, not 5"]
    assert cron_errors("0 0 * * * 2027") == ["6 fields, not 5"]
    assert cron_errors("@hourly * * * *") == ["bad part '@hourly'"]


def test_prefect_yaml_declares_exactly_the_served_schedules_in_order() -> None:
    expected = [s.name for s in SCHEDULES if s.sources]
    assert [d["name"] for d in load_yaml()["deployments"]] == expected


@pytest.mark.parametrize("schedule", [s for s in SCHEDULES if s.sources], ids=lambda s: s.name)
def test_each_deployment_matches_its_schedule_field_by_field(schedule: Any) -> None:
    d = yaml_deployments()[schedule.name]
    assert d["entrypoint"] == ENTRYPOINT
    assert d["description"] == schedule.description
    assert d["tags"] == ["mfa-watch"]
    assert d["parameters"] == {
        "sources": list(schedule.sources),
        "first_run_days": FIRST_RUN_DAYS,  # a first scheduled run never pages a whole archive
    }
    assert d["schedules"] == [{"cron": schedule.cron, "timezone": TIMEZONE, "active": True}]
    assert d["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}
    assert d["work_pool"] == {"name": POOL}


def test_no_deployment_pins_a_working_directory_of_one_machine() -> None:
    # Without a pull step, `prefect deploy` records the folder it runs in (/app in the image,
    # the checkout on a VM); a fixed path here would break one of the two.
    data = load_yaml()
    assert "pull" not in data
    assert all("pull" not in d for d in data["deployments"])
    assert data["build"] is None and data["push"] is None


@pytest.mark.parametrize("schedule", [s for s in SCHEDULES if s.sources], ids=lambda s: s.name)
def test_each_cron_is_valid_in_a_real_time_zone(schedule: Any) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    for entry in yaml_deployments()[schedule.name]["schedules"]:
        assert cron_errors(entry["cron"]) == []
        ZoneInfo(entry["timezone"])  # raises for an unknown zone
        CronSchedule(cron=entry["cron"], timezone=entry["timezone"])  # Prefect's own check


def test_the_entrypoint_names_the_mfa_etl_flow() -> None:
    path, func = ENTRYPOINT.split(":")
    assert (ROOT / path).is_file()
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, func)
    assert flow.name == "mfa-etl"


@pytest.mark.slow
def test_prefect_yaml_matches_the_deployments_serve_registers() -> None:
    """The RunnerDeployments of `mfa-watch serve` against the YAML, one by one."""
    from flows.deployments import deployments

    declared = yaml_deployments()
    served = deployments()
    assert [d.name for d in served] == list(declared)
    for d in served:
        y = declared[d.name]
        assert d.entrypoint == y["entrypoint"]
        assert d.parameters == y["parameters"]
        assert d.description == y["description"]
        assert d.tags == y["tags"]
        got = [(s.schedule.cron, s.schedule.timezone, s.active) for s in d.schedules]
        assert got == [(s["cron"], s["timezone"], s["active"]) for s in y["schedules"]]
        assert d.concurrency_limit == y["concurrency_limit"]["limit"]
        assert d.concurrency_options is not None
        strategy = d.concurrency_options.collision_strategy
        assert strategy.value == y["concurrency_limit"]["collision_strategy"]


# --- the alert automation (deploy/automations/mfa-etl-alert.json) ---------------------------


def automation() -> dict[str, Any]:
    data = json.loads(AUTOMATION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_alert_watches_failed_crashed_and_needs_attention_runs_of_mfa_etl() -> None:
    from flows.pipeline import NEEDS_ATTENTION, mfa_etl

    trigger = automation()["trigger"]
    assert trigger["posture"] == "Reactive"
    assert set(trigger["expect"]) == {
        "prefect.flow-run.Failed",
        "prefect.flow-run.Crashed",
        f"prefect.flow-run.{NEEDS_ATTENTION}",
    }
    assert trigger["match"] == {"prefect.resource.id": "prefect.flow-run.*"}
    assert trigger["match_related"] == {
        "prefect.resource.role": "flow",
        "prefect.resource.name": mfa_etl.name,
    }
    assert trigger["for_each"] == ["prefect.resource.id"]
    assert trigger["threshold"] == 1


def test_the_alert_notifies_with_the_state_its_message_and_a_link() -> None:
    (action,) = automation()["actions"]
    assert action["type"] == "send-notification"
    assert action["block_document_id"] == BLOCK_PLACEHOLDER
    for placeholder in ("flow_run.state.name", "flow_run.name"):
        assert placeholder in action["subject"]
    for placeholder in ("flow_run.state.message", "flow_run|ui_url"):
        assert placeholder in action["body"]


def test_the_alert_is_a_valid_prefect_automation_once_its_block_is_filled_in() -> None:
    from prefect.events.schemas.automations import AutomationCore, EventTrigger

    text = AUTOMATION.read_text(encoding="utf-8").replace(BLOCK_PLACEHOLDER, str(uuid.uuid4()))
    parsed = AutomationCore.model_validate_json(text)
    assert isinstance(parsed.trigger, EventTrigger)
    assert parsed.enabled
