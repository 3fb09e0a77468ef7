"""Build the starter letter templates in ``resources/letters/`` (python-docx).

The .docx files are committed; this script is how they are rebuilt after a change of wording.
Each is an ordinary Word document with Jinja placeholders (docxtpl) — the fields are listed in
``docs/letters/README.md`` — and declares in its document properties its title (*Title*), the
kinds of matter it fits (*Keywords*) and the follow-up deadline its sending starts (*Comments*).
A union that edits one in Word saves it under the same name in its own Letters folder.

    .venv/bin/python docs/make_letter_templates.py [--out resources/letters]
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

ROOT = Path(__file__).resolve().parents[1]

# A paragraph is a list of runs; a run is text, or ("b", text) for bold, ("i", text) italic.
# Special paragraphs: "" is an empty line.

DATE_AND_RECIPIENT = [
    ["{{ today }}"],
    "",
    ["{{ recipient.name }}"],
    ["{{ recipient.title }}"],
    ["{{ recipient.organization }}"],
    ["{{ recipient.address }}"],
    "",
]

SIGNATURE = [
    ["Sincerely,"],
    "",
    "",
    ["{{ officer.name }}"],
    ["{{ officer.role }}, {{ union.name }}"],
    ["{% if officer.email %}{{ officer.email }}{% endif %}"
     "{% if officer.email and officer.phone %} · {% endif %}"
     "{% if officer.phone %}{{ officer.phone }}{% endif %}"],
]

LINKED_LINES = [
    "{%p if links %}",
    ["Related matters: {% for l in links %}{{ l.reference }} ({{ l.title }})"
     "{% if not loop.last %}; {% endif %}{% endfor %}."],
    "{%p endif %}",
]

GRIEVANCE_FACTS = [
    [("b", "Grievance number: "), "{{ matter.grievance_number }}"],
    [("b", "Grievant: "), "{{ grievant }}"],
    [("b", "Court: "), "{{ matter.court }}"],
    [("b", "Issue: "), "{{ matter.issue_category }} — {{ matter.title }}"],
    [("b", "Articles violated: "), "{{ matter.cba_article }} of the collective bargaining "
     "agreement, and any other provision of the agreement, law, rule or regulation that applies"],
    [("b", "Filed: "), "{{ matter.filed_on }}"],
]

STATEMENT = [
    [("b", "Statement of the grievance. "), "{{ matter.title }}."
     "{% if matter.summary %} {{ matter.summary }}{% endif %}"
     "{% if fill.additional_facts %} {{ fill.additional_facts }}{% endif %}"],
    [("b", "Remedy requested. "), "{{ matter.remedy_sought }}; and any other remedy "
     "appropriate to make the grievant whole."],
]

TEMPLATES: dict[str, dict] = {
    "demand-to-bargain": {
        "title": "Demand to bargain",
        "kinds": "bargaining",
        "follow_up": ["Follow-up title: Agency response to the demand to bargain due",
                      "Follow-up rule: cba-demand-answer",
                      "Follow-up days: 15 calendar",],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Demand to bargain — {{ matter.subject }} ({{ matter.reference }})")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["On {{ matter.agency_notice_on }}, the agency notified the {{ union.name }} (the "
             "Union) of a change in the conditions of employment of the immigration judges the "
             "Union represents: {{ matter.subject }}. The Union demands to bargain over this "
             "change. It requests {{ matter.bargaining_type|lower }} bargaining."],
            ["The Union makes this demand under 5 U.S.C. 7114(a)(4) and 7117, which require the "
             "agency to negotiate in good faith over conditions of employment; under 5 U.S.C. "
             "7106(b)(2) and (3), which preserve the Union's right to negotiate the procedures "
             "management will observe in exercising its rights and appropriate arrangements for "
             "employees adversely affected by their exercise; and under {{ matter.cba_article }} "
             "of the parties' agreement."],
            ["Until bargaining is complete, the Union asks the agency to maintain the status "
             "quo and not to implement the change. Implementing a change before completing "
             "the bargaining the statute requires is an unfair labor practice under 5 U.S.C. "
             "7116(a)(1) and (5)."],
            "{%p if matter.assurances %}",
            ["The Union notes the agency's statement that {{ matter.assurances }} Assurances "
             "are not a substitute for bargaining."],
            "{%p endif %}",
            ["Please propose dates for the first bargaining session and respond to this demand "
             "in writing by {{ follow_up.due }}. The Union will present its proposals at or "
             "before the first session and reserves the right to add proposals as it receives "
             "the information it has requested.{% if fill.additional_requests %} "
             "{{ fill.additional_requests }}{% endif %}"],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "information-request": {
        "title": "Request for information",
        "kinds": "bargaining, flra, grievance, metric_dispute",
        "follow_up": ["Follow-up title: Agency answer to the request for information due",
                      "Follow-up rule: cba-information-answer",
                      "Follow-up days: 14 calendar",],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Request for information under 5 U.S.C. 7114(b)(4) — "
                   "{{ matter.title }} ({{ matter.reference }})")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["Under 5 U.S.C. 7114(b)(4), the {{ union.name }} (the Union) requests that the "
             "agency furnish the information described below. The information is normally "
             "maintained by the agency in the regular course of business; it is reasonably "
             "available; it is necessary for full and proper discussion, understanding and "
             "negotiation of subjects within the scope of collective bargaining; and it is not "
             "guidance, advice, counsel or training for managers or supervisors relating to "
             "collective bargaining."],
            ["The Union needs it in connection with {{ matter.kind_noun }} "
             "{{ matter.reference }}, {{ matter.title }}{% if matter.cba_article %}, which "
             "arises under {{ matter.cba_article }} of the parties' agreement{% endif %}."],
            [("b", "Information requested")],
            ["{{ fill.information_requested }}"],
            [("b", "Particularized need")],
            ["{{ fill.particularized_need }}"],
            ["The Union states why it needs the information, how it will use it, and how "
             "that use relates to its representational responsibilities, as the Authority "
             "requires (Internal Revenue Service, Washington, D.C. and Internal Revenue "
             "Service, Kansas City Service Center, Kansas City, Missouri, 50 FLRA 661 (1995))."
             " If the agency believes that any item should not be disclosed, the Authority's "
             "decision requires it to say so, and why, at or near the time of this request; "
             "the Union will discuss a redacted or sanitized form. If an item does not exist, "
             "please say so."],
            ["Please furnish the information by {{ follow_up.due }}. Failing to furnish "
             "information that 5 U.S.C. 7114(b)(4) requires is an unfair labor practice under "
             "5 U.S.C. 7116(a)(1), (5) and (8)."],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "grievance-step-1": {
        "title": "Grievance at Step 1",
        "kinds": "grievance",
        "follow_up": ["Follow-up title: Management's Step 1 answer due",
                      "Follow-up rule: cba-step-answer"],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Step 1 grievance {{ matter.grievance_number }} — {{ grievant }}")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["The {{ union.name }} (the Union) files this grievance at Step 1 of the negotiated "
             "grievance procedure on behalf of {{ grievant }}, under 5 U.S.C. 7121 and "
             "{{ cba.grievance_filing.citation }}."],
            *GRIEVANCE_FACTS,
            *STATEMENT,
            ["Under {{ cba.step_answer.citation }}, management's written Step 1 answer is due "
             "within {{ cba.step_answer.period }} of receipt of this grievance, that is by "
             "{{ follow_up.due }}. Please direct all communication about this grievance to the "
             "Union's representative named below."],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "grievance-step-2": {
        "title": "Grievance at Step 2",
        "kinds": "grievance",
        "follow_up": ["Follow-up title: Management's Step 2 answer due",
                      "Follow-up rule: cba-step-answer"],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Step 2 appeal of grievance {{ matter.grievance_number }} — "
                   "{{ grievant }}")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["The {{ union.name }} (the Union) appeals grievance {{ matter.grievance_number }} "
             "to Step 2 of the negotiated grievance procedure under 5 U.S.C. 7121 and "
             "{{ cba.step_appeal.citation }}. The grievance was filed at Step 1 on "
             "{{ matter.filed_on }}. Management's Step 1 answer ({{ fill.step_1_answer }}) did "
             "not resolve it."],
            *GRIEVANCE_FACTS,
            *STATEMENT,
            [("b", "Why the Step 1 answer is wrong. "), "{{ fill.reasons_for_appeal }}"],
            ["Under {{ cba.step_answer.citation }}, management's written Step 2 answer is due "
             "within {{ cba.step_answer.period }} of receipt of this appeal, that is by "
             "{{ follow_up.due }}."],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "grievance-step-3": {
        "title": "Grievance at Step 3",
        "kinds": "grievance",
        "follow_up": ["Follow-up title: Management's Step 3 answer due",
                      "Follow-up rule: cba-step-answer"],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Step 3 appeal of grievance {{ matter.grievance_number }} — "
                   "{{ grievant }}")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["The {{ union.name }} (the Union) appeals grievance {{ matter.grievance_number }} "
             "to Step 3, the final step of the negotiated grievance procedure, under 5 U.S.C. "
             "7121 and {{ cba.step_appeal.citation }}. Management's Step 2 answer "
             "({{ fill.step_2_answer }}) did not resolve it."],
            *GRIEVANCE_FACTS,
            *STATEMENT,
            [("b", "Why the Step 2 answer is wrong. "), "{{ fill.reasons_for_appeal }}"],
            ["Under {{ cba.step_answer.citation }}, management's final written answer is due "
             "within {{ cba.step_answer.period }} of receipt of this appeal, that is by "
             "{{ follow_up.due }}. If the grievance is not resolved at this step, the Union may "
             "invoke arbitration under 5 U.S.C. 7121(b)(1)(C)(iii) and "
             "{{ cba.invoke_arbitration.citation }}."],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "invoke-arbitration": {
        "title": "Invocation of arbitration",
        "kinds": "grievance",
        "follow_up": ["Follow-up title: Arbitrator to be selected (FMCS panel)",
                      "Follow-up rule: cba-arbitrator-selection",
                      "Follow-up days: 30 calendar"],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Invocation of arbitration — grievance {{ matter.grievance_number }}, "
                   "{{ grievant }}")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["Under 5 U.S.C. 7121(b)(1)(C)(iii) and {{ cba.invoke_arbitration.citation }}, the "
             "{{ union.name }} (the Union) invokes arbitration of grievance "
             "{{ matter.grievance_number }}, filed on {{ matter.filed_on }} on behalf of "
             "{{ grievant }}. Management's final answer ({{ fill.final_answer }}) did not "
             "resolve the grievance."],
            *GRIEVANCE_FACTS,
            [("b", "Remedy requested. "), "{{ matter.remedy_sought }}; and any other remedy "
             "appropriate to make the grievant whole."],
            ["The Union proposes that the parties request a panel of arbitrators from the "
             "Federal Mediation and Conciliation Service (29 C.F.R. part 1404) and select the "
             "arbitrator as the agreement provides, by {{ follow_up.due }}. Please name the "
             "agency's representative for the selection."],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "fsip-request": {
        "title": "Request for FSIP assistance",
        "kinds": "bargaining",
        "follow_up": [],
        "body": [
            ["{{ today }}"],
            "",
            ["Federal Service Impasses Panel"],
            ["Office of the Executive Director"],
            ["1400 K Street NW, Suite 300"],
            ["Washington, DC 20424-0001"],
            "",
            [("b", "Re: Request for assistance — {{ union.name }} and "
                   "{{ recipient.organization }}: {{ matter.subject }} ({{ matter.reference }})")],
            "",
            ["Dear Executive Director:"],
            ["Under 5 U.S.C. 7119(b)(1) and 5 C.F.R. 2471.1, the {{ union.name }} (the Union) "
             "requests that the Panel consider a negotiation impasse with "
             "{{ recipient.organization }} (the agency) over {{ matter.subject }}. The agency "
             "gave notice of the change on {{ matter.agency_notice_on }}{% if "
             "matter.union_demand_on %}, and the Union demanded to bargain on "
             "{{ matter.union_demand_on }}{% endif %}; the parties' agreement governs "
             "mid-term bargaining in {{ matter.cba_article }}. Voluntary efforts, including "
             "mediation, have not resolved the impasse."],
            ["As 5 C.F.R. 2471.3 requires, the Union states:"],
            [("b", "(a) The parties and their representatives. "), "The Union, represented by "
             "{{ officer.name }}, {{ officer.role }}{% if officer.email %} ({{ officer.email }})"
             "{% endif %}; the agency, represented by {{ recipient.name }}, "
             "{{ recipient.title }}."],
            [("b", "(b) The issues at impasse and the Union's position on each. "),
             "{{ fill.issues_at_impasse }}"],
            [("b", "(c) Negotiation sessions held, with their number, length and dates, and "
                   "the other voluntary arrangements used, including mediation. "),
             "{{ fill.negotiation_sessions }}"],
            *LINKED_LINES,
            ["A copy of this request is being served on the agency's representative named "
             "above."],
            *SIGNATURE,
            "",
            ["cc: {{ recipient.name }}, {{ recipient.title }}, {{ recipient.organization }}"],
        ],
    },
    "missed-response-notice": {
        "title": "Notice of a missed agency response",
        "kinds": "bargaining, flra, grievance, metric_dispute",
        "follow_up": ["Follow-up title: Agency response to the notice of a missed deadline due",
                      "Follow-up rule: cba-missed-response-answer",
                      "Follow-up days: 7 calendar"],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Agency response overdue — {{ matter.title }} ({{ matter.reference }})")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["The {{ union.name }} (the Union) writes to record that the agency has not "
             "responded within the time allowed in {{ matter.kind_noun }} "
             "{{ matter.reference }}, {{ matter.title }}{% if matter.cba_article %}, which "
             "arises under {{ matter.cba_article }} of the parties' agreement{% endif %}:"],
            "{%p for d in overdue %}",
            [("b", "{{ d.title }}"), ", due {{ d.due }} ({{ d.citation }}). {{ d.explanation }}"],
            "{%p endfor %}",
            "{%p if not overdue %}",
            ["{{ fill.missed_response }}"],
            "{%p endif %}",
            ["Where the agreement's time limits have run without an answer, the Union may "
             "advance the matter to the next step, and it reserves that right. Where the "
             "statute requires the agency to bargain or to furnish information, failing to do "
             "so is an unfair labor practice under 5 U.S.C. 7116(a)(1) and (5) (and (8) for "
             "information under 5 U.S.C. 7114(b)(4)); the Union reserves its right to file a "
             "charge within the period of 5 U.S.C. 7118(a)(4)(A)."],
            ["Please respond by {{ follow_up.due }}."],
            *LINKED_LINES,
            *SIGNATURE,
        ],
    },
    "packet-cover-letter": {
        "title": "Cover letter for a briefing packet",
        "kinds": "bargaining, flra, grievance, metric_dispute",
        "follow_up": [],
        "body": [
            *DATE_AND_RECIPIENT,
            [("b", "Re: Briefing packet — {{ matter.title }} ({{ matter.reference }})")],
            "",
            ["Dear {{ recipient.name }}:"],
            ["Enclosed is a briefing packet prepared by the {{ union.name }} on "
             "{{ matter.title }} ({{ matter.kind_noun }} {{ matter.reference }}"
             "{% if matter.cba_article %}, under {{ matter.cba_article }} of the parties' "
             "agreement{% endif %}). {{ fill.purpose }}"],
            ["The packet sets out the matter's history, its present status "
             "({{ matter.status }}) and the deadlines that follow from it. Each deadline names "
             "the rule that produced it and shows how it was counted."],
            "{%p if deadlines %}",
            ["The next deadline is {{ deadlines[0].title }}, due {{ deadlines[0].due }} "
             "({{ deadlines[0].citation }})."],
            "{%p endif %}",
            ["The packet is confidential. Please do not forward it without the Union's "
             "consent."],
            *LINKED_LINES,
            *SIGNATURE,
            "",
            ["Enclosure: briefing packet"],
        ],
    },
}


def _is_label(spec: object) -> bool:
    return (isinstance(spec, list) and isinstance(spec[0], tuple)
            and spec[0][1].endswith(": "))


def _paragraph(doc: Document, spec: object):
    if spec == "":
        doc.add_paragraph()
        return None
    if isinstance(spec, str):  # a docxtpl paragraph tag, e.g. {%p for … %}
        doc.add_paragraph(spec)
        return None
    p = doc.add_paragraph()
    for run in spec:  # type: ignore[union-attr]
        if isinstance(run, tuple):
            style, text = run
            r = p.add_run(text)
            r.bold = style == "b"
            r.italic = style == "i"
        else:
            p.add_run(run)
    return p


def build(name: str, spec: dict, out: Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run("{{ union.name }}")
    run.bold = True
    run.font.size = Pt(14)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = footer.add_run("{{ matter.reference }}")
    small.font.size = Pt(9)
    body = spec["body"]
    in_body = False
    for i, item in enumerate(body):
        p = _paragraph(doc, item)
        in_body = in_body or (isinstance(item, list) and str(item[0]).startswith("Dear "))
        if p is None or not in_body or item == "":
            continue
        # From the salutation to the closing, paragraphs are spaced; a run of "Label: value"
        # lines (the grievance's facts) stays together and is spaced after its last line.
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if _is_label(item) and _is_label(nxt):
            continue
        if len(item) == 1 and isinstance(item[0], tuple):  # a heading stays with its text
            continue
        p.paragraph_format.space_after = Pt(10)
        if str(item[0]).startswith("Sincerely"):
            in_body = False
    props = doc.core_properties
    props.title = spec["title"]
    props.keywords = spec["kinds"]
    props.comments = "\n".join(spec["follow_up"])
    props.subject = "Letter template (docxtpl placeholders)"
    props.author = "NAIJ Case Tracker"
    props.last_modified_by = "NAIJ Case Tracker"
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    path = out / f"{name}.docx"
    doc.save(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "letters")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, spec in TEMPLATES.items():
        print(build(name, spec, args.out))


if __name__ == "__main__":
    main()
