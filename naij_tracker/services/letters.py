"""Letters from the record: fill a template from a matter, keep it, and follow it up.

The GUI's Letters… dialog and ``naij-tracker letter`` both call :class:`LetterService`:

* :meth:`~LetterService.prepare` gathers the matter, its member, links and deadlines, the
  union's and officer's names (Preferences), the recipient remembered for this kind of matter
  and the free parts the officer typed, and fills the template (``naij_tracker.letters``);
* :meth:`~LetterService.save_to_matter` stores the .docx and its PDF as attachments of the
  matter, both in one transaction;
* :meth:`~LetterService.mark_sent` writes the timeline entry "Letter: <title> sent <date>" and
  adds the follow-up deadline the template declares (a configured CBA rule, else its days).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from naij_tracker.db.models import (
    MAX_ATTACHMENT_BYTES,
    Attachment,
    Deadline,
    FlraCase,
    Grievance,
    Matter,
    Setting,
)
from naij_tracker.db.opening import Database
from naij_tracker.domain import clock
from naij_tracker.domain import deadlines as engine
from naij_tracker.domain.deadlines import ComputedDeadline, DeadlineRule, PeriodUnit
from naij_tracker.domain.kinds import MatterKind
from naij_tracker.letters.fields import (
    RECIPIENT_FIELDS,
    DeadlineFact,
    LetterSource,
    LinkFact,
    build_context,
)
from naij_tracker.letters.fill import FilledLetter, fill
from naij_tracker.letters.templates import LetterTemplate, TemplateError, find_template, load_all
from naij_tracker.services import history
from naij_tracker.services.deadlines import DeadlineService
from naij_tracker.services.errors import NotFound
from naij_tracker.services.matters import MatterService
from naij_tracker.services.overview import deadline_rows
from naij_tracker.services.people import PeopleService
from naij_tracker.services.related import RelatedService, matter_reference
from naij_tracker.services.settings import acting_user, load_settings

_PREFIXES = {"B": MatterKind.BARGAINING, "FLRA": MatterKind.FLRA, "G": MatterKind.GRIEVANCE,
             "MD": MatterKind.METRIC_DISPUTE}


@dataclass
class LetterSettings:
    """Preferences ▸ Letters: where the union's templates live and how letters are signed."""

    letters_folder: str = ""
    officer_role: str = ""
    officer_email: str = ""
    officer_phone: str = ""


def default_letters_folder() -> Path:
    from platformdirs import user_data_path

    from naij_tracker.paths import APP_NAME

    return user_data_path(APP_NAME, appauthor=False) / "letters"


def load_letter_settings(db: Database) -> LetterSettings:
    names = [f for f in asdict(LetterSettings())]
    stored = dict(db.read("SELECT key, value FROM setting"))
    values = {}
    for name in names:
        if name in stored:
            try:
                values[name] = str(json.loads(stored[name]))
            except ValueError:
                continue
    return LetterSettings(**values)


def save_letter_settings(db: Database, new: LetterSettings, who: str | None = None) -> None:
    old = asdict(load_letter_settings(db))
    changes = history.diff(old, asdict(new))
    if not changes:
        return
    with db.sessions.begin() as session:
        for name in changes:
            session.merge(Setting(key=name, value=json.dumps(getattr(new, name))))
        history.record(session, who=who or acting_user(db), action="update", entity="settings",
                       summary="Letter settings changed", changes=changes)


def period_words(rule: DeadlineRule) -> str:
    """``15 calendar days``, ``10 working days``."""
    text = rule.describe_period()
    if rule.period.unit is PeriodUnit.DAYS and not rule.is_window:
        text = text.replace("day", "calendar day", 1)
    return text


