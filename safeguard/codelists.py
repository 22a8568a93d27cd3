"""DfE code lists shared by several domains.

Stored values are the DfE codes themselves, so returns need no translation. Codes follow the CIN census XSD
(liia-tools `cin-2022.xsd`), the newest machine-readable schema found; "Sex" replaces GenderCurrent from
2024/25. Codes added by later census guides (e.g. any new referral source or reason for closure) are to be
confirmed against the DfE 2025/26 guide when the returns are built.
"""

import datetime as dt

from django.db import models


class Sex(models.TextChoices):
    # CIN census "Sex" from 2024/25 (replacing GenderCurrent).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other DDA"


class ReferralSource(models.TextChoices):
    FAMILY = "1A", "Individual – family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual – acquaintance (including neighbours and child minders)"
    SELF = "1C", "Individual – self"
    OTHER_INDIVIDUAL = "1D", "Individual – other (including strangers)"
    SCHOOLS = "2A", "Schools"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health services – GP"
    HEALTH_VISITOR = "3B", "Health services – health visitor"
    SCHOOL_NURSE = "3C", "Health services – school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health services – other primary health services"
    ACCIDENT_EMERGENCY = "3E", "Health services – A&E"
    OTHER_HEALTH = "3F", "Health services – other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services – social care"
    LA_OTHER_INTERNAL = "5B", "LA services – other internal"
    LA_EXTERNAL = "5C", "LA services – external"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    NOT_STATED = "N0", "Not stated"
    ABUSE_NEGLECT = "N1", "Abuse or neglect"
    CHILD_DISABILITY = "N2", "Child's disability or illness"
    PARENTAL_DISABILITY = "N3", "Parental disability or illness"
    ACUTE_STRESS = "N4", "Family in acute stress"
    DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_IN_NEED = "N9", "Cases other than children in need"


class ReasonForClosure(models.TextChoices):
    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CHILD_ARRANGEMENTS = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP = "RC4", "Special guardianship order"
    TRANSFERRED_LA = "RC5", "Transferred to services of another local authority"
    TRANSFERRED_ADULT = "RC6", "Transferred to adult social care"
    CEASED = "RC7", "Services ceased for any other reason, including child no longer in need"
    NFA_AFTER_ASSESSMENT = "RC8", "Case closed after assessment, no further action"
    EARLY_HELP_AFTER_ASSESSMENT = "RC9", "Case closed after assessment, referred to early help"


# RC8 and RC9 close an episode "after assessment": the DfE's rule 2990 allows no section 47, ICPC, child
# protection plan or child in need plan in such an episode, and query 8825Q expects the assessment.
CLOSED_AFTER_ASSESSMENT = {"RC8", "RC9"}


class UPNUnknown(models.TextChoices):
    """CIN census UPNunknown: why a child has no unique pupil number (labels to confirm against the guide)."""

    UNDER_SIX = "UN1", "Child is aged under 6 and has not yet been assigned a UPN"
    NEVER_AT_SCHOOL = "UN2", "Child has never attended a state school in England"
    EDUCATED_ELSEWHERE = "UN3", "Child is educated at home or outside English maintained schools"
    NEWLY_ARRIVED = "UN4", "Child has newly arrived from abroad (including unaccompanied asylum-seeking children)"
    DISCREPANCY = "UN5", "Sources collating UPNs reflect a discrepancy"
    NOT_YET_OBTAINED = "UN6", "UPN not yet obtained from the school or local authority"
    REFERRAL_NFA = "UN7", "Referral with no further action"


