"""The packet dialog's background work: collect the data and lay out the PDF on a worker
thread (``TaskRunner``), touching no widget; a redaction that finds a name left is a known
refusal (``StorageError``), not a bug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naij_tracker.db.opening import Database
from naij_tracker.services.packet_source import PacketSelection
from naij_tracker.ui.tasks import Cancelled, TaskControl


@dataclass(frozen=True, slots=True)
class GeneratedPacket:
    """What the worker hands back: the PDF and its size."""

    path: Path
    pages: int
    matters: int


def generate_packet(db: Database, selection: PacketSelection, out: Path,
                    control: TaskControl) -> GeneratedPacket:
    """Collect and render a packet (runs on the worker thread; touches no widget)."""
    from naij_tracker.db.errors import StorageError
    from naij_tracker.reports.packet import PacketCancelled, RedactionLeak, build_packet
    from naij_tracker.services.packet_source import collect_packet

    control.progress(0, 0, "Gathering the matters…")
    data = collect_packet(db, selection)
    control.check()

    def progress(done: int, total: int) -> None:
        control.progress(done, total, "Laying out the pages…" if done < total else
                         "Checking that no member's name is left…" if data.options.redact
                         else "Finishing…")

    try:
        result = build_packet(data, out, progress=progress, cancelled=lambda: control.cancelled)
    except PacketCancelled:
        raise Cancelled() from None
    except RedactionLeak as exc:  # a known refusal, told in one line, not a bug
        raise StorageError(str(exc)) from None
    return GeneratedPacket(out, result.pages, result.matters)
