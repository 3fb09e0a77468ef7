"""The statutory and regulatory time limits, each with its citation (section and paragraph).

Every rule was checked against the regulation's text; where a rule changed, each version is
kept with the dates of the events it governs (``in_force_from``/``in_force_until``), so a
deadline is counted by the rule that applied to its triggering event. :data:`RULESET_VERSION`
names this catalogue; each stored deadline records the version it was computed with, and a new
version is the signal to review open deadlines (``naij-tracker deadlines --recheck``).
"""

from __future__ import annotations

from datetime import date

from naij_tracker.domain.deadlines.model import (
    FLRA_FILING_TIME,
    DeadlineRule,
    Period,
    PeriodUnit,
    RunsFrom,
)
from naij_tracker.domain.kinds import MatterKind

#: The version of the built-in rules and of the way they are counted. Raise it with any change
#: that can move a computed date (a corrected rule, a new counting step).
RULESET_VERSION = "2026.12"

#: The Civil Service Reform Act's labor-management title took effect on 1979-01-11.
_CSRA = date(1979, 1, 11)
#: Part 2424 (negotiability) as revised, effective 1999-04-01.
_PART_2424 = date(1999, 4, 1)
#: Part 2425 (arbitration exceptions) as revised by 75 FR 42283 (2010), effective 2010-10-01.
_PART_2425 = date(2010, 10, 1)
#: 91 FR 13933 (2026), interim final rule on representation proceedings, effective 2026-04-23.
_IFR_2026 = date(2026, 4, 23)

#: Trigger codes of the built-in rules and default CBA rules → what the officer records.
TRIGGERS: dict[str, str] = {
    "ulp_act": "Act complained of (unfair labor practice)",
    "award_served": "Arbitration award served",
    "exceptions_served": "Other party's exceptions to an award served",
    "nonnegotiability_allegation_served": "Agency's allegation of non-negotiability served",
    "late_allegation_served": (
        "Agency's allegation of non-negotiability served more than 10 days after a written request"
    ),
    "agency_head_disapproval_served": "Agency head's disapproval of a provision served",
    "negotiability_petition_received": "Negotiability petition received by the agency head",
    "agency_statement_received": "Agency's statement of position (negotiability) received",
    "union_response_received": "Union's response (negotiability) received by the agency",
    "agreement_executed": "Agreement executed (signed by the parties)",
    "agreement_expires": "Collective bargaining agreement expires",
    "alj_decision_served": "Administrative Law Judge's decision served",
    "rd_decision_issued": "Regional Director's decision and order issued",
    "authority_decision_served": "Authority's decision or order served",
    "authority_order_issued": "Authority's final order issued",
    "fsip_recommendations_received": "Impasses Panel's recommendations received",
    "adverse_action_award_issued": (
        "Arbitration award issued on a removal, suspension over 14 days or other 7121(f) matter"
    ),
    "appealable_action_effective": "Action appealable to the MSPB takes effect",
    "discriminatory_matter": "Matter alleged to be discriminatory (or personnel action effective)",
    "grievable_event": "Event giving rise to a grievance (or the day the grievant learned of it)",
    "grievance_filed": "Grievance filed at a step",
    "step_answer_received": "Management's step answer received",
    "final_step_answer_received": "Final step answer received",
    "agency_notice_received": "Agency notice of a change received",
}

_F = MatterKind.FLRA
_B = MatterKind.BARGAINING
_G = MatterKind.GRIEVANCE
_M = MatterKind.METRIC_DISPUTE

_ADVERSE_ACTION_WARNING = (
    "This grievance concerns a removal, a suspension of more than 14 days, a reduction in grade "
    "or pay, a furlough of 30 days or less or a performance-based action (5 U.S.C. 7121(f), "
    "7512, 4303): exceptions to the award do not lie with the FLRA (5 U.S.C. 7122(a)); review "
    "is by the Federal Circuit within 60 days (5 U.S.C. 7703(b)(1)(A)) — use rule "
    "federal-circuit-award-review"
)


def _rule(**kw: object) -> DeadlineRule:
    kw.setdefault("trigger_label", TRIGGERS[str(kw["trigger"])])
    return DeadlineRule(**kw)  # type: ignore[arg-type]