class AssessmentFactor(models.TextChoices):
    """CIN census FactorsIdentifiedAtAssessment."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: parent(s) or carer(s)"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: parent(s) or carer(s)"
    DRUGS_OTHER = "2C", "Drug misuse: another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child is the subject"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: parent(s) or carer(s) are the subject"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: another person in the household is the subject"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: parent(s) or carer(s)"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: another person in the family or household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: parent(s) or carer(s)"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: another person in the family or household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: parent(s) or carer(s)"
    PHYSICAL_DISABILITY_OTHER = "6C", "Physical disability or illness: another person in the family or household"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = "8B", "Privately fostered: overseas child intending to return"
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8C", "Privately fostered: overseas child intending to stay"
    PRIVATE_FOSTERING_EDUCATION = "8D", "Privately fostered: UK child in an educational placement"
    PRIVATE_FOSTERING_FAMILY = "8E", "Privately fostered: UK child in an alternative family arrangement"
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CSE = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Abuse or neglect: neglect"
    EMOTIONAL_ABUSE = "17A", "Abuse or neglect: emotional abuse"
    PHYSICAL_ABUSE_CHILD = "18B", "Abuse or neglect: physical abuse (child on child)"
    PHYSICAL_ABUSE_ADULT = "18C", "Abuse or neglect: physical abuse (adult on child)"
    SEXUAL_ABUSE_CHILD = "19B", "Abuse or neglect: sexual abuse (child on child)"
    SEXUAL_ABUSE_ADULT = "19C", "Abuse or neglect: sexual abuse (adult on child)"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CCE = "24A", "Child criminal exploitation"


class CategoryOfAbuse(models.TextChoices):
    """CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse."""

    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple (not recommended)"


# --- SSDA903 (children looked after) code lists ---------------------------------------------------------
# Codes from liia-tools `SSDA903_schema_2024.yml`; labels from the DfE SSDA903 guide. The CIN census codes
# above are shared (category of need N1–N8 is PrimaryNeed without N0 and N9).


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE: why a new episode of care started (DfE SSDA903 guidance; the reference validator's rules 435,
    436 and 217 check T/U/B against the placement and legal status)."""

    STARTED = "S", "Started to be looked after"
    LEGAL_STATUS = "L", "Change of legal status only"
    PLACEMENT = "P", "Change of placement and carer(s) only"
    PLACEMENT_SAME_CARER = "T", "Change of placement (but same carer(s)) only"
    BOTH = "B", "Change of legal status and placement and carer(s) at the same time"
    BOTH_SAME_CARER = "U", "Change of legal status and change of placement (but same carer(s)) at the same time"


class LegalStatus(models.TextChoices):
    """SSDA903 LS."""

    INTERIM_CARE_ORDER = "C1", "Interim care order"
    FULL_CARE_ORDER = "C2", "Full care order"
    FREEING_ORDER = "D1", "Freeing order granted"
    PLACEMENT_ORDER = "E1", "Placement order granted"
    SECTION_20 = "V2", "Single period of accommodation under section 20 (Children Act 1989)"
    SHORT_BREAKS_EPISODES = "V3", "Accommodated under an agreed series of short-term breaks (individual episodes)"
    SHORT_BREAKS_AGREEMENTS = "V4", "Accommodated under an agreed series of short-term breaks (agreements)"
    POLICE_PROTECTION = "L1", "Under police protection and in local authority accommodation"
    EPO = "L2", "Emergency protection order"
    CHILD_ASSESSMENT_ORDER = "L3", "Under a child assessment order and in local authority accommodation"
    REMAND = "J1", "Remanded to local authority accommodation or to youth detention accommodation"
    PACE = "J2", "Placed in local authority accommodation under PACE, including secure accommodation"
    SENTENCED_CRO = "J3", "Sentenced to a youth rehabilitation order with a residence requirement"


class CategoryOfNeed(models.TextChoices):
    """SSDA903 CIN: the category of need when the child started to be looked after."""

    ABUSE_NEGLECT = "N1", "Abuse or neglect"
    CHILD_DISABILITY = "N2", "Child's disability or illness"
    PARENTAL_DISABILITY = "N3", "Parental disability or illness"
    ACUTE_STRESS = "N4", "Family in acute stress"
    DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"


