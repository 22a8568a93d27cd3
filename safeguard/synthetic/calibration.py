"""Rates and mixes the synthetic authority follows (see /work/shared/reference/calibration.md).

Volumes are per child aged 0–17 per year, so every figure scales linearly with the population. The shares
that shape the front door's timeline (need levels, repeat probabilities, episode lengths) are not published
anywhere: they were tuned so that the published outputs come out right (contacts, referrals, re-referrals,
children in need open at the end, caseloads). `safeguard generate` prints the resulting figures.
"""

from safeguard.codelists import Disability, Ethnicity, ReferralSource
from safeguard.frontdoor.models import ContactDecision, PresentingReason
from safeguard.workforce.models import Service

BIG_CITY_CHILDREN = 280_000
CONTACTS_PER_CHILD_YEAR = 50_000 / BIG_CITY_CHILDREN  # ≈ 0.179
REFERRALS_PER_CHILD_YEAR = 15_000 / BIG_CITY_CHILDREN  # ≈ 0.0536 (the timeline's outcomes aim at it)
OPEN_CIN_PER_CHILD = 9_300 / BIG_CITY_CHILDREN  # children in need at 31 March
CARE_LEAVERS_PER_CHILD = 1_000 / BIG_CITY_CHILDREN  # relevant and former relevant aged 17–21 (the DfE's count)
# Personal advisers also hold eligible 16–17-year-olds still in care and those aged 21–24 who asked for support:
# about 1.6 young people with an adviser for each care leaver aged 17–21 (measured on the generated city).
CARE_LEAVERS_WITH_ADVISER_RATIO = 1.6
LOOKED_AFTER_PER_CHILD = 1_900 / BIG_CITY_CHILDREN
CHILD_PROTECTION_PER_CHILD = 1_150 / BIG_CITY_CHILDREN

TARGET_CASELOAD = 20  # a big city's social worker "typically carries around 20 cases"
AGENCY_SHARE = 0.18
PERMANENT_MEAN_TENURE_YEARS = 5.5  # ≈ 16–18% turnover a year
AGENCY_MEAN_TENURE_YEARS = 1.2
CONTACTS_PER_MASH_WORKER_DAY = 5
CASES_PER_PERSONAL_ADVISER = 20
CHILDREN_PER_IRO = 55
PLANS_PER_CHAIR = 70

# Referral sources (DfE CIN census shares; police 28%, schools 21%, then health, LA services, individuals).
SOURCE_WEIGHTS = {
    ReferralSource.POLICE: 28,
    ReferralSource.SCHOOLS: 19,
    ReferralSource.EDUCATION: 2,
    ReferralSource.GP: 2.5,
    ReferralSource.HEALTH_VISITOR: 2,
    ReferralSource.SCHOOL_NURSE: 1,
    ReferralSource.OTHER_PRIMARY_HEALTH: 1.5,
    ReferralSource.ACCIDENT_EMERGENCY: 4,
    ReferralSource.OTHER_HEALTH: 3,
    ReferralSource.LA_SOCIAL_CARE: 5,
    ReferralSource.LA_OTHER_INTERNAL: 5,
    ReferralSource.LA_EXTERNAL: 3,
    ReferralSource.OTHER_INDIVIDUAL: 1,
    ReferralSource.FAMILY: 4.5,
    ReferralSource.ACQUAINTANCE: 1.5,
    ReferralSource.SELF: 1,
    ReferralSource.HOUSING: 2,
    ReferralSource.OTHER_LEGAL: 4,
    ReferralSource.OTHER: 6,
    ReferralSource.ANONYMOUS: 2,
    ReferralSource.UNKNOWN: 2,
}

