"""One faulty and one fixed CIN census per rule: the faulty one must be flagged by the rule, the fixed one not.

Each case is built from the valid child of `cin_builder` with one thing changed. The same cases were run through the
DfE reference validator (csc-validator-be-cin) when the rules were written, which flags the same children.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cin_builder import assessment, census, child, cin_plan, episode, protection_plan, section47


def upn(body: str) -> str:
    """A UPN with the right check letter for its 12 characters after the first."""
    total = sum(int(digit) * weight for weight, digit in enumerate(body, start=2))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + body


VALID_UPN = upn("201000012345")
OTHER_UPN = upn("201000012346")
WRONG_LETTER = ("B" if VALID_UPN[0] == "A" else "A") + VALID_UPN[1:]


@dataclass
class Case:
    code: str
    faulty: list[dict]
    fixed: list[dict]
    header: dict = field(default_factory=dict)  # header changes for the faulty document only
    child: str | tuple | None = "C1"  # the child(ren) reported (None: a return-level finding, or no LAchildID)

    @property
    def children(self) -> set:
        return set(self.child) if isinstance(self.child, tuple) else {self.child}

    def documents(self) -> tuple[bytes, bytes]:
        return census(*self.faulty, header_fields=self.header), census(*self.fixed)


def one(*, faulty: dict, fixed: dict) -> tuple[list[dict], list[dict]]:
    return [child(**faulty)], [child(**fixed)]


def episodes(*items: dict) -> dict:
    return {"episodes": list(items)}


def closed(reason: str = "RC1", day: str = "2025-08-01", **fields) -> dict:
    return episode(CINclosureDate=day, ReasonForClosure=reason, **fields)


OPEN_ASSESSMENT = assessment(AssessmentAuthorisationDate=None, FactorsIdentifiedAtAssessment=None)
# An episode closed before the default one began, its assessment inside it.
EARLIER = closed(
    CINreferralDate="2025-05-01",
    day="2025-05-30",
    assessments=[assessment(AssessmentActualStartDate="2025-05-02", AssessmentAuthorisationDate="2025-05-29")],
)
UNBORN = {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2026-03-05", "Sex": "U"}


def case(code: str, faulty: dict, fixed: dict, **options) -> Case:
    bad, good = one(faulty=faulty, fixed=fixed)
    return Case(code, bad, good, **options)


def with_episode(**fields) -> dict:
    return episodes(episode(**fields))


CASES = [
    Case("100", [child()], [child()], header={"ReferenceDate": "2026-03-30"}, child=None),
    case("1103", with_episode(assessments=[assessment(AssessmentActualStartDate="2025-06-01")]), {}),
    case(
        "1104",
        with_episode(enquiries=[section47(DateOfInitialCPC="2025-06-01")]),
        with_episode(enquiries=[section47()]),
    ),
    case(
        "1105",
        with_episode(protection=[protection_plan(CPPstartDate="2025-06-01")]),
        with_episode(protection=[protection_plan()]),
    ),
    case("1510", {"UPN": WRONG_LETTER, "UPNunknown": None}, {"UPN": VALID_UPN, "UPNunknown": None}),
    Case(
        "1520",
        [child("C1", UPN=VALID_UPN), child("C2", UPN=VALID_UPN)],
        [child("C1", UPN=VALID_UPN), child("C2", UPN=OTHER_UPN)],
        child=("C1", "C2"),
    ),
    case("1530", {"UPN": upn("999000012345")}, {"UPN": VALID_UPN}),
    case("1540", {"UPN": "A201ABCD12345"}, {"UPN": VALID_UPN}),
    case("1550", {"UPN": "A20100001234I"}, {"UPN": VALID_UPN}),
    case("1560Q", {"FormerUPN": "12345"}, {"FormerUPN": VALID_UPN}),
    Case("1570", [child("C" * 21)], [child("C" * 20)], child="C" * 21),
    Case("1580", [child("C-1")], [child("C1")], child="C-1"),
    case(
        "2883",
        with_episode(protection=[protection_plan()], enquiries=[]),
        with_episode(protection=[protection_plan()], enquiries=[section47()]),
        child=None,
    ),
    case(
        "2884",
        with_episode(DateOfInitialCPC="2025-06-20", enquiries=[section47()]),
        with_episode(enquiries=[section47()]),
    ),
    case(
        "2885",
        with_episode(enquiries=[section47()], protection=[protection_plan(CPPstartDate="2025-06-23")]),
        with_episode(enquiries=[section47()], protection=[protection_plan()]),
    ),
    case("2886Q", {"Sex": "U"}, {"Sex": "F"}, child=None),
    case("2888Q", {"disabilities": ["MOB"]}, {"disabilities": ["MOB", "HAND"]}, child=None),
    case(
        "2889",
        with_episode(enquiries=[section47(S47ActualStartDate="2025-06-01")]),
        with_episode(enquiries=[section47()]),
    ),
    case("2990", episodes(closed("RC8", plans=[cin_plan(CINPlanEndDate="2025-07-30")])), episodes(closed("RC8"))),
    case("2991Q", with_episode(assessments=[], enquiries=[section47()]), with_episode(enquiries=[section47()])),
    case(
        "4000",
        with_episode(ReferralNFA="true", assessments=[], plans=[cin_plan()]),
        with_episode(ReferralNFA="true", assessments=[]),
    ),
    case(
        "4001",
        with_episode(plans=[cin_plan()], protection=[protection_plan()]),
        with_episode(
            plans=[cin_plan(CINPlanEndDate="2025-07-30")],
            protection=[protection_plan(CPPstartDate="2025-08-01")],
            enquiries=[section47(DateOfInitialCPC="2025-08-01")],
        ),
    ),
    case(
        "4003",
        with_episode(
            plans=[cin_plan(CINPlanEndDate="2025-10-01")],
            protection=[protection_plan("2025-08-01", CPPendDate="2025-12-01")],
        ),
        with_episode(
            plans=[cin_plan(CINPlanEndDate="2025-10-01")],
            protection=[protection_plan("2025-06-25", CPPendDate="2025-07-01")],
        ),
    ),
    case(
        "4004",
        with_episode(plans=[cin_plan(), cin_plan(CINPlanStartDate="2025-09-01")]),
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-08-01"), cin_plan(CINPlanStartDate="2025-09-01")]),
    ),
    case(
        "4008",
        {"PersonDeathDate": "2025-07-01", **with_episode(plans=[cin_plan()])},
        {"PersonDeathDate": "2025-07-01", **with_episode(plans=[cin_plan(CINPlanStartDate="2025-06-30")])},
    ),
    case(
        "4009Q",
        {"PersonDeathDate": "2025-08-01", **with_episode(plans=[cin_plan(CINPlanEndDate="2025-09-01")])},
        {"PersonDeathDate": "2025-08-01", **with_episode(plans=[cin_plan(CINPlanEndDate="2025-07-30")])},
    ),
    case("4010", with_episode(plans=[cin_plan(CINPlanStartDate=None)]), with_episode(plans=[cin_plan()])),
    case(
        "4011",
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-07-01")]),
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-07-03")]),
    ),
    case(
        "4012Q",
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-07-02")]),
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-07-03")]),
    ),
    case(
        "4013",
        with_episode(plans=[cin_plan(CINPlanEndDate="2026-04-01")]),
        with_episode(plans=[cin_plan(CINPlanEndDate="2026-03-01")]),
    ),
    case(
        "4014",
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-09-01"), cin_plan(CINPlanStartDate="2025-08-01")]),
        with_episode(plans=[cin_plan(CINPlanEndDate="2025-09-01"), cin_plan(CINPlanStartDate="2025-09-02")]),
    ),
    case("4015", with_episode(plans=[cin_plan(CINPlanStartDate="2025-06-01")]), with_episode(plans=[cin_plan()])),
    case(
        "4016",
        with_episode(plans=[cin_plan()], protection=[protection_plan()]),
        with_episode(plans=[cin_plan()], protection=[protection_plan(CPPendDate="2025-07-02")]),
    ),
    case(
        "4017",
        with_episode(plans=[cin_plan()], protection=[protection_plan(CPPstartDate="2025-08-01")]),
        with_episode(
            plans=[cin_plan(CINPlanEndDate="2025-08-01")],
            protection=[protection_plan(CPPstartDate="2025-08-01")],
            enquiries=[section47(DateOfInitialCPC="2025-08-01")],
        ),
    ),
    case("4180", {"Sex": "X"}, {"Sex": "M"}),
    case("4220", {"ethnicity": "XXXX"}, {"ethnicity": "WBRI"}),
    Case("8500", [child(None)], [child("C1")], child=None),
    Case("8510", [child("C1"), child("C1")], [child("C1"), child("C2")]),
    case(
        "8520",
        {"PersonBirthDate": "2026-04-01"},
        {"PersonBirthDate": "2026-03-31", **with_episode(CINreferralDate="2026-03-31", assessments=[])},
    ),
    case("8525Q", {"ExpectedPersonBirthDate": "2026-06-01"}, {}),
    case("8530Q", UNBORN | {"ExpectedPersonBirthDate": "2027-01-01"}, UNBORN),
    case("8535Q", {"PersonDeathDate": "2021-12-31"}, {"PersonDeathDate": "2026-01-01"}),
    case("8540", {"disabilities": ["XYZ"]}, {"disabilities": ["NONE"]}),
    case("8545Q", {"PersonDeathDate": "2025-03-01"}, {"PersonDeathDate": "2025-05-01"}),
    case("8555Q", {"PersonDeathDate": "2025-06-01"}, {"PersonDeathDate": "2025-06-02"}),
    case("8565", episodes(closed(day="2025-06-20")), episodes(closed(day="2025-07-01"))),
    case("8568", with_episode(ReferralNFA="yes"), {}),
    case(
        "8569Q",
        with_episode(CINreferralDate="2025-03-01", ReferralNFA="true", assessments=[]),
        with_episode(CINreferralDate="2025-03-01", assessments=[]),
    ),
    case("8585Q", episodes(closed("RC2")), {"PersonDeathDate": "2025-08-01", **episodes(closed("RC2"))}),
    case("8590", {"episodes": []}, {}),
    case(
        "8600",
        with_episode(CINreferralDate="2026-04-01", assessments=[]),
        with_episode(CINreferralDate="2026-03-31", assessments=[]),
    ),
    case("8606", with_episode(CINreferralDate="2021-03-26"), with_episode(CINreferralDate="2021-03-27")),
    case("8608", with_episode(assessments=[assessment(AssessmentActualStartDate="2025-07-02")]), {}),
    case("8610", with_episode(PrimaryNeedCode=None), {}),
    case(
        "8614",
        with_episode(assessments=[assessment(AssessmentAuthorisationDate=None)]),
        with_episode(assessments=[OPEN_ASSESSMENT]),
    ),
    case(
        "8615",
        with_episode(enquiries=[section47(S47ActualStartDate="2025-06-21")]),
        with_episode(enquiries=[section47()]),
    ),
    case("8620", episodes(closed(day="2025-03-01")), episodes(closed())),
    case("8630", episodes(closed(day="2025-06-01")), episodes(closed())),
    case("8640", episodes(closed("RC0")), episodes(closed())),
    case("8650", with_episode(PrimaryNeedCode="N10"), {}),
    case(
        "8670Q",
        with_episode(assessments=[OPEN_ASSESSMENT]),
        with_episode(assessments=[OPEN_ASSESSMENT | {"AssessmentActualStartDate": "2026-03-01"}]),
    ),
    case(
        "8675Q",
        with_episode(enquiries=[section47(DateOfInitialCPC=None, ICPCnotRequired="false")]),
        with_episode(
            enquiries=[section47(DateOfInitialCPC=None, ICPCnotRequired="false", S47ActualStartDate="2026-03-20")]
        ),
    ),
    case(
        "8696",
        with_episode(
            CINreferralDate="2025-02-03",
            assessments=[assessment(AssessmentActualStartDate="2025-03-03", AssessmentAuthorisationDate="2025-03-31")],
        ),
        with_episode(
            CINreferralDate="2025-02-03",
            assessments=[assessment(AssessmentActualStartDate="2025-03-03", AssessmentAuthorisationDate="2025-04-01")],
        ),
    ),
    case(
        "8715",
        with_episode(enquiries=[section47(DateOfInitialCPC="2026-04-01")]),
        with_episode(enquiries=[section47()]),
    ),
    case(
        "8720",
        with_episode(protection=[protection_plan(CPPstartDate=None)]),
        with_episode(protection=[protection_plan()]),
    ),
    case(
        "8730",
        with_episode(protection=[protection_plan(NumberOfPreviousCPP=None)]),
        with_episode(protection=[protection_plan()]),
    ),
    case(
        "8736",
        with_episode(
            CINreferralDate="2025-02-03", assessments=[OPEN_ASSESSMENT | {"AssessmentActualStartDate": "2025-03-03"}]
        ),
        with_episode(assessments=[OPEN_ASSESSMENT]),
    ),
    case(
        "8740",
        with_episode(
            CINreferralDate="2025-02-03",
            enquiries=[section47(S47ActualStartDate="2025-03-03", DateOfInitialCPC=None, ICPCnotRequired="0")],
        ),
        with_episode(enquiries=[section47(DateOfInitialCPC=None, ICPCnotRequired="0")]),
    ),
    case("8750", UNBORN | {"Sex": "F"}, UNBORN),
    case("8770Q", {"PersonBirthDate": "2015-01-01"}, {"PersonBirthDate": "2015-01-01", "UPNunknown": "UN2"}),
    case("8772", {"UPNunknown": "UN7"}, {"UPNunknown": "UN1"}),
    case("8775Q", {"PersonBirthDate": "1990-01-01"}, {"PersonBirthDate": "2005-01-01"}),
    case("8790", {"disabilities": ["NONE", "MOB"]}, {"disabilities": ["MOB"]}),
    case("8794", {"disabilities": ["MOB", "MOB"]}, {"disabilities": ["MOB", "HAND"]}),
    case("8805", episodes(closed(None)), episodes(closed())),
    case("8810", with_episode(ReasonForClosure="RC1"), episodes(closed())),
    case("8815", episodes(episode(CINreferralDate="2025-05-01"), episode()), episodes(EARLIER, episode())),
    case(
        "8816", episodes(episode(CINreferralDate="2025-05-01"), closed(day="2025-09-01")), episodes(EARLIER, episode())
    ),
    case(
        "8820",
        episodes(closed(CINreferralDate="2025-05-01", day="2025-07-01"), episode()),
        episodes(EARLIER | {"CINclosureDate": "2025-06-01"}, episode()),
    ),
    case("8825Q", episodes(closed("RC8", assessments=[])), episodes(closed("RC8"))),
    case("8831", with_episode(ReferralNFA="true"), with_episode(ReferralNFA="true", assessments=[])),
    case(
        "8832",
        with_episode(ReferralNFA="true", assessments=[], protection=[protection_plan()]),
        with_episode(protection=[protection_plan()]),
    ),
    case(
        "8839",
        with_episode(enquiries=[section47(DateOfInitialCPC=None), section47(DateOfInitialCPC=None)]),
        with_episode(enquiries=[section47(), section47(S47ActualStartDate="2025-06-23", DateOfInitialCPC=None)]),
    ),
    case(
        "8840",
        with_episode(protection=[protection_plan(CPPendDate="2025-06-20")]),
        with_episode(protection=[protection_plan(CPPendDate="2025-08-01")]),
    ),
    case(
        "8841",
        with_episode(protection=[protection_plan("2025-06-20")]),
        with_episode(protection=[protection_plan("2025-06-21")]),
    ),
    case(
        "8842Q",
        with_episode(protection=[protection_plan("not a date")]),
        with_episode(protection=[protection_plan("2025-09-01")]),
    ),
    case(
        "8863Q",
        with_episode(assessments=[assessment(), assessment(AssessmentActualStartDate="2025-06-10")]),
        with_episode(
            assessments=[
                assessment(),
                assessment(AssessmentActualStartDate="2025-07-02", AssessmentAuthorisationDate="2025-08-01"),
            ]
        ),
    ),
    case("8866", with_episode(ReferralSource="99"), {}),
    case("8867", episodes(closed(assessments=[OPEN_ASSESSMENT])), episodes(closed())),
    case(
        "8868",
        episodes(closed(enquiries=[section47(DateOfInitialCPC=None)])),
        episodes(closed(enquiries=[section47()])),
    ),
    case(
        "8873Q",
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["21"]})]),
        episodes(closed("RC8", assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["21"]})])),
    ),
    case(
        "8875",
        with_episode(enquiries=[section47(DateOfInitialCPC="2025-06-21")]),
        with_episode(enquiries=[section47()]),
    ),
    case(
        "8890",
        with_episode(
            enquiries=[section47(), section47(S47ActualStartDate="2025-06-10", DateOfInitialCPC="2025-06-27")]
        ),
        with_episode(
            enquiries=[section47(), section47(S47ActualStartDate="2025-06-23", DateOfInitialCPC="2025-06-27")]
        ),
    ),
    case(
        "8896",
        with_episode(assessments=[OPEN_ASSESSMENT, OPEN_ASSESSMENT | {"AssessmentActualStartDate": "2025-06-04"}]),
        with_episode(assessments=[assessment(), OPEN_ASSESSMENT | {"AssessmentActualStartDate": "2025-07-02"}]),
    ),
    case("8897Q", with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment=None)]), {}),
    case(
        "8898",
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["1A", "1A"]})]),
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["1A", "1B"]})]),
    ),
    case(
        "8905",
        with_episode(protection=[protection_plan(InitialCategoryOfAbuse="XXX")]),
        with_episode(protection=[protection_plan()]),
    ),
    case(
        "8910",
        with_episode(protection=[protection_plan(LatestCategoryOfAbuse="XXX")]),
        with_episode(protection=[protection_plan()]),
    ),
    case(
        "8915",
        {"PersonDeathDate": "2025-06-19", **with_episode(protection=[protection_plan()])},
        {"PersonDeathDate": "2025-06-21", **with_episode(protection=[protection_plan(CPPendDate="2025-06-21")])},
    ),
    case(
        "8920",
        {"PersonDeathDate": "2025-07-01", **with_episode(protection=[protection_plan(CPPendDate="2025-08-01")])},
        {"PersonDeathDate": "2025-07-01", **with_episode(protection=[protection_plan(CPPendDate="2025-06-30")])},
    ),
    case(
        "8925",
        with_episode(protection=[protection_plan(CPPendDate="2025-06-19")]),
        with_episode(protection=[protection_plan(CPPendDate="2025-08-01")]),
    ),
    case(
        "8930",
        with_episode(protection=[protection_plan(CPPendDate="2026-04-01")]),
        with_episode(protection=[protection_plan(CPPendDate="2026-03-01")]),
    ),
    case(
        "8935",
        episodes(
            episode(protection=[protection_plan()]), episode(protection=[protection_plan(CPPstartDate="2025-07-01")])
        ),
        episodes(
            closed(
                day="2025-06-30",
                assessments=[assessment(AssessmentAuthorisationDate="2025-06-10")],
                protection=[protection_plan(CPPendDate="2025-06-30")],
            ),
            episode(
                CINreferralDate="2025-07-01",
                assessments=[
                    assessment(AssessmentActualStartDate="2025-07-01", AssessmentAuthorisationDate="2025-07-20")
                ],
                enquiries=[section47(S47ActualStartDate="2025-07-02", DateOfInitialCPC="2025-07-04")],
                protection=[protection_plan(CPPstartDate="2025-07-04")],
            ),
        ),
    ),
    case(
        "8940",
        with_episode(protection=[protection_plan(CPPendDate="2025-09-01"), protection_plan(CPPstartDate="2025-08-01")]),
        with_episode(
            protection=[protection_plan(CPPendDate="2025-09-01"), protection_plan(CPPstartDate="2025-09-02")],
            enquiries=[section47(), section47(S47ActualStartDate="2025-08-20", DateOfInitialCPC="2025-09-02")],
        ),
    ),
    # Held out of the default set (the reference validator never reports them): written to the DfE's text.
    case(
        "2887Q",
        {"disabilities": ["MOB"]},
        {"disabilities": ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"]},
        child=None,
    ),
    case(
        "8869",
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["21", "1A"]})]),
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["21"]})]),
    ),
    case(
        "8870Q",
        with_episode(enquiries=[section47(InitialCPCtarget="2025-06-21")]),
        with_episode(enquiries=[section47()]),
    ),
    case(
        "8945Q",
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["18A"]})]),
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["18B"]})]),
    ),
    case(
        "8950Q",
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["19A"]})]),
        with_episode(assessments=[assessment(FactorsIdentifiedAtAssessment={"AssessmentFactors": ["19B"]})]),
    ),
]