class PlacementType(models.TextChoices):
    """SSDA903 PLACE, every code Safeguard may hold: the current DfE list and the codes it replaced (kept so that
    placements recorded before a change keep their code). Which codes are valid when: PLACEMENT_TYPE_VALIDITY."""

    ADOPTION_CONSENT_FOSTER_CARER = "A3", "Placed for adoption with consent with current foster carer(s)"
    ADOPTION_CONSENT_OTHER = "A4", "Placed for adoption with consent, not with current foster carer(s)"
    ADOPTION_ORDER_FOSTER_CARER = "A5", "Placed for adoption with a placement order with current foster carer(s)"
    ADOPTION_ORDER_OTHER = "A6", "Placed for adoption with a placement order, not with current foster carer(s)"
    SEMI_INDEPENDENT = "H5", "Semi-independent living accommodation (until March 2024: now K3)"
    SECURE_CHILDRENS_HOME = "K1", "Secure children's home"
    CHILDRENS_HOME = "K2", "Children's home subject to Children's Homes Regulations"
    SUPPORTED_ACCOMMODATION = "K3", "Supported accommodation (registered with Ofsted)"
    WITH_PARENTS = "P1", "Placed with own parent(s) or other person(s) with parental responsibility"
    INDEPENDENT_LIVING = "P2", "Independent living (until 27 October 2023: no longer allowed for children)"
    RESIDENTIAL_EMPLOYMENT = "P3", "Residential employment"
    RESIDENTIAL_CARE_HOME = "R1", "Residential care home"
    NHS_ESTABLISHMENT = "R2", "NHS/health trust or other establishment providing medical or nursing care"
    FAMILY_CENTRE = "R3", "Family centre or mother and baby unit"
    YOUNG_OFFENDER_INSTITUTION = "R5", "Young offender institution"
    RESIDENTIAL_SCHOOL = "S1", "Residential school (not dual-registered as a children's home)"
    TEMPORARY_OTHER = "T0", "Temporary move not covered by T1 to T4"
    TEMPORARY_HOSPITAL = "T1", "Temporary period in hospital"
    TEMPORARY_HOLIDAY = "T2", "Temporary absence of the child on holiday"
    TEMPORARY_CARER_HOLIDAY = "T3", "Temporary accommodation while the normal foster carer(s) are on holiday"
    TEMPORARY_SHORT = "T4", "Temporary accommodation of seven days or less, for any other reason"
    KINSHIP_LONG_TERM = "U1", "Foster placement with relative(s) or friend(s): long-term fostering"
    KINSHIP_FFA = "U2", "Foster placement with relative(s) or friend(s) who are approved adopters: FFA/concurrent"
    KINSHIP_OTHER = "U3", "Foster placement with relative(s) or friend(s): not long-term or FFA/concurrent"
    FOSTER_LONG_TERM = "U4", "Foster placement with other foster carer(s): long-term fostering"
    FOSTER_FFA = "U5", "Foster placement with other foster carer(s) who are approved adopters: FFA/concurrent"
    FOSTER_OTHER = "U6", "Foster placement with other foster carer(s): not long-term or FFA/concurrent"
    OTHER = "Z1", "Other placement (until March 2025: now Z11 to Z14)"
    # 2025/26 split Z1 in four. The reference validator (csc-validator-be-903 0.1.17) gives no labels; it treats all
    # four alike (no provider, no Ofsted URN) except that a child under a deprivation of liberty order may be in
    # K2, Z12 or Z13 (rule 709, 2026/27). Labels to confirm against the DfE 2025/26 guide.
    OTHER_Z11 = "Z11", "Other placement (Z11)"
    OTHER_Z12 = "Z12", "Other placement (Z12: may be used under a deprivation of liberty order)"
    OTHER_Z13 = "Z13", "Other placement (Z13: may be used under a deprivation of liberty order)"
    OTHER_Z14 = "Z14", "Other placement (Z14)"