BUILTIN: tuple[DeadlineRule, ...] = (
    _rule(
        id="ulp-charge", name="Unfair labor practice charge", trigger="ulp_act",
        period=Period(6, PeriodUnit.MONTHS), service_adjustable=False,
        citation="5 U.S.C. 7118(a)(4)(A)", applies_to=(_F, _B, _G, _M),
        deadline_title="File ULP charge", in_force_from=_CSRA,
        in_force_source="5 U.S.C. 7118(a)(4)(A) (Pub. L. 95-454)",
        description=(
            "No complaint may issue on an unfair labor practice that occurred more than 6 months "
            "before the charge was filed. The period runs from the act, not from service, so no "
            "mailing days are added. 7118(a)(4)(B) extends it only where the agency concealed "
            "the act or the charging party was prevented from filing by the agency's failure to "
            "perform a duty; the engine does not assume either."
        ),
    ),
    _rule(
        id="arbitration-exceptions", name="Exceptions to an arbitration award",
        trigger="award_served", period=Period(30), service_adjustable=True,
        citation="5 U.S.C. 7122(b); 5 C.F.R. 2425.1(b) (text then in force); 5 C.F.R. 2429.22",
        applies_to=(_F, _G, _M), deadline_title="File exceptions to arbitration award",
        counts_trigger_day=True, in_force_from=date(1984, 3, 2), in_force_until=date(2010, 9, 30),
        in_force_source="5 C.F.R. 2425.1(b) as amended for exceptions filed from 1984-03-02",
        filing_time=FLRA_FILING_TIME, fact_warnings=(("adverse_action", _ADVERSE_ACTION_WARNING),),
        description=(
            "Before 1 October 2010 the 30 days ran 'beginning on the date the award is served', "
            "so the day of service was day 1 (27 FLRA No. 3 (1987)). Service by mail adds 5 "
            "days (2429.22) after the last day is moved off a weekend or holiday."
        ),
    ),
    _rule(
        id="arbitration-exceptions", name="Exceptions to an arbitration award",
        trigger="award_served", period=Period(30), service_adjustable=True,
        citation=(
            "5 U.S.C. 7122(b); 5 C.F.R. 2425.2(b); 5 C.F.R. 2425.2(c); 5 C.F.R. 2429.21(a); "
            "5 C.F.R. 2429.22"
        ),
        applies_to=(_F, _G, _M), deadline_title="File exceptions to arbitration award",
        in_force_from=_PART_2425, in_force_source="75 FR 42283 (2010), part 2425 revised",
        filing_time=FLRA_FILING_TIME, fact_warnings=(("adverse_action", _ADVERSE_ACTION_WARNING),),
        description=(
            "30 days after the date of service of the award (2425.2(b)). The date of service "
            "depends on the method (2425.2(c)): the postmark date for mail, the date deposited "
            "with a commercial carrier, the date transmitted for email or fax, the date "
            "delivered in person. If the award was served by email, fax or in person on the "
            "same day as by mail or commercial delivery, no days are added (2425.2(c)(5)). "
            "Service by mail or commercial delivery adds 5 days under 2429.22, counted after "
            "the last day is moved off a weekend or holiday. The time limit is statutory and "
            "cannot be extended or waived (2429.23(d)). Awards on removals, suspensions over "
            "14 days and other 7121(f) matters go to the Federal Circuit instead (7122(a))."
        ),
    ),
    _rule(
        id="arbitration-opposition", name="Opposition to the other party's exceptions",
        trigger="exceptions_served", period=Period(30), service_adjustable=True,
        citation="5 C.F.R. 2425.3(b); 5 C.F.R. 2429.21(a); 5 C.F.R. 2429.22",
        applies_to=(_F, _G, _M), deadline_title="File opposition to exceptions",
        in_force_from=_PART_2425, in_force_source="75 FR 42283 (2010), part 2425 revised",
        filing_time=FLRA_FILING_TIME,
        description=(
            "Any opposition must be filed within 30 days after the date the exception is served "
            "on the opposing party (2425.3(b))."
        ),
    ),
    _rule(
        id="reconsideration", name="Motion for reconsideration of an Authority decision",
        trigger="authority_decision_served", period=Period(10), service_adjustable=True,
        citation="5 C.F.R. 2429.17; 5 C.F.R. 2429.21(a); 5 C.F.R. 2429.22",
        applies_to=(_F, _B, _G, _M), deadline_title="File motion for reconsideration",
        in_force_from=date(1981, 9, 10), in_force_source="5 C.F.R. 2429.17, effective 1981-09-10",
        filing_time=FLRA_FILING_TIME,
        description=(
            "A party that can establish extraordinary circumstances may move for reconsideration "
            "within 10 days after service of the Authority's decision or order (2429.17)."
        ),
    ),
    _rule(
        id="negotiability-appeal", name="Negotiability appeal (petition for review)",
        trigger="nonnegotiability_allegation_served", period=Period(15), service_adjustable=True,
        citation="5 U.S.C. 7117(c)(2); 5 C.F.R. 2424.21(a)(1); 5 C.F.R. 2429.22",
        applies_to=(_F, _B, _M), deadline_title="File negotiability petition for review",
        in_force_from=_CSRA, in_force_source="5 U.S.C. 7117(c)(2)", filing_time=FLRA_FILING_TIME,
        description=(
            "15 days after the date of service of the agency's written allegation that the "
            "proposal is not within the duty to bargain (2424.21(a)(1)). If the agency does not "
            "answer a written request for an allegation within 10 days, the petition may be "
            "filed at any time (2424.21(b)); a late allegation starts the 15 days again "
            "(rule negotiability-late-allegation)."
        ),
    ),
    _rule(
        id="negotiability-late-allegation",
        name="Negotiability appeal after a late allegation", trigger="late_allegation_served",
        period=Period(15), service_adjustable=True,
        citation="5 C.F.R. 2424.21(b)(1); 5 C.F.R. 2424.11(a); 5 C.F.R. 2429.22",
        applies_to=(_F, _B, _M), deadline_title="File negotiability petition (late allegation)",
        in_force_from=_PART_2424, in_force_source="part 2424 as revised, effective 1999-04-01",
        filing_time=FLRA_FILING_TIME,
        description=(
            "If the agency serves its written allegation more than 10 days after receiving the "
            "union's written request, the petition must be filed within 15 days after the date "
            "of service of that allegation (2424.21(b)(1))."
        ),
    ),
    _rule(
        id="negotiability-appeal-disapproval",
        name="Negotiability appeal after agency-head disapproval",
        trigger="agency_head_disapproval_served", period=Period(15), service_adjustable=True,
        citation="5 U.S.C. 7117(c)(2); 5 C.F.R. 2424.21(a)(2); 5 C.F.R. 2429.22",
        applies_to=(_F, _B, _M), deadline_title="File negotiability petition (disapproved provision)",
        in_force_from=_CSRA, in_force_source="5 U.S.C. 7117(c)(2)", filing_time=FLRA_FILING_TIME,
        description=(
            "15 days after the date of service of the agency head's disapproval of a provision "
            "under 5 U.S.C. 7114(c) (2424.21(a)(2))."
        ),
    ),
    _rule(
        id="negotiability-agency-statement", name="Agency's statement of position (negotiability)",
        trigger="negotiability_petition_received", period=Period(30),
        service_adjustable=False, runs_from=RunsFrom.RECEIPT,
        citation="5 C.F.R. 2424.24(b)", applies_to=(_F, _B),
        deadline_title="Agency statement of position due",
        in_force_from=_PART_2424, in_force_source="part 2424 as revised, effective 1999-04-01",
        filing_time=FLRA_FILING_TIME,
        description=(
            "The agency must file its statement of position within 30 days after the date the "
            "head of the agency receives a copy of the petition for review (2424.24(b)). The "
            "period runs from receipt, not service, so 2429.22 adds no days for mail."
        ),
    ),
    _rule(
        id="negotiability-response", name="Union's response to the agency's statement of position",
        trigger="agency_statement_received", period=Period(15),
        service_adjustable=False, runs_from=RunsFrom.RECEIPT,
        citation="5 C.F.R. 2424.25(b)", applies_to=(_F, _B),
        deadline_title="File response to agency statement of position",
        in_force_from=_PART_2424, in_force_source="part 2424 as revised, effective 1999-04-01",
        filing_time=FLRA_FILING_TIME,
        description=(
            "The exclusive representative's response is due within 15 days after the date it "
            "receives a copy of the agency's statement of position (2424.25(b)). The period "
            "runs from receipt, so no days are added for mail."
        ),
    ),
    _rule(
        id="negotiability-agency-reply", name="Agency's reply to the union's response",
        trigger="union_response_received", period=Period(15),
        service_adjustable=False, runs_from=RunsFrom.RECEIPT,
        citation="5 C.F.R. 2424.26(b)", applies_to=(_F, _B),
        deadline_title="Agency reply due",
        in_force_from=_PART_2424, in_force_source="part 2424 as revised, effective 1999-04-01",
        filing_time=FLRA_FILING_TIME,
        description=(
            "Within 15 days after the date the agency receives a copy of the union's response, "
            "the agency may file a reply (2424.26(b)). Runs from receipt: no days for mail."
        ),
    ),
    _rule(
        id="agency-head-review", name="Agency head review of a negotiated agreement",
        trigger="agreement_executed", period=Period(30), service_adjustable=False,
        citation="5 U.S.C. 7114(c)(2); 5 U.S.C. 7114(c)(3)", applies_to=(_B,),
        deadline_title="Agency head review period ends", in_force_from=_CSRA,
        in_force_source="5 U.S.C. 7114(c)",
        description=(
            "The agency head may approve or disapprove the agreement within 30 days after the "
            "date it is executed. If the agency head does neither, the agreement takes effect "
            "and binds the parties (7114(c)(3)). The period runs from execution, not service."
        ),
    ),
    _rule(
        id="representation-open-period",
        name="Representation petition open period (agreement of 3 years or less)",
        trigger="agreement_expires", period=Period(60), window_opens=Period(105),
        service_adjustable=False,
        citation="5 U.S.C. 7111(f)(3); 5 C.F.R. 2422.12(c); 5 C.F.R. 2429.21(a)",
        applies_to=(_F, _B), deadline_title="Representation petition open period closes",
        in_force_from=_CSRA, in_force_source="5 U.S.C. 7111(f)(3)",
        filing_time="close of business",
        description=(
            "While an agreement of three years or less is in effect, a petition seeking an "
            "election is timely only if filed not more than 105 and not less than 60 days before "
            "the agreement expires (2422.12(c)). Counted back from the expiration date, which "
            "is not counted. If the 60th day is a Saturday, Sunday or federal legal holiday, "
            "the petition must be filed by close of business on the last official workday "
            "before it (2429.21(a)). For an agreement of more than three years, enter the end "
            "of its initial three-year period as the trigger (2422.12(d))."
        ),
    ),
    _rule(
        id="alj-exceptions", name="Exceptions to an Administrative Law Judge's decision (ULP)",
        trigger="alj_decision_served", period=Period(25), service_adjustable=True,
        citation="5 C.F.R. 2423.40(a); 5 C.F.R. 2429.22", applies_to=(_F,),
        deadline_title="File exceptions to ALJ decision", filing_time=FLRA_FILING_TIME,
        description=(
            "Exceptions to the Judge's decision in an unfair labor practice case must be filed "
            "with the Authority within 25 days after the date of service of the decision "
            "(2423.40(a))."
        ),
    ),
    _rule(
        id="rd-application-for-review",
        name="Application for review of a Regional Director's decision",
        trigger="rd_decision_issued", period=Period(60), service_adjustable=False,
        citation="5 U.S.C. 7105(f); 5 C.F.R. 2422.31(a); 5 C.F.R. 2429.22 (no added days)",
        applies_to=(_F,), deadline_title="File application for review of RD decision",
        in_force_until=date(2026, 4, 22), in_force_source="5 C.F.R. 2422.31(a) before 91 FR 13933",
        filing_time=FLRA_FILING_TIME,
        description=(
            "An application for review must be filed with the Authority within 60 days of the "
            "date of the Regional Director's decision and order (2422.31(a)); the limit cannot "
            "be extended or waived. 2429.22 expressly excludes this filing from the 5 added days "
            "for mail service."
        ),
    ),
    _rule(
        id="rd-application-for-review",
        name="Application for review of a Regional Director's decision (Authority without a quorum)",
        trigger="rd_decision_issued", period=Period(60), service_adjustable=False,
        citation=(
            "5 U.S.C. 7105(f); 5 C.F.R. 2422.35(d); 91 FR 13933 (2026); "
            "5 C.F.R. 2429.22 (no added days)"
        ),
        applies_to=(_F,), deadline_title="File application for review of RD decision",
        in_force_from=_IFR_2026, in_force_source="91 FR 13933 (2026), interim final rule",
        filing_time=FLRA_FILING_TIME,
        notes=(
            "Since 2026-04-23 the Authority itself decides representation cases; a Regional "
            "Director's decision and an application for review arise only while the Authority "
            "lacks a quorum (5 C.F.R. 2422.35(a), (d); 91 FR 13933)",
        ),
        description=(
            "Under the 2026 interim rule the Authority decides representation cases. Only while "
            "the Authority lacks a quorum (one or no Members) does a Regional Director issue a "
            "decision and order, which a party may ask the Authority to review (2422.35(d)); "
            "the application is due within 60 days of the decision (5 U.S.C. 7105(f)), with no "
            "days added for mail."
        ),
    ),
    _rule(
        id="fsip-recommendations-response",
        name="Response to the Impasses Panel's recommendations",
        trigger="fsip_recommendations_received", period=Period(30),
        service_adjustable=False, runs_from=RunsFrom.RECEIPT,
        citation="5 C.F.R. 2471.10(a)", applies_to=(_B, _F),
        deadline_title="Accept, settle or explain (FSIP recommendations)",
        in_force_from=date(1980, 1, 17), in_force_source="45 FR 3520 (1980)",
        description=(
            "Within 30 calendar days after receipt of the Panel's recommendations, each party "
            "must accept them, settle, or state in writing why it does neither (2471.10(a)). "
            "Runs from receipt: no days are added for mail."
        ),
    ),
    _rule(
        id="judicial-review", name="Petition for judicial review of a final Authority order",
        trigger="authority_order_issued", period=Period(60), service_adjustable=False,
        citation="5 U.S.C. 7123(a)", applies_to=(_F, _B, _G, _M),
        deadline_title="File petition for review in the court of appeals",
        in_force_from=_CSRA, in_force_source="5 U.S.C. 7123(a)",
        description=(
            "A person aggrieved by a final order of the Authority may petition the court of "
            "appeals within 60 days after the date on which the order was issued (7123(a)). "
            "There is no judicial review of an award decision (7122) unless it involves an "
            "unfair labor practice, nor of an appropriate-unit determination (7112)."
        ),
    ),
    _rule(
        id="federal-circuit-award-review",
        name="Federal Circuit review of an award on a 7121(f) matter",
        trigger="adverse_action_award_issued", period=Period(60), service_adjustable=False,
        citation="5 U.S.C. 7703(b)(1)(A); 5 U.S.C. 7121(f)", applies_to=(_G, _M),
        deadline_title="File petition for review in the Federal Circuit",
        in_force_from=date(2012, 12, 27),
        in_force_source="5 U.S.C. 7703(b)(1)(A) as amended by Pub. L. 112-199",
        description=(
            "An award on a removal, a suspension of more than 14 days or another matter under "
            "7121(f) is reviewed as if the MSPB had decided it: a petition for review to the "
            "Federal Circuit within 60 days after the decision issues (7703(b)(1)(A); before "
            "2012-12-27 the 60 days ran from receipt). Exceptions to the FLRA are not "
            "available (7122(a)). The limit is mandatory (Harrow v. Department of Defense, 2024)."
        ),
    ),
    _rule(
        id="mspb-appeal", name="Appeal to the Merit Systems Protection Board",
        trigger="appealable_action_effective", period=Period(30), service_adjustable=False,
        citation="5 C.F.R. 1201.22(b)(1)", applies_to=(_G, _M),
        deadline_title="File MSPB appeal",
        description=(
            "An appeal must be filed no later than 30 days after the effective date of the "
            "action, or 30 days after the date the appellant received the agency's decision, "
            "whichever is later (1201.22(b)(1)); enter the later of the two dates. An employee "
            "who files a grievance first has elected that route (5 U.S.C. 7121(d), (e))."
        ),
    ),
    _rule(
        id="eeo-counselor-contact", name="EEO counselor contact",
        trigger="discriminatory_matter", period=Period(45), service_adjustable=False,
        citation="29 C.F.R. 1614.105(a)(1)", applies_to=(_G, _M),
        deadline_title="Contact an EEO counselor",
        in_force_from=date(1992, 10, 1), in_force_source="29 C.F.R. part 1614, effective 1992-10-01",
        description=(
            "An aggrieved person must initiate contact with a counselor within 45 days of the "
            "date of the matter alleged to be discriminatory or, for a personnel action, of its "
            "effective date (1614.105(a)(1)). A grievance that raises discrimination may be an "
            "election of the negotiated procedure (5 U.S.C. 7121(d))."
        ),
    ),
)
