"""The metrics catalogue (targets, units, periods, effective and suspended dates, sources) and
each metric's disputes. A metric no dispute is about can be deleted; one that disputes are about
is suspended instead."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import FieldSpec, FieldType
from naij_tracker.domain.validation import FieldError
from naij_tracker.services.people import METRIC_FIELDS, MetricRow
from naij_tracker.ui.catalogue_view import CatalogueView, MatterLine
from naij_tracker.ui.changes import Change
from naij_tracker.ui.context import AppContext
from naij_tracker.ui.record_table import Column, display
from naij_tracker.ui.tasks import TaskRunner

METRIC_SPECS = (
    FieldSpec("name", "Name", required=True, max_length=200),
    FieldSpec("target", "Target", FieldType.NUMBER),
    FieldSpec("unit", "Unit", max_length=60,
              suggestions=("completions", "days", "percent", "cases")),
    FieldSpec("period", "Period", max_length=60,
              suggestions=("per year", "per quarter", "per month", "per case")),
    FieldSpec("effective_on", "Effective", FieldType.DATE),
    FieldSpec("suspended_on", "Suspended", FieldType.DATE),
    FieldSpec("source", "Source", help="The memo or policy that set the metric."),
    FieldSpec("description", "Description", FieldType.LONGTEXT),
)


def _state(m: MetricRow) -> str:
    if m.suspended_on is not None:
        return f"suspended {m.suspended_on.isoformat()}"
    if m.effective_on is not None:
        return f"effective {m.effective_on.isoformat()}"
    return ""


class MetricsView(CatalogueView):
    """The metrics catalogue with add/edit/delete and each metric's disputes."""

    noun = "metric"
    matters_heading = "Disputes over this metric"
    specs = METRIC_SPECS
    columns = (
        Column("Metric", lambda m: m.name, lambda m: m.description),
        Column("Target", lambda m: display(m.target), align_right=True),
        Column("Unit", lambda m: m.unit),
        Column("Period", lambda m: m.period),
        Column("In force", _state, foreground=lambda m: "#6b6b6b" if m.suspended_on else None),
        Column("Source", lambda m: m.source, lambda m: m.source),
        Column("Disputes", lambda m: m.disputes or "", align_right=True),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(ctx, parent, runner=runner)
        for col, width in enumerate((200, 56, 110, 80, 140, 140)):
            self.view.setColumnWidth(col, width)

    def fetch(self, text_filter: str) -> list[MetricRow]:
        words = text_filter.lower().split()
        rows = self.ctx.people.metrics()
        return [m for m in rows
                if all(w in f"{m.name} {m.source or ''} {m.unit or ''}".lower() for w in words)]

    def remove(self, record_id: int) -> None:
        self.ctx.people.delete_metric(record_id)

    def values_of(self, record: MetricRow) -> dict[str, Any]:
        return {name: getattr(record, name) for name in METRIC_FIELDS}

    def check(self, values: dict[str, Any]) -> list[FieldError]:
        errors = []
        if not values.get("name"):
            errors.append(FieldError("name", "Name is required."))
        if isinstance(values.get("target"), str):
            errors.append(FieldError("target", "Target must be a number."))
        start, end = values.get("effective_on"), values.get("suspended_on")
        if start and end and end < start:
            errors.append(FieldError("suspended_on", "Suspended must be on or after Effective."))
        return errors

    def create_record(self, values: dict[str, Any]) -> int:
        return self.ctx.people.create_metric(values)

    def update_record(self, record_id: int, values: dict[str, Any],
                      expected_version: int | None) -> None:
        self.ctx.people.update_metric(record_id, values, expected_version=expected_version)

    def written(self) -> Change:
        return Change.of_metrics("metrics")

    def matters_of(self, record_id: int) -> list[MatterLine]:
        return [(mid, "Metric dispute", title,
                 k.label_of(k.METRIC_DISPUTE_STATUSES, status))
                for mid, title, status in self.ctx.people.metric_disputes(record_id)]