# When each placement type may be recorded (first day, last day; None = open), from the reference validator's
# code lists per year (rule 146: H5, P2 and Z1 are gone in 2025/26; K3 and Z11–Z14 are new) and its rules 217t
# (P2 not valid from 28 October 2023, when supported accommodation for 16- and 17-year-olds had to be registered)
# and 503D (an H5 placement open at the year end continues as K3; Z1 as Z11–Z14).
PLACEMENT_TYPE_VALIDITY: dict[str, tuple[dt.date | None, dt.date | None]] = {
    "H5": (None, dt.date(2024, 3, 31)),
    "P2": (None, dt.date(2023, 10, 27)),
    "K3": (dt.date(2024, 4, 1), None),
    "Z1": (None, dt.date(2025, 3, 31)),
    **dict.fromkeys(("Z11", "Z12", "Z13", "Z14"), (dt.date(2025, 4, 1), None)),
}
# A code the DfE replaced, and the code the same placement is reported under once it has gone (and back: a current
# code reported in a year before it existed). Z1 has four successors, so the record must say which; P2 has none (a
# child could no longer live in unregulated independent living): both are reported as recorded and the validator
# flags them (rule 146), so the placement is corrected.
PLACEMENT_TYPE_SUCCESSOR = {"H5": "K3"}
PLACEMENT_TYPE_PREDECESSOR = {"K3": "H5", "Z11": "Z1", "Z12": "Z1", "Z13": "Z1", "Z14": "Z1"}


def placement_type_valid_on(code: str, day: dt.date) -> bool:
    """Whether the DfE list in force on `day` has this placement type."""
    first, last = PLACEMENT_TYPE_VALIDITY.get(code, (None, None))
    return code in PlacementType.values and (first is None or day >= first) and (last is None or day <= last)


def placement_types_valid_on(day: dt.date) -> list[tuple[str, str]]:
    """(code, label) for the placement types that can be recorded on `day` (what forms offer)."""
    return [(code, label) for code, label in PlacementType.choices if placement_type_valid_on(code, day)]


def placement_type_in_year(code: str, year_end: dt.date) -> str:
    """The code a placement is reported under in the collection year ending `year_end` (31 March): its own if
    valid that year, else its successor (H5 → K3 from 2025/26) or, for a year before a current code existed, its
    predecessor (K3 → H5, Z11–Z14 → Z1). A code with neither (Z1 after March 2025) is returned unchanged."""
    if placement_type_valid_on(code, year_end):
        return code
    for mapping in (PLACEMENT_TYPE_SUCCESSOR, PLACEMENT_TYPE_PREDECESSOR):
        other = mapping.get(code)
        if other and placement_type_valid_on(other, year_end):
            return other
    return code


# Ofsted URN by placement type (reference validator rules 218 and 222): a URN is required for every placement
# type except these, which must not have one (adoption and foster placements carry the agency's URN).
PLACEMENT_TYPES_WITHOUT_URN = frozenset(
    {"P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"}
)
# Placement types with no provider (rules 213 and 526: PLACE_PROVIDER blank for temporary and other placements).
PLACEMENT_TYPES_WITHOUT_PROVIDER = frozenset({"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"})