R = PresentingReason
# Presenting reasons by source group; police domestic-abuse notifications make DA the largest reason.
REASON_WEIGHTS = {
    "police": {R.DOMESTIC_ABUSE_NOTIFICATION: 75, R.MISSING: 8, R.CRIMINAL_EXPLOITATION: 5, R.PHYSICAL_ABUSE: 4,
               R.SEXUAL_EXPLOITATION: 2, R.NEGLECT: 2, R.PARENTAL_SUBSTANCE_MISUSE: 3, R.OTHER: 2},
    "education": {R.NEGLECT: 16, R.PHYSICAL_ABUSE: 16, R.EMOTIONAL_ABUSE: 14, R.DOMESTIC_ABUSE: 12,
                  R.PARENTAL_MENTAL_HEALTH: 8, R.SEXUAL_ABUSE: 6, R.MISSING: 6, R.SEXUAL_EXPLOITATION: 4,
                  R.CRIMINAL_EXPLOITATION: 4, R.DISABILITY: 3, R.OTHER: 5},
    "health": {R.PARENTAL_MENTAL_HEALTH: 18, R.PARENTAL_SUBSTANCE_MISUSE: 16, R.NEGLECT: 13, R.PHYSICAL_ABUSE: 14,
               R.DOMESTIC_ABUSE: 12, R.DISABILITY: 7, R.SEXUAL_ABUSE: 4, R.EMOTIONAL_ABUSE: 5, R.OTHER: 6},
    "local_authority": {R.NEGLECT: 13, R.DOMESTIC_ABUSE: 16, R.HOMELESSNESS: 12, R.DISABILITY: 10,
                        R.PARENTAL_MENTAL_HEALTH: 10, R.EMOTIONAL_ABUSE: 8, R.PARENTAL_SUBSTANCE_MISUSE: 8,
                        R.MISSING: 6, R.CRIMINAL_EXPLOITATION: 5, R.OTHER: 7},
    "individual": {R.NEGLECT: 17, R.DOMESTIC_ABUSE: 18, R.EMOTIONAL_ABUSE: 14, R.PHYSICAL_ABUSE: 14,
                   R.PARENTAL_SUBSTANCE_MISUSE: 10, R.SEXUAL_ABUSE: 6, R.PARENTAL_MENTAL_HEALTH: 6, R.OTHER: 8},
    "other": {R.NEGLECT: 13, R.DOMESTIC_ABUSE: 18, R.HOMELESSNESS: 10, R.PHYSICAL_ABUSE: 10,
              R.PARENTAL_SUBSTANCE_MISUSE: 10, R.PARENTAL_MENTAL_HEALTH: 10, R.EMOTIONAL_ABUSE: 8, R.OTHER: 16},
}  # fmt: skip
SECONDARY_REASON_SHARE = 0.35  # contacts with a second presenting reason

SOURCE_GROUP = {
    "6": "police",
    "2A": "education",
    "2B": "education",
    "4": "local_authority",
    "5A": "local_authority",
    "5B": "local_authority",
    "5C": "local_authority",
    "1A": "individual",
    "1B": "individual",
    "1C": "individual",
    "1D": "individual",
}  # 3A–3F are "health"; the rest "other"


def source_group(source: str) -> str:
    return SOURCE_GROUP.get(source, "health" if source.startswith("3") else "other")


# Front-door decisions. Of the contacts that do not open an episode: NFA, advice, early help.
Outcome = ContactDecision.Outcome
OTHER_OUTCOME_WEIGHTS = {Outcome.NO_FURTHER_ACTION: 40, Outcome.ADVICE: 33, Outcome.EARLY_HELP: 27}
STRATEGY_SHARE_OF_REFERRALS = 0.09
RAG_BY_OUTCOME = {  # overall ≈ 10% red, 35% amber
    Outcome.STRATEGY_DISCUSSION: (0.80, 0.20),
    Outcome.REFERRAL: (0.18, 0.52),
    "other": (0.04, 0.28),
}
# Decision delay in working days after the day received (0 = same day); ≥ 2 is after the 1-WD deadline.
DECISION_DELAY_WEIGHTS = {0: 45, 1: 42, 2: 7, 3: 3, 4: 2, 5: 1}
# The live queue at as-of: share of the last two working days' contacts still undecided.
UNDECIDED_SHARE_BY_AGE = {1: 0.85, 2: 0.45}

# A family's need level drives how often it comes back and how often the front door refers it.
NEED_LEVELS = {  # share of families, P(referral), P(another notification when not referred), median gap (days)
    "low": (0.62, 0.19, 0.05, 200),
    "medium": (0.26, 0.33, 0.15, 130),
    "high": (0.12, 0.5, 0.30, 90),
}
# After a referral: the family often comes back soon after the episode closes (DfE re-referrals ≈ 22%).
RETURN_AFTER_CLOSURE = {"low": 0.35, "medium": 0.55, "high": 0.7}
RETURN_MEDIAN_DAYS = 45
REFERRAL_WITHIN_12_MONTHS_OF_LAST = 0.64
NOTIFICATION_DURING_EPISODE = 0.2  # e.g. a police notification about a family already open

# How episodes end (closure reasons: RC8 ≈ 31% incl. referral NFA 6.5%, RC7 most of the rest).
CLOSURE_WEIGHTS = {"nfa": 6.5, "RC8": 33.5, "RC5": 3, "RC7": 57}
# Length of a CIN plan after the assessment for RC7 closures: (share, min days, max days).
CIN_PLAN_LENGTHS = [(0.58, 40, 200), (0.31, 200, 480), (0.11, 480, 1500)]
LONG_TERM_SERVICE_WEIGHTS = {Service.SAFEGUARDING: 74, Service.CHILDREN_IN_CARE: 18, Service.DISABLED_CHILDREN: 8}
# Babies come into care far more often than older children (≈ 18% of starts are under 1).
BABY_LONG_TERM_SERVICE_WEIGHTS = {Service.SAFEGUARDING: 58, Service.CHILDREN_IN_CARE: 38, Service.DISABLED_CHILDREN: 4}
ALLOCATION_DELAY_WD = {0: 40, 1: 30, 2: 15, 3: 10, 5: 5}
UNALLOCATED_OPEN_SHARE = 0.06  # plus any waiting for a worker to start
MID_EPISODE_REALLOCATION_PER_YEAR = 0.3

