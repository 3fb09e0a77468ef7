"""What hangs off a matter: timeline entries, links between matters, attachments."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from naij_tracker.db.models import (
    MAX_ATTACHMENT_BYTES,
    Attachment,
    FlraCase,
    Grievance,
    Matter,
    MatterLink,
    TimelineEntry,
)
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import kinds as k
from naij_tracker.domain.fields import reference
from naij_tracker.domain.file_names import safe_file_name
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.domain.validation import FieldError, ValidationError, clean_text
from naij_tracker.services import history
from naij_tracker.services.matters import NotFound
from naij_tracker.services.settings import acting_user

grievance_t = Grievance.__table__
flra_t = FlraCase.__table__
matter_t = Matter.__table__


class AttachmentTooLarge(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class TimelineItem:
    id: int
    occurred_on: date
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class LinkItem:
    link_id: int
    relation: str
    #: "outgoing" when this matter is the link's source, "incoming" otherwise.
    direction: str
    other_id: int
    other_kind: MatterKind
    other_reference: str
    other_title: str

    @property
    def relation_label(self) -> str:
        label = k.label_of(k.LINK_RELATIONS, self.relation)
        return label if self.direction == "outgoing" else f"{label} (from the other side)"


@dataclass(frozen=True, slots=True)
class AttachmentItem:
    id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_at: datetime


def matter_reference(session: Session, matter_id: int) -> tuple[MatterKind, str, str]:
    row = session.execute(
        select(matter_t.c.kind, matter_t.c.title, grievance_t.c.grievance_number, flra_t.c.case_number)
        .outerjoin(grievance_t, grievance_t.c.id == matter_t.c.id)
        .outerjoin(flra_t, flra_t.c.id == matter_t.c.id)
        .where(matter_t.c.id == matter_id)
    ).first()
    if row is None:
        raise NotFound(f"There is no matter {matter_id}.")
    kind = MatterKind(row[0])
    return kind, reference(kind, matter_id, row[2] or row[3]), row[1]


class RelatedService:
    def __init__(self, db: Database, who: str | None = None) -> None:
        self.db = db
        self.who = who or acting_user(db)

    # -- timeline ----------------------------------------------------------------------------

    def add_timeline(self, matter_id: int, occurred_on: date, text: str,
                     kind: str = "note") -> int:
        text = clean_text(text)
        errors = []
        if not text:
            errors.append(FieldError("text", "Write what happened."))
        if kind not in k.codes(k.TIMELINE_KINDS):
            errors.append(FieldError("kind", "Choose the kind of entry."))
        if errors:
            raise ValidationError(errors)
        with self.db.sessions.begin() as session:
            _, ref, _ = matter_reference(session, matter_id)
            entry = TimelineEntry(matter_id=matter_id, occurred_on=occurred_on, entry_kind=kind,
                                  text=text, created_at=clock.now())
            session.add(entry)
            session.flush()
            history.record(session, who=self.who, action="create", entity="timeline",
                           entity_id=entry.id, matter_id=matter_id,
                           summary=f"Timeline on {ref}: {text[:80]}",
                           changes={"occurred_on": [None, occurred_on.isoformat()],
                                    "text": [None, text]})
            return entry.id

    def timeline(self, matter_id: int) -> list[TimelineItem]:
        with self.db.sessions() as session:
            rows = session.scalars(select(TimelineEntry).where(TimelineEntry.matter_id == matter_id)
                                   .order_by(TimelineEntry.occurred_on.desc(),
                                             TimelineEntry.id.desc()))
            return [TimelineItem(t.id, t.occurred_on, t.entry_kind, t.text) for t in rows]

    def delete_timeline(self, entry_id: int) -> None:
        with self.db.sessions.begin() as session:
            entry = session.get(TimelineEntry, entry_id)
            if entry is None:
                raise NotFound("That timeline entry no longer exists.")
            history.record(session, who=self.who, action="delete", entity="timeline",
                           entity_id=entry_id, matter_id=entry.matter_id,
                           summary=f"Removed timeline entry: {entry.text[:80]}",
                           changes={"text": [entry.text, None]})
            session.delete(entry)

    # -- links -------------------------------------------------------------------------------

    def link(self, from_id: int, to_id: int, relation: str = "related",
             note: str | None = None) -> int:
        if from_id == to_id:
            raise ValidationError([FieldError("to_matter_id", "A matter cannot link to itself.")])
        if relation not in k.codes(k.LINK_RELATIONS):
            raise ValidationError([FieldError("relation", "Choose how the matters relate.")])
        with self.db.sessions.begin() as session:
            _, ref_a, _ = matter_reference(session, from_id)
            _, ref_b, _ = matter_reference(session, to_id)
            exists = session.scalar(select(MatterLink.id).where(
                or_((MatterLink.from_matter_id == from_id) & (MatterLink.to_matter_id == to_id),
                    (MatterLink.from_matter_id == to_id) & (MatterLink.to_matter_id == from_id)),
                MatterLink.relation == relation))
            if exists:
                raise ValidationError([FieldError("to_matter_id",
                                                  f"{ref_a} and {ref_b} are already linked.")])
            link = MatterLink(from_matter_id=from_id, to_matter_id=to_id, relation=relation,
                              note=note, created_at=clock.now())
            session.add(link)
            session.flush()
            for mid in (from_id, to_id):
                history.record(session, who=self.who, action="create", entity="link",
                               entity_id=link.id, matter_id=mid,
                               summary=f"Linked {ref_a} → {ref_b} "
                                       f"({k.label_of(k.LINK_RELATIONS, relation).lower()})")
            return link.id

    def links(self, matter_id: int) -> list[LinkItem]:
        with self.db.sessions() as session:
            rows = session.scalars(select(MatterLink).where(or_(
                MatterLink.from_matter_id == matter_id, MatterLink.to_matter_id == matter_id)))
            items = []
            for link in rows:
                outgoing = link.from_matter_id == matter_id
                other = link.to_matter_id if outgoing else link.from_matter_id
                kind, ref, title = matter_reference(session, other)
                items.append(LinkItem(link.id, link.relation,
                                      "outgoing" if outgoing else "incoming",
                                      other, kind, ref, title))
            return items

    def unlink(self, link_id: int) -> None:
        with self.db.sessions.begin() as session:
            link = session.get(MatterLink, link_id)
            if link is None:
                raise NotFound("That link no longer exists.")
            for mid in (link.from_matter_id, link.to_matter_id):
                history.record(session, who=self.who, action="delete", entity="link",
                               entity_id=link_id, matter_id=mid, summary="Removed a link")
            session.delete(link)

    # -- attachments -------------------------------------------------------------------------

    def attach(self, matter_id: int, file_name: str, content: bytes,
               media_type: str | None = None) -> int:
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise AttachmentTooLarge(
                f"{file_name} is {len(content) / 1_048_576:.1f} MB; attachments are limited to "
                f"{MAX_ATTACHMENT_BYTES // 1_048_576} MB. Keep large files elsewhere and link "
                "to them in a timeline note.")
        name = safe_file_name(file_name)
        media = media_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        digest = hashlib.sha256(content).hexdigest()
        with self.db.sessions.begin() as session:
            _, ref, _ = matter_reference(session, matter_id)
            att = Attachment(matter_id=matter_id, file_name=name, media_type=media, sha256=digest,
                             size=len(content), content=content, added_at=clock.now())
            session.add(att)
            session.flush()
            history.record(session, who=self.who, action="create", entity="attachment",
                           entity_id=att.id, matter_id=matter_id,
                           summary=f"Attached {name} to {ref}",
                           changes={"file_name": [None, name], "sha256": [None, digest]})
            return att.id

    def attach_file(self, matter_id: int, path: Path) -> int:
        try:
            size = path.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise AttachmentTooLarge(
                    f"{path.name} is {size / 1_048_576:.1f} MB; attachments are limited to "
                    f"{MAX_ATTACHMENT_BYTES // 1_048_576} MB.")
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError([FieldError("file", f"Cannot read {path}: {exc.strerror}")]) \
                from exc
        return self.attach(matter_id, path.name, data)

    def attachments(self, matter_id: int) -> list[AttachmentItem]:
        with self.db.sessions() as session:
            rows = session.execute(
                select(Attachment.id, Attachment.file_name, Attachment.media_type, Attachment.size,
                       Attachment.sha256, Attachment.added_at)
                .where(Attachment.matter_id == matter_id).order_by(Attachment.added_at))
            # A name from a file made elsewhere is data, never a path (domain.file_names).
            return [AttachmentItem(row[0], safe_file_name(row[1]), *row[2:]) for row in rows]

    def attachment_content(self, attachment_id: int) -> tuple[str, bytes]:
        with self.db.sessions() as session:
            row = session.execute(select(Attachment.file_name, Attachment.content)
                                  .where(Attachment.id == attachment_id)).first()
            if row is None:
                raise NotFound("That attachment no longer exists.")
            return safe_file_name(row[0]), row[1]

    def remove_attachment(self, attachment_id: int) -> None:
        with self.db.sessions.begin() as session:
            att = session.get(Attachment, attachment_id)
            if att is None:
                raise NotFound("That attachment no longer exists.")
            history.record(session, who=self.who, action="delete", entity="attachment",
                           entity_id=attachment_id, matter_id=att.matter_id,
                           summary=f"Removed attachment {att.file_name}",
                           changes={"file_name": [att.file_name, None]})
            session.delete(att)


def private_copy(root: Path, attachment_id: int, name: str, content: bytes) -> Path:
    """Write an attachment as ``root/<id>/<name>`` for the system's viewer, and return the path.

    ``name`` is reduced to a safe base name first (``domain.file_names``): whatever the database
    says, the copy lands inside ``root``. Folders are made readable by the user only (0700),
    the file too (0600), and an existing entry of that name (even a planted link) is replaced,
    never followed.
    """
    root = Path(root)
    folder = root / str(int(attachment_id))
    target = folder / safe_file_name(name)
    if target.parent != folder:  # cannot happen with a safe name; never write elsewhere
        raise ValueError(f"unsafe attachment name {name!r}")
    for made in (root, folder):
        made.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(made, 0o700)
    if target.is_symlink() or target.exists():
        target.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return target