class PlacementProvider(models.TextChoices):
    """SSDA903 PLACE_PROVIDER."""

    PARENTS = "PR0", "Parent(s) or other person(s) with parental responsibility"
    OWN_PROVISION = "PR1", "Own provision (by the local authority)"
    OTHER_LA = "PR2", "Other local authority provision"
    OTHER_PUBLIC = "PR3", "Other public provision"
    PRIVATE = "PR4", "Private provision"
    VOLUNTARY = "PR5", "Voluntary or third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC."""

    NEW_EPISODE = "X1", "Episode ceases and a new episode begins on the same day"
    ADOPTED_UNOPPOSED = "E11", "Adopted: application for an adoption order unopposed"
    ADOPTED_CONSENT_DISPENSED = "E12", "Adopted: consent dispensed with by the court"
    DIED = "E2", "Died"
    OTHER_LA = "E3", "Care taken over by another local authority in the UK"
    HOME_PLANNED = "E4A", "Returned home to parent(s) or others with parental responsibility, as planned"
    HOME_UNPLANNED = "E4B", "Returned home to parent(s) or others with parental responsibility, not as planned"
    NO_PARENTAL_RESPONSIBILITY = (
        "E13",
        "Left care to live with parent(s), relative(s) or others without parental responsibility",
    )
    CHILD_ARRANGEMENTS = "E41", "Child arrangements order (residence) granted"
    SGO_FOSTER_KIN = "E45", "Special guardianship order to former foster carer(s) who are relatives or friends"
    SGO_FOSTER_OTHER = "E46", "Special guardianship order to former foster carer(s), not relatives or friends"
    SGO_CARER_KIN = "E47", "Special guardianship order to other carer(s) who are relatives or friends"
    SGO_CARER_OTHER = "E48", "Special guardianship order to other carer(s), not relatives or friends"
    INDEPENDENT_SUPPORTED = "E5", "Moved to independent living with formal advice and support"
    INDEPENDENT_UNSUPPORTED = "E6", "Moved to independent living without formal advice and support"
    ADULT_SOCIAL_CARE = "E7", "Transferred to residential care funded by adult social care"
    CUSTODY = "E9", "Sentenced to custody"
    REMAND_ENDED = "E14", "Accommodation on remand ended"
    AGE_ASSESSED_ADULT = "E15", "Age assessment found the child is 18 or over (E5, E6, E7 do not apply)"
    MOVED_ABROAD = "E16", "Child moved abroad"
    STAYING_PUT = "E17", "Aged 18 or over and remained with current carers (including staying put)"
    OTHER = "E8", "Period of being looked after ceased for any other reason"


class ReasonPlacementChange(models.TextChoices):
    """SSDA903 REASON_PLACE_CHANGE: why a placement ended (on the episode that ends with a placement change)."""

    CARE_PLAN = "CARPL", "Change to or implementation of the care plan"
    PROVISION_CLOSED = "CLOSE", "Resignation or closure of the provision"
    ALLEGATION = "ALLEG", "Allegation (section 47)"
    STANDARDS = "STAND", "Standards of care concern"
    APPROVAL_REMOVED = "APPRR", "Approval removed"
    CARER_BEHAVIOUR = "CREQB", "Carer(s) requested the placement end because of the child's behaviour"
    CARER_OTHER = "CREQO", "Carer(s) requested the placement end for another reason"
    CHILD_REQUEST = "CHILD", "Child requested the placement end"
    LA_REQUEST = "LAREQ", "Responsible or area authority requested the placement end"
    STATUS_ONLY = "PLACE", "Change in the status of the placement only"
    CUSTODY = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class ReviewParticipation(models.TextChoices):
    """SSDA903 REVIEW_CODE: how the child took part in their looked-after review."""

    UNDER_4 = "PN0", "Child aged under 4 at the time of the review"
    SPOKE = "PN1", "Child attended and spoke for themselves"
    ADVOCATE_PRESENT = "PN2", "Child attended and an advocate spoke for them"
    SYMBOLIC = "PN3", "Child attended and conveyed their views symbolically (non-verbally)"
    ATTENDED_SILENT = "PN4", "Child attended but did not speak or convey their views"
    ADVOCATE_BRIEFED = "PN5", "Child did not attend but briefed an advocate to speak for them"
    FACILITATIVE_MEDIUM = "PN6", "Child did not attend but conveyed their views by a facilitative medium"
    NO_VIEWS = "PN7", "Child did not attend and their views were not conveyed"


class SDQReason(models.TextChoices):
    """SSDA903 SDQ_REASON: why there is no SDQ score."""

    AGE = "SDQ1", "No form returned: child aged under 4 or over 17 at the latest assessment"
    CARER_REFUSED = "SDQ2", "Carer(s) refused to complete and return the questionnaire"
    DISABILITY = "SDQ3", "Not possible because of the severity of the child's disability"
    OTHER = "SDQ4", "Other"
    CHILD_REFUSED = "SDQ5", "Child or young person refused to allow an SDQ to be completed"