# Children's ages when the family first comes to notice (CIN census referrals by age).
INDEX_AGE_WEIGHTS = {-1: 2.5, 0: 9, 1: 5, 2: 5, 3: 4.5, 4: 4.5, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5.5, 11: 5.5,
                     12: 6, 13: 6.5, 14: 6.5, 15: 5.5, 16: 4.5, 17: 3}  # fmt: skip
CHILDREN_PER_FAMILY_WEIGHTS = {1: 38, 2: 31, 3: 17, 4: 9, 5: 3.5, 6: 1.5}
UASC_FAMILY_SHARE = 0.004

# Ethnicity of children in England (school census, rounded); a family shares one.
ETHNICITY_WEIGHTS = {
    Ethnicity.WBRI: 62, Ethnicity.WIRI: 0.3, Ethnicity.WIRT: 0.3, Ethnicity.WROM: 0.5, Ethnicity.WOTH: 7,
    Ethnicity.MWBC: 1.8, Ethnicity.MWBA: 1.0, Ethnicity.MWAS: 1.8, Ethnicity.MOTH: 2.6,
    Ethnicity.AIND: 3.5, Ethnicity.APKN: 4.5, Ethnicity.ABAN: 2, Ethnicity.AOTH: 2,
    Ethnicity.BAFR: 4.2, Ethnicity.BCRB: 0.8, Ethnicity.BOTH: 0.8, Ethnicity.CHNE: 0.6,
    Ethnicity.OOTH: 2.5, Ethnicity.REFU: 0.4, Ethnicity.NOBT: 1.4,
}  # fmt: skip
NHS_NUMBER_SHARE = 0.94
UPN_SHARE_OF_SCHOOL_AGE = 0.95  # the rest have a recorded reason (UN2–UN6)

DISABILITY_SHARE = 0.035
DISABILITY_WEIGHTS = {
    Disability.AUT: 30, Disability.LD: 20, Disability.COMM: 15, Disability.BEH: 10, Disability.MOB: 8,
    Disability.HAND: 3, Disability.PC: 3, Disability.INC: 2, Disability.HEAR: 3, Disability.VIS: 3,
    Disability.CON: 1, Disability.DDA: 2,
}  # fmt: skip

FAMILY_MOVED_SHARE = 0.3
FATHER_KNOWN_SHARE = 0.85
FATHER_RESIDENT_SHARE = 0.55
PARTNER_SHARE = 0.14
VIOLENCE_WARNING_SHARE = 0.15  # of alleged perpetrators in domestic-abuse notifications
FLAG_REVIEWED_ON_TIME = 0.75  # the rest of active flags are past their review date

# --- Casework and child protection (per assessed episode unless stated) -----------------------------
ASSESSMENT_START_DELAY_WD = {0: 35, 1: 30, 2: 18, 3: 10, 5: 7}  # after the referral
SUBMISSION_BEFORE_AUTHORISATION_WD = {0: 15, 1: 25, 2: 20, 3: 15, 5: 15, 8: 10}
ASSESSMENT_RETURNED_SHARE = 0.08  # first submission sent back for more work
CHILD_SEEN_SHARE = 0.95
SEEN_ALONE_SHARE = 0.8  # of children aged 2 or more who were seen (≈ 70% of all seen)
# Factors at assessment: DA (3A/3B) and parental mental health (4B) each on ≈ 25%; neglect common; 1–4 each.
FACTOR_COUNT_WEIGHTS = {1: 30, 2: 35, 3: 22, 4: 13}
DOMESTIC_ABUSE_FACTOR = (0.55, 0.10)  # P(3A/3B) when a presenting reason was domestic abuse / otherwise
MENTAL_HEALTH_FACTOR = 0.25
NEGLECT_FACTOR = 0.30
OTHER_FACTOR_WEIGHTS = {"2B": 12, "1B": 10, "17A": 10, "18C": 7, "4A": 7, "15A": 5, "10A": 4, "13A": 3, "11A": 3,
                        "5B": 3, "6A": 3, "5A": 3, "3C": 3, "14A": 3, "19C": 2, "7A": 2, "2A": 2, "20": 4}  # fmt: skip
