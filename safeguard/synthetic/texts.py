"""Short synthetic case wording: contact summaries by presenting reason, decision reasons by outcome."""

from __future__ import annotations

import random

from safeguard.frontdoor.models import ContactDecision, PresentingReason

R = PresentingReason
SUMMARIES = {
    R.DOMESTIC_ABUSE_NOTIFICATION: [
        "Police attended a verbal argument between the adults at the home; the children were present.",
        "Police called by a neighbour to shouting at the address; one adult arrested for assault.",
        "Domestic incident overnight; the children were asleep upstairs. Risk assessed as standard.",
        "Domestic incident; the mother has a visible injury and declined to support a prosecution.",
        "Police attended after a 999 call; the father left before officers arrived. DASH assessed medium risk.",
        "Ex-partner attended the home in breach of a non-molestation order; the children witnessed it.",
    ],
    R.DOMESTIC_ABUSE: [
        "Child disclosed arguments and 'pushing' between the adults at home.",
        "The mother told staff she is frightened of her partner and asked for help.",
        "Concerns about controlling behaviour by the mother's partner; the family is isolated.",
    ],
    R.NEGLECT: [
        "Child arriving hungry and in unwashed clothes; attendance has fallen to 80%.",
        "Home conditions reported as poor, with little food in the house.",
        "Missed health appointments and untreated dental decay.",
        "Young children seen unsupervised in the street late in the evening.",
    ],
    R.PHYSICAL_ABUSE: [
        "Bruising noticed on the child's arm; the explanation given was inconsistent.",
        "Child said a parent hit them with a belt last night.",
        "Injury to a non-mobile baby seen at hospital; explanation not consistent with the injury.",
    ],
    R.SEXUAL_ABUSE: [
        "Child made a disclosure to a teacher about an adult known to the family.",
        "Sexualised behaviour in school beyond what is expected for the child's age.",
    ],
    R.EMOTIONAL_ABUSE: [
        "Child appears anxious and withdrawn; says they are shouted at and called names at home.",
        "Parent heard belittling the child repeatedly at collection time.",
    ],
    R.PARENTAL_MENTAL_HEALTH: [
        "Parent admitted to hospital under the Mental Health Act; childcare arrangements unclear.",
        "Parent reports low mood and thoughts of self-harm; sole carer of young children.",
    ],
    R.PARENTAL_SUBSTANCE_MISUSE: [
        "Parent appeared under the influence of alcohol at collection time.",
        "Drug paraphernalia seen within reach of the children during a home visit.",
    ],
    R.SEXUAL_EXPLOITATION: [
        "Young person seen getting into cars with unknown older males; new phone and clothes.",
        "Concerns about online contact with an adult asking for images.",
    ],
    R.CRIMINAL_EXPLOITATION: [
        "Young person found out of area with cash and several phones; suspected county lines.",
        "Young person stopped with a knife; associating with older youths known to police.",
    ],
    R.MISSING: [
        "Young person reported missing overnight; returned the next morning, will not say where they were.",
        "Third missing episode this month; found in another town.",
        "Child missing from education for six weeks; the family has not responded to letters.",
    ],
    R.DISABILITY: [
        "Parents struggling to meet the child's complex care needs; request for an assessment of support.",
        "Carer exhausted; the child needs overnight care and the family has no respite.",
    ],
    R.HOMELESSNESS: [
        "Family evicted and staying with friends; sofa-surfing for three weeks.",
        "Family in emergency accommodation; one room shared by the parent and children.",
    ],
    R.UNACCOMPANIED: [
        "Young person arrived unaccompanied and presented at the police station; no family in the UK.",
    ],
    R.OTHER: [
        "Request for information from another local authority about the family.",
        "Concerns raised about the care arrangements while the parent is in custody.",
    ],
}

Outcome = ContactDecision.Outcome
DECISION_REASONS = {
    Outcome.NO_FURTHER_ACTION: [
        "Parents are meeting the children's needs; single incident with appropriate action taken.",
        "Information noted; no role for children's social care at this time.",
        "Protective factors identified; the family is already supported by universal services.",
    ],
    Outcome.ADVICE: [
        "Advice given to the referrer about supporting the family and when to contact us again.",
        "Advice and signposting given to the parent.",
    ],
    Outcome.EARLY_HELP: [
        "Needs can be met by early help; family consented to a family support worker.",
        "Stepped down to early help for a targeted family support offer.",
    ],
    Outcome.REFERRAL: [
        "Threshold for a child and family assessment met.",
        "Cumulative concerns; an assessment is needed to understand the children's lived experience.",
        "Level 4 needs identified; referred for assessment.",
    ],
    Outcome.STRATEGY_DISCUSSION: [
        "Reasonable cause to suspect significant harm: strategy discussion convened today.",
        "Immediate safeguarding concern: strategy discussion with police and health.",
    ],
}
ALREADY_OPEN_REASON = "Child already open to {team}: information passed to the allocated social worker."


def summary_for(reason: str, rng: random.Random) -> str:
    return rng.choice(SUMMARIES.get(reason) or SUMMARIES[R.OTHER])


def decision_reason_for(outcome: str, rng: random.Random) -> str:
    return rng.choice(DECISION_REASONS[outcome])


# --- Casework and child protection -----------------------------------------------------------------
_ANALYSIS = {
    "nfa": "Needs are being met by the family with universal services; no further action from children's social care.",
    "early_help": "Needs are below the threshold for statutory services; the family agreed to early help support.",
    "cin_plan": "The child is in need: a child in need plan will coordinate support from school, health and the family.",
    "strategy": "Concerns of significant harm: a strategy discussion was held and a section 47 enquiry followed.",
    "looked_after": "The child cannot remain safely at home; the child is to become looked after.",
    "other": "The family has moved; the case is transferred to the new authority's services.",
}
_ANALYSIS_OPENINGS = [
    "Visits to the home, conversations with the child and both parents, and agency checks with school and health.",
    "The child was seen at home and at school; parents engaged; police and health information gathered.",
    "Information from the referrer, the school, the GP and the health visitor, and the child's own views.",
]
RETURN_COMMENT = "Please add the child's own views and the school's information to the analysis, then resubmit."
_APPROVALS = [
    "Analysis is clear and proportionate; outcome agreed.",
    "Agreed. The child's voice is well captured; proceed as recommended.",
    "Authorised: the plan addresses the risks identified.",
]
CIN_REVIEW_NOTE = "Plan reviewed with the family and agencies; actions updated, plan continues."
_VISIT_NOTES = [
    "Home visit: the child showed me their room; home conditions adequate; parents engaged with the plan.",
    "Visit at school: the child spoke about home and friends; no new concerns raised.",
    "Unannounced home visit: mother present; discussed the actions from the plan and progress since last visit.",
    "Home visit: the child was quiet but engaged in play; discussed attendance and health appointments.",
]


def assessment_analysis(outcome: str, rng: random.Random) -> str:
    return f"{rng.choice(_ANALYSIS_OPENINGS)} {_ANALYSIS.get(outcome, _ANALYSIS['cin_plan'])}"


def approval_comment(outcome: str, rng: random.Random) -> str:
    return rng.choice(_APPROVALS)


def visit_note(plan: str, seen: bool, alone: bool, rng: random.Random) -> str:
    if not seen:
        return f"Statutory {plan} visit: the child was not at home; a further visit is arranged."
    return rng.choice(_VISIT_NOTES) + (" The child was seen alone." if alone else "")