class CareLeaverInTouch(models.TextChoices):
    """SSDA903 IN_TOUCH: whether the authority is in touch with the care leaver around their birthday."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFUSED = "REFU", "Young person refuses contact"
    NOT_REQUIRED = "NREQ", "Young person no longer requires services"
    RETURNED_HOME = "RHOM", "Returned home to parents or others with parental responsibility (6 months or more)"


class CareLeaverActivity(models.TextChoices):
    """SSDA903 ACTIV: the care leaver's main activity."""

    HIGHER_EDUCATION_FULL = "F1", "Full-time higher education"
    HIGHER_EDUCATION_PART = "P1", "Part-time higher education"
    EDUCATION_FULL = "F2", "Full-time education other than higher education"
    EDUCATION_PART = "P2", "Part-time education other than higher education"
    APPRENTICESHIP_FULL = "F4", "Full-time apprenticeship"
    APPRENTICESHIP_PART = "P4", "Part-time apprenticeship"
    EMPLOYMENT_FULL = "F5", "Full-time training or employment"
    EMPLOYMENT_PART = "P5", "Part-time training or employment"
    NEET_ILLNESS = "G4", "Not in education, employment or training: illness or disability"
    NEET_OTHER = "G5", "Not in education, employment or training: other reasons"
    NEET_PARENTING = "G6", "Not in education, employment or training: pregnancy or parenting"
    NOT_KNOWN = "0", "Not known (not in touch)"


class CareLeaverAccommodation(models.TextChoices):
    """SSDA903 ACCOM: the care leaver's accommodation; the digit is suitability (1 suitable, 2 not suitable)."""

    PARENTS_SUITABLE = "B1", "With parents or relatives: suitable"
    PARENTS_UNSUITABLE = "B2", "With parents or relatives: not suitable"
    RESIDENTIAL_SUITABLE = "C1", "Community home or other residential care: suitable"
    RESIDENTIAL_UNSUITABLE = "C2", "Community home or other residential care: not suitable"
    SEMI_INDEPENDENT_SUITABLE = "D1", "Semi-independent transitional accommodation: suitable"
    SEMI_INDEPENDENT_UNSUITABLE = "D2", "Semi-independent transitional accommodation: not suitable"
    SUPPORTED_LODGINGS_SUITABLE = "E1", "Supported lodgings: suitable"
    SUPPORTED_LODGINGS_UNSUITABLE = "E2", "Supported lodgings: not suitable"
    ABROAD_SUITABLE = "G1", "Gone abroad: suitable"
    ABROAD_UNSUITABLE = "G2", "Gone abroad: not suitable"
    DEPORTED_SUITABLE = "H1", "Deported: suitable"
    DEPORTED_UNSUITABLE = "H2", "Deported: not suitable"
    LODGINGS_SUITABLE = "K1", "Ordinary lodgings without formal support: suitable"
    LODGINGS_UNSUITABLE = "K2", "Ordinary lodgings without formal support: not suitable"
    NOT_KNOWN_SUITABLE = "R1", "Residence not known: suitable"
    NOT_KNOWN_UNSUITABLE = "R2", "Residence not known: not suitable"
    NO_FIXED_ABODE_SUITABLE = "S1", "No fixed abode or homeless: suitable"
    NO_FIXED_ABODE_UNSUITABLE = "S2", "No fixed abode or homeless: not suitable"
    FOYER_SUITABLE = "T1", "Foyer or similar supported accommodation: suitable"
    FOYER_UNSUITABLE = "T2", "Foyer or similar supported accommodation: not suitable"
    INDEPENDENT_SUITABLE = "U1", "Independent living (flat or tenancy): suitable"
    INDEPENDENT_UNSUITABLE = "U2", "Independent living (flat or tenancy): not suitable"
    EMERGENCY_SUITABLE = "V1", "Emergency accommodation: suitable"
    EMERGENCY_UNSUITABLE = "V2", "Emergency accommodation: not suitable"
    BED_AND_BREAKFAST_SUITABLE = "W1", "Bed and breakfast: suitable"
    BED_AND_BREAKFAST_UNSUITABLE = "W2", "Bed and breakfast: not suitable"
    CUSTODY_SUITABLE = "X1", "In custody: suitable"
    CUSTODY_UNSUITABLE = "X2", "In custody: not suitable"
    OTHER_SUITABLE = "Y1", "Other accommodation: suitable"
    OTHER_UNSUITABLE = "Y2", "Other accommodation: not suitable"
    FORMER_FOSTER_SUITABLE = "Z1", "With former foster carers (staying put): suitable"
    FORMER_FOSTER_UNSUITABLE = "Z2", "With former foster carers (staying put): not suitable"
    NOT_KNOWN = "0", "Not known (not in touch)"