PRIMARY_NEED_BY_FACTOR = {"16A": "N1", "17A": "N1", "18C": "N1", "19C": "N1", "3A": "N1", "3B": "N5",
                          "4B": "N3", "6A": "N2", "5A": "N2", "2B": "N5", "1B": "N5", "14A": "N6", "13A": "N6"}  # fmt: skip

# Strategy discussions and section 47 enquiries: ≈ 5,300 S47s a year per 280,000 children (≈ 38% of assessed
# episodes); referrals decided "strategy discussion" at the front door always get one.
STRATEGY_DURING_ASSESSMENT = 0.32
STRATEGY_NOT_S47 = 0.12  # discussions deciding "continue as child in need" or "no further action"
SECOND_STRATEGY_SHARE = 0.10  # a reconvened discussion before the enquiry's outcome
UNDECIDED_STRATEGY_SHARE = 0.3  # of discussions on the last working day before as-of
AGENCY_WEIGHTS = {"police": 0.95, "health": 0.8, "education": 0.6, "probation": 0.08, "other": 0.1}
# Enquiries going to an ICPC where a plan is possible (≈ 30% of all S47s overall), by the family's need level: the
# families in most need, who come back most often, are the ones whose children more often need a plan; with
# REPEAT_ICPC that is how second and subsequent plans come about (≈ 20%).
ICPC_SHARE_BY_NEED = {"low": 0.19, "medium": 0.37, "high": 0.9}
SHORTER_PLAN_SHARE = 1.0  # of plans that fit no drawn length before the next referral: a shorter one instead
SHORTEST_PLAN_BEFORE_REFERRAL_DAYS = 120
ICPC_SHARE_OTHERWISE = 0.05
PLAN_SHARE_OF_ICPC = 0.9  # some plans cannot fit the episode, so ≈ 87% of ICPCs end in a plan
# Working days from the last strategy discussion to the ICPC: ≈ 81% within 15, median 14.
ICPC_WORKING_DAYS = {5: 1, 6: 1, 7: 2, 8: 2, 9: 3, 10: 4, 11: 5, 12: 8, 13: 10, 14: 17, 15: 29,
                     16: 5, 17: 4, 18: 3, 19: 2, 20: 2, 22: 1.5, 25: 1, 30: 0.5}  # fmt: skip
LATE_ICPC_NEAR_AS_OF = 0.25  # conferences due just after as-of that will be late (seeded breach)
NO_ICPC_REASONS = ["Concerns not substantiated; continue as child in need",
                   "Parents engaging with the safety plan; risk managed under a child in need plan",
                   "No evidence of significant harm; single-agency support", "Child moved out of the household"]  # fmt: skip
PROTECTIVE_ORDER_SHARE = 0.03  # of S47 enquiries: police protection or an emergency protection order
# A child who has had a plan is much more likely to have another when referred again (≈ 20% repeat plans): the
# shares of assessments with a strategy discussion, of enquiries going to an ICPC and of ICPCs making a plan.
REPEAT_STRATEGY, REPEAT_ICPC, REPEAT_PLAN = 0.95, 0.95, 0.97

# Child protection plans.
CATEGORY_WEIGHTS = {"NEG": 50, "EMO": 36, "PHY": 7, "SAB": 4, "MUL": 3}
# Length of plans (days): ≤3 m 15.9%, 3–6 m 11.0%, 6–12 m 43.5%, 1–2 y 25.2%, ≥2 y 4.4%.
# Drawn longer than published, because plans that cannot fit their episode (the next referral or the 18th birthday
# comes first) are redrawn and the shorter draws win, and a plan that fits no draw is shortened to end before the
# next referral (SHORTER_PLAN_SHARE): these shares give ≈ 10 / 16 / 48 / 24 / 2% on 50,000 children (two seeds).
CP_PLAN_LENGTHS = [(7.0, 20, 91), (5.0, 92, 182), (46.0, 183, 365), (36.0, 366, 730), (6.0, 731, 1100)]
CP_END_REASON_WEIGHTS = {"safe": 82, "cla": 10, "moved": 4, "other": 4}
CP_WEEKLY_VISIT_SHARE = 0.08  # plans that set weekly (5 WD) visits, e.g. for babies
CP_VISIT_LATE_SHARE = 0.10
CP_OPEN_VISIT_OVERDUE_SHARE = 0.03  # open plans whose last visit is overdue at as-of (seeded breach)
CORE_GROUP_ON_TIME = 0.85
REVIEW_ON_TIME = 0.9
CATEGORY_CHANGE_AT_REVIEW = 0.08
CORE_GROUP_GAP_WD = (25, 35)

# Children in need plans.
CIN_VISIT_LATE_SHARE = 0.15
CIN_REVIEW_ON_TIME = 0.85
SUPERVISION_CHILDREN = 3  # children discussed (with a decision) in each monthly supervision
