"""The 2026/27 CIN census: the pre-proceedings (module 5) block, what is left out, 2025/26 unchanged, and the
round trip through the import."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from safeguard.casework.models import CINEpisode
from safeguard.chronology.models import Event
from safeguard.legal.models import PreProceedings
from safeguard.people.models import Person
from safeguard.returns.cin_census import PRE_PROCEEDINGS_ELEMENTS, cin_census_build
from safeguard.returns.imports.cin_census import cin_census_import
from safeguard.returns.years import CollectionYear
from tests.factories import EpisodeFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2026)  # 1 April 2026 to 31 March 2027
D = dt.date
GENERATED_AT = dt.datetime(2027, 4, 2, 9, 30, tzinfo=dt.UTC)


def build(year=YEAR) -> bytes:
    return cin_census_build(year=year, generated_at=GENERATED_AT)


def blocks(content: bytes, la_id: str) -> list[ET.Element]:
    root = ET.fromstring(content)
    child = next(c for c in root.iter("Child") if c.findtext("ChildIdentifiers/LAchildID") == la_id)
    return child.findall("CINdetails/PreProceedings")


def a_record() -> dict[str, PreProceedings]:
    stepped_up = PersonFactory(la_person_id="L0000001", date_of_birth=D(2014, 4, 4))
    episode = EpisodeFactory(child=stepped_up, referral_date=D(2026, 3, 2), referral_source="5A", primary_need="N1")
    full = PreProceedings.objects.create(
        child=stepped_up, cin_episode=episode, decision_date=D(2026, 6, 1), letter_sent_on=D(2026, 6, 5),
        fgdm_offered=True, fgdm_held=False, initial_meeting_date=D(2026, 6, 19), review_meetings=0,
        step_decision_date=D(2026, 9, 1), outcome="B", court_application_date=D(2026, 9, 8),
        proceedings_letter_date=D(2026, 9, 9),
    )  # fmt: skip
    open_at_year_end = PersonFactory(la_person_id="L0000002", date_of_birth=D(2019, 1, 1))
    later = EpisodeFactory(child=open_at_year_end, referral_date=D(2026, 10, 1), referral_source="1A")
    ends_after = PreProceedings.objects.create(
        child=open_at_year_end, cin_episode=later, decision_date=D(2027, 1, 11), letter_sent_on=D(2027, 1, 12),
        initial_meeting_date=D(2027, 4, 2), review_meetings=3, step_decision_date=D(2027, 5, 1), outcome="A",
    )  # fmt: skip
    last_year = PersonFactory(la_person_id="L0000003", date_of_birth=D(2016, 1, 1))
    older = EpisodeFactory(child=last_year, referral_date=D(2025, 9, 1), referral_source="2A")
    before = PreProceedings.objects.create(child=last_year, cin_episode=older, decision_date=D(2026, 2, 1))
    return {"full": full, "ends_after": ends_after, "before": before}


def test_the_block_follows_the_module_order_with_1_0_flags():
    a_record()
    [block] = blocks(build(), "L0000001")
    assert [e.tag for e in block] == list(PRE_PROCEEDINGS_ELEMENTS)
    assert {e.tag: e.text for e in block} == {
        "PPStartDate": "2026-06-01", "LBPSentDate": "2026-06-05", "FGDMMeetingOffer": "1", "FGDMMeetingFac": "0",
        "InitialPPMeetingDate": "2026-06-19", "ReviewMeetingsCount": "0", "StepDecisionDate": "2026-09-01",
        "PPOutcome": "B", "CourtAppDate": "2026-09-08", "LetterInitCPDate": "2026-09-09",
    }  # fmt: skip
    details = ET.fromstring(build()).find("Children/Child/CINdetails")
    assert [e.tag for e in details][-1] == "PreProceedings"  # after ReferralNFA and any ChildProtectionPlans


def test_what_had_not_happened_by_31_march_is_left_out():
    a_record()
    [block] = blocks(build(), "L0000002")
    assert [e.tag for e in block] == ["PPStartDate", "LBPSentDate"]  # meeting, reviews and the ending came later


def test_pre_proceedings_decided_before_the_year_are_not_reported():
    a_record()
    assert blocks(build(), "L0000003") == []  # rule 9005: PPStartDate within the year
    assert len(blocks(build(CollectionYear(2027)), "L0000002")) == 0  # next year: the decision was in 2026/27


def test_2025_26_is_byte_identical_with_or_without_pre_proceedings():
    a_record()
    with_records = build(CollectionYear(2025))
    assert b"PreProceedings" not in with_records
    PreProceedings.objects.all().delete()
    assert build(CollectionYear(2025)) == with_records


def test_build_import_build_gives_the_same_file():
    a_record()
    before = build()
    PreProceedings.objects.all().delete()
    Event.objects.all().delete()
    CINEpisode.objects.all().delete()
    Person.objects.all()._raw_delete(Person.objects.db)
    importer = UserFactory(username="importer")

    report = cin_census_import(content=before, source_name="cin-2026-27.xml", imported_by=importer)

    assert report.ok, report.text()
    assert report.created["Pre-proceedings"] == 2
    assert build() == before
    imported = PreProceedings.objects.get(decision_date=D(2026, 6, 1))
    assert (imported.fgdm_offered, imported.fgdm_held, imported.outcome) == (True, False, "B")
    assert imported.history.get().history_change_reason == "Imported from cin-2026-27.xml"
    assert Event.objects.filter(kind="preproceedings.ended", child=imported.child).exists()
    again = cin_census_import(content=before, source_name="cin-2026-27.xml", imported_by=importer)
    assert again.ok and not again.changed


def test_a_bad_block_is_named_and_nothing_is_written():
    a_record()
    content = build().replace(b"<PPOutcome>B</PPOutcome>", b"<PPOutcome>A</PPOutcome>")
    content = content.replace(b"<LBPSentDate>2026-06-05</LBPSentDate>", b"<LBPSentDate>2026-05-05</LBPSentDate>")
    PreProceedings.objects.all().delete()

    report = cin_census_import(content=content, source_name="bad.xml", imported_by=UserFactory())

    assert not report.ok
    text = report.text()
    assert "LBPSentDate" in text and "CourtAppDate" in text
    assert not PreProceedings.objects.exists()