class MissingType(models.TextChoices):
    """SSDA903 MISSING."""

    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class ReasonPlacedForAdoptionCeased(models.TextChoices):
    """SSDA903 REASON_PLACED_CEASED: why the decision that the child should be placed for adoption was reversed
    (labels as the SSD gives them)."""

    NEEDS_CHANGED = "RD1", "The child's needs changed after the decision"
    NO_PLACEMENT_ORDER = "RD2", "The court did not make a placement order"
    NO_ADOPTERS = "RD3", "Prospective adopters could not be found"
    OTHER = "RD4", "Any other reason"


class AdopterSexes(models.TextChoices):
    """SSDA903 SEX_ADOPTR."""

    SINGLE_MALE = "M1", "Single male adopter"
    SINGLE_FEMALE = "F1", "Single female adopter"
    TWO_MALE = "MM", "Male couple"
    TWO_FEMALE = "FF", "Female couple"
    MALE_FEMALE = "MF", "Male and female couple"


class AdopterLegalStatus(models.TextChoices):
    """SSDA903 LS_ADOPTR."""

    SINGLE = "L0", "Single person"
    # L11 is the opposite-sex married couple (the reference validator's rule 520 requires SEX_ADOPTR MF with L11).
    MARRIED_OPPOSITE_SEX = "L11", "Married couple (opposite sex)"
    MARRIED_SAME_SEX = "L12", "Married couple (same sex)"
    CIVIL_PARTNERSHIP = "L2", "Civil partnership"
    UNMARRIED = "L3", "Unmarried couple"
    NOT_KNOWN = "L4", "Not known"


class PreviousPermanence(models.TextChoices):
    """SSDA903 PREV_PERM: a permanence order held before this period of care (P4 label to confirm against the guide).
    Every child starting care has one (rule 630): Z1 when there was none or it is not known, with no LA or date
    (rule 635); any other code needs LA_PERM and DATE_PERM (rule 630)."""

    ADOPTION = "P1", "Adoption"
    SPECIAL_GUARDIANSHIP = "P2", "Special guardianship order"
    CHILD_ARRANGEMENTS = "P3", "Residence order or child arrangements order (living with)"
    OTHER = "P4", "Other permanence order"
    UNKNOWN = "Z1", "None, or not known"


# SSDA903 LA_PERM: where an earlier permanence order was arranged. The DfE's three-digit local authority numbers
# as the reference validator lists them (rule 633; 999 included), or outside England: WAL, SCO, NIR, NUK.
LA_PERM_CODES = frozenset(
    (
        "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,381,909,202,908,"
        "331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,850,311,204,884,312,205,313,805,"
        "919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,"
        "929,812,391,926,892,813,802,928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,"
        "343,803,373,342,893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,"
        "937,869,320,359,865,384,335,336,212,868,872,885,344,877,213,938,816,999"
    ).split(",")
) | {"WAL", "SCO", "NIR", "NUK"}