def file_stem(template: LetterTemplate, ref: str, day: date) -> str:
    """``demand-to-bargain B-3 2026-12-02``: safe in a file name on every system."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", ref).strip("-") or "matter"
    return f"{template.name} {safe} {day.isoformat()}"


@dataclass(frozen=True)
class FollowUpProposal:
    deadline: ComputedDeadline
    period: str
    #: The configured rule's id when the template's rule exists, else None (the template's days).
    rule_id: str | None


class LetterService:
    def __init__(self, db: Database, who: str | None = None) -> None:
        self.db = db
        self.who = who or acting_user(db)
        self.deadlines = DeadlineService(db, self.who)

    # -- templates -----------------------------------------------------------------------------

    def union_folder(self) -> Path | None:
        folder = load_letter_settings(self.db).letters_folder.strip()
        return Path(folder).expanduser() if folder else None

    def templates(self, kind: MatterKind | str | None = None
                  ) -> tuple[list[LetterTemplate], list[str]]:
        """Usable templates (those fitting ``kind``), and a one-line problem per bad file."""
        found, problems = load_all(self.union_folder())
        if kind is not None:
            found = [t for t in found if t.fits(kind)]
        return found, problems

    def template(self, name: str) -> LetterTemplate:
        return find_template(name, self.union_folder())

    # -- recipients, remembered per kind ---------------------------------------------------------

    def recipient(self, kind: MatterKind | str) -> dict[str, str]:
        key = f"letter_recipient.{MatterKind(kind).value}"
        rows = self.db.read("SELECT value FROM setting WHERE key = :key", {"key": key})
        if rows:
            try:
                stored = json.loads(rows[0][0])
                return {n: str(stored.get(n) or "") for n, _ in RECIPIENT_FIELDS}
            except (ValueError, AttributeError):
                pass
        return {n: "" for n, _ in RECIPIENT_FIELDS}

    def remember_recipient(self, kind: MatterKind | str, recipient: dict[str, str]) -> None:
        clean = {n: (recipient.get(n) or "").strip() for n, _ in RECIPIENT_FIELDS}
        if clean == self.recipient(kind) or self.db.read_only:
            return
        with self.db.sessions.begin() as session:
            session.merge(Setting(key=f"letter_recipient.{MatterKind(kind).value}",
                                  value=json.dumps(clean)))

    # -- finding a matter by the number officers use ------------------------------------------

    def resolve_reference(self, text: str) -> int:
        """The matter id of ``2026-0202`` (grievance number), ``WA-RP-19-0067`` (FLRA case
        number) or ``B-3`` / ``G-12`` / ``FLRA-5`` / ``MD-7`` (kind and id)."""
        ref = text.strip()
        with self.db.sessions() as session:
            mid = session.scalar(select(Grievance.id).where(Grievance.grievance_number == ref))
            if mid is None:
                mid = session.scalar(select(FlraCase.id).where(
                    func.upper(FlraCase.case_number) == ref.upper()))
            if mid is None:
                m = re.fullmatch(r"(B|FLRA|G|MD)-(\d+)", ref.upper())
                if m:
                    kind = session.scalar(select(Matter.kind).where(Matter.id == int(m[2])))
                    if kind == _PREFIXES[m[1]].value:
                        mid = int(m[2])
        if mid is None:
            raise NotFound(f"no matter has the number {text}")
        return mid

    def source_kind(self, matter_id: int) -> MatterKind:
        with self.db.sessions() as session:
            return matter_reference(session, matter_id)[0]

    # -- filling ---------------------------------------------------------------------------------

    def follow_up(self, template: LetterTemplate, sent_on: date) -> FollowUpProposal | None:
        """The deadline sending ``template`` on ``sent_on`` starts, or None if it starts none."""
        fu = template.follow_up
        if fu is None:
            return None
        rules = self.deadlines.rules()
        rule_id: str | None = None
        if fu.rule_id and fu.rule_id in rules:
            rule, rule_id = rules[fu.rule_id], fu.rule_id
        elif fu.days is not None:
            citation = fu.citation or (f"{template.title} template: {fu.days} {fu.day_type} "
                                       f"day{'s' if fu.days != 1 else ''}")
            rule = engine.cba_rule("letter-follow-up", fu.title, fu.days, fu.day_type,
                                   "letter_sent", "Letter sent", citation, list(MatterKind),
                                   fu.title)
        else:
            return None
        computed = engine.compute_deadline(rule, sent_on, "personal", self.deadlines.calendar())
        return FollowUpProposal(replace(computed, title=fu.title), period_words(rule), rule_id)

    def source(self, matter_id: int, template: LetterTemplate,
               recipient: dict[str, str] | None = None, today: date | None = None
               ) -> LetterSource:
        today = today or clock.today()
        record = MatterService(self.db, self.who).get(matter_id)
        people = PeopleService(self.db, self.who)
        member = None
        member_id = record.values.get("member_id")
        if member_id is not None:
            row = people.member(member_id)
            member = {"name": row.name, "court": row.court, "email": row.email,
                      "phone": row.phone, "membership_status": row.membership_status}
        metric = None
        metric_id = record.values.get("metric_id")
        if metric_id is not None:
            for m in people.metrics():
                if m.id == metric_id:
                    metric = {"name": m.name, "target": m.target, "unit": m.unit,
                              "period": m.period, "source": m.source,
                              "description": m.description}
        links = [LinkFact(li.relation, li.other_reference, li.other_title, li.other_kind)
                 for li in RelatedService(self.db, self.who).links(matter_id)]
        rules = self.deadlines.rules()
        facts = [DeadlineFact(d.title, d.due_on, d.opens_on,
                              rules[d.rule_id].name if d.rule_id in rules else "",
                              d.citation or "", d.explanation or "", d.done_on)
                 for d in deadline_rows(self.db, matter_id=matter_id, include_done=True)]
        settings = load_settings(self.db)
        letter = load_letter_settings(self.db)
        officer = {"name": settings.officer_name, "role": letter.officer_role,
                   "email": letter.officer_email, "phone": letter.officer_phone}
        proposal = self.follow_up(template, today)
        return LetterSource(
            kind=record.kind, reference=record.reference, values=record.values, today=today,
            union_name=settings.union_name, officer=officer,
            recipient=recipient if recipient is not None else self.recipient(record.kind),
            member=member, metric=metric, links=links, deadlines=facts,
            cba_rules=[r for r in rules.values() if r.cba],
            follow_up=proposal.deadline if proposal else None,
            follow_up_period=proposal.period if proposal else "")

    def prepare(self, matter_id: int, template: LetterTemplate | str,
                fills: dict[str, str] | None = None, recipient: dict[str, str] | None = None,
                today: date | None = None) -> FilledLetter:
        """Fill ``template`` from the matter; :class:`TemplateError` if it cannot be."""
        if isinstance(template, str):
            template = self.template(template)
        src = self.source(matter_id, template, recipient, today)
        if not template.fits(src.kind):
            kinds = ", ".join(k.noun_plural for k in template.kinds)
            raise TemplateError(f"{template.path.name} is a letter for {kinds}, and "
                                f"{src.reference} is a {src.kind.noun}")
        gaps: list[str] = []
        context = build_context(src, dict(fills or {}), gaps)
        return fill(template, context, gaps)

    # -- keeping and following up ---------------------------------------------------------------

    def save_to_matter(self, matter_id: int, letter: FilledLetter, pdf: bytes,
                       day: date | None = None) -> list[int]:
        """Attach the .docx and the PDF to the matter, both or neither."""
        day = day or clock.today()
        with self.db.sessions.begin() as session:
            kind, ref, _ = matter_reference(session, matter_id)
            stem = file_stem(letter.template, ref, day)
            ids = []
            for suffix, media, content in (
                    (".docx", "application/vnd.openxmlformats-officedocument."
                              "wordprocessingml.document", letter.docx),
                    (".pdf", "application/pdf", pdf)):
                if len(content) > MAX_ATTACHMENT_BYTES:
                    raise TemplateError(f"{stem}{suffix} is larger than an attachment may be")
                digest = hashlib.sha256(content).hexdigest()
                att = Attachment(matter_id=matter_id, file_name=stem + suffix, media_type=media,
                                 sha256=digest, size=len(content), content=content,
                                 added_at=clock.now())
                session.add(att)
                session.flush()
                history.record(session, who=self.who, action="create", entity="attachment",
                               entity_id=att.id, matter_id=matter_id,
                               summary=f"Letter attached to {ref}: {stem}{suffix}",
                               changes={"file_name": [None, stem + suffix],
                                        "sha256": [None, digest]})
                ids.append(att.id)
            return ids

    def mark_sent(self, matter_id: int, template: LetterTemplate, sent_on: date,
                  add_follow_up: bool = True) -> tuple[int, int | None]:
        """Timeline entry "Letter: <title> sent <date>" and the follow-up deadline (if any)."""
        related = RelatedService(self.db, self.who)
        entry = related.add_timeline(matter_id, sent_on,
                                     f"Letter: {template.title} sent {sent_on.isoformat()}",
                                     "correspondence")
        proposal = self.follow_up(template, sent_on) if add_follow_up else None
        if proposal is None:
            return entry, None
        if proposal.rule_id is not None:
            return entry, self.deadlines.add_from_rule(matter_id, proposal.rule_id, sent_on,
                                                       "personal", title=proposal.deadline.title)
        d = proposal.deadline
        with self.db.sessions.begin() as session:
            _, ref, _ = matter_reference(session, matter_id)
            row = Deadline(matter_id=matter_id, title=d.title, due_on=d.due, opens_on=d.opens,
                           rule_id=None, citation=d.citation, trigger_on=sent_on,
                           service_method=None, explanation=d.explanation,
                           created_at=clock.now())
            session.add(row)
            session.flush()
            history.record(session, who=self.who, action="create", entity="deadline",
                           entity_id=row.id, matter_id=matter_id,
                           summary=f"Deadline on {ref}: {d.title} due {d.due}",
                           changes={"due_on": [None, d.due.isoformat()]})
            return entry, row.id

