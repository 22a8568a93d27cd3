"""CIN census 2025/26: the child's identifiers and characteristics (UPN, LA child ID, dates, sex, ethnicity,
disabilities)."""

from __future__ import annotations

import polars as pl

from ...engine import Frames, rule
from ..codes import (
    DISABILITY,
    ETHNICITY,
    SEX,
    UPN_CHECK_LETTERS,
    UPN_LA_CODES,
    UPN_LAST_CHARACTER,
    is_false,
    shift,
)

IDS = "ChildIdentifiers"
UPN = pl.col("UPN")


@rule("100", "Reference Date is incorrect", table="Header", fields=["ReferenceDate"])
def reference_date(f: Frames) -> pl.LazyFrame:
    # Must be present and equal 31 March of the header's Year.
    expected = pl.date(pl.col("Year").cast(pl.Int32, strict=False), 3, 31)
    return f["Header"].filter(pl.col("ReferenceDate").is_null() | (pl.col("ReferenceDate") != expected).fill_null(True))


@rule("1510", "UPN invalid (wrong check letter at character 1)", table=IDS, fields=["UPN"])
def upn_check_letter(f: Frames) -> pl.LazyFrame:
    # Only a 13-character UPN whose characters 2-13 are all digits is checked (a temporary UPN ends in a letter).
    weighted = pl.sum_horizontal(UPN.str.slice(i, 1).cast(pl.Int32, strict=False) * (i + 1) for i in range(1, 13))
    letter = pl.lit(UPN_CHECK_LETTERS).str.slice(weighted % 23, 1)
    candidates = f[IDS].filter((UPN.str.len_chars() == 13) & UPN.str.slice(1).str.contains(r"^[0-9]+$"))
    return candidates.filter(UPN.str.slice(0, 1) != letter)


@rule("1520", "More than one record with the same UPN.", table=IDS, fields=["UPN"])
def upn_unique(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(UPN.is_not_null() & UPN.is_duplicated())


@rule("1530", "UPN invalid (characters 2-4 not a recognised LA code)", table=IDS, fields=["UPN"])
def upn_la_code(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter((UPN.str.len_chars() == 13) & ~UPN.str.slice(1, 3).is_in(UPN_LA_CODES))


@rule("1540", "UPN invalid (characters 5-12 not all numeric)", table=IDS, fields=["UPN"])
def upn_numeric(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(UPN.is_not_null() & ~UPN.str.slice(4, 8).str.contains(r"^[0-9]+$"))


@rule("1550", "UPN invalid (character 13 not a recognised value)", table=IDS, fields=["UPN"])
def upn_last_character(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter((UPN.str.len_chars() == 13) & ~UPN.str.slice(12, 1).is_in(UPN_LAST_CHARACTER))


@rule(
    "1560Q",
    "Please check and either amend or provide a reason: Former UPN wrongly formatted",
    table=IDS,
    fields=["FormerUPN"],
)
def former_upn_format(f: Frames) -> pl.LazyFrame:
    former = pl.col("FormerUPN")
    return f[IDS].filter(former.is_not_null() & ~former.str.contains(r"^[[:alpha:]][0-9]{12}$"))


@rule("1570", "LA Child ID must not be longer than 20 characters", table=IDS, fields=["LAchildID"])
def child_id_length(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(pl.col("LAchildID").str.len_chars() > 20)


@rule("1580", "LA Child ID must not contain any non-alphanumeric characters", table=IDS, fields=["LAchildID"])
def child_id_alphanumeric(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(~pl.col("LAchildID").str.contains(r"^[\p{L}\p{N}]+$"))


@rule(
    "2886Q",
    "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% "
    "(excluding unborns)",
    table=IDS,
    fields=["Sex", "ExpectedPersonBirthDate"],
    return_level=True,
)
def sex_missing_share(f: Frames) -> pl.LazyFrame:
    missing = (pl.col("Sex").is_null() | (pl.col("Sex") == "U")) & pl.col("ExpectedPersonBirthDate").is_null()
    share = f[IDS].select((missing.sum() / pl.len()).alias("share"))
    return share.filter(pl.col("share") > 0.02)


@rule(
    "2888Q",
    "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple "
    "disabilities should be recorded where possible.",
    table="Disabilities",
    fields=["Disability"],
    return_level=True,
)
def one_disability_each(f: Frames) -> pl.LazyFrame:
    counts = f["Disabilities"].filter(pl.col("Disability") != "NONE").group_by("LAchildID").len()
    return counts.select(pl.col("len").max().alias("most")).filter(pl.col("most") <= 1)


@rule("4180", "Sex must be provided and equal M, F, or U", table=IDS, fields=["Sex"])
def sex_valid(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(~pl.col("Sex").is_in(SEX).fill_null(False))


@rule("4220", "Ethnicity is missing or invalid (see Ethnicity table)", table="ChildCharacteristics",
      fields=["Ethnicity"])  # fmt: skip
def ethnicity_valid(f: Frames) -> pl.LazyFrame:
    return f["ChildCharacteristics"].filter(~pl.col("Ethnicity").is_in(ETHNICITY).fill_null(False))


@rule("8500", "LA Child ID missing", table=IDS, fields=["LAchildID"])
def child_id_present(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(pl.col("LAchildID").is_null())


@rule("8510", "More than one child record with the same LA Child ID", table=IDS, fields=["LAchildID"])
def child_id_unique(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(pl.col("LAchildID").is_duplicated())


@rule(
    "8520",
    "Date of Birth is after data collection period (must be on or before the end of the census period)",
    table=IDS,
    fields=["PersonBirthDate", "ReferenceDate"],
)
def born_by_reference_date(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(pl.col("PersonBirthDate") > f.period_end)


@rule(
    "8525Q",
    "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    table=IDS,
    fields=["PersonBirthDate", "ExpectedPersonBirthDate"],
)
def one_birth_date(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(pl.col("PersonBirthDate").is_null() == pl.col("ExpectedPersonBirthDate").is_null())


@rule(
    "8530Q",
    "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range "
    "for this census (March to December of the Census Year end)",
    table=IDS,
    fields=["ExpectedPersonBirthDate"],
)
def expected_birth_in_range(f: Frames) -> pl.LazyFrame:
    expected = pl.col("ExpectedPersonBirthDate")
    earliest, latest = shift(f.period_end, days=-30), shift(f.period_end, months=9)
    return f[IDS].filter((expected >= latest) | (expected <= earliest))


@rule(
    "8535Q",
    "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date "
    "of birth",
    table=IDS,
    fields=["PersonDeathDate", "PersonBirthDate"],
)
def death_after_birth(f: Frames) -> pl.LazyFrame:
    born, died = pl.col("PersonBirthDate"), pl.col("PersonDeathDate")
    return f[IDS].filter(died.is_not_null() & (born.is_null() | (born > died)))


@rule(
    "8540",
    "Child’s disability is missing or invalid (see Disability table)",
    table=IDS,
    fields=["Disability", "PersonBirthDate", "ReferralNFA"],
)
def disability_valid(f: Frames) -> pl.LazyFrame:
    # A born child with any referral going on to further action needs disabilities, all of them valid codes.
    further_action = f["CINdetails"].filter(is_false("ReferralNFA")).select("LAchildID").unique()
    disabilities = f["Disabilities"].select("LAchildID", "Disability")
    children = f[IDS].filter(pl.col("PersonBirthDate").is_not_null()).join(further_action, on="LAchildID")
    joined = children.join(disabilities, on="LAchildID", how="left")
    return joined.filter(~pl.col("Disability").is_in(DISABILITY).fill_null(False))


@rule(
    "8545Q",
    "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    table=IDS,
    fields=["PersonDeathDate"],
)
def death_in_year(f: Frames) -> pl.LazyFrame:
    return f[IDS].filter(~pl.col("PersonDeathDate").is_between(f.period_start, f.period_end))


@rule("8750", "Sex must equal U for an unborn child", table=IDS,
      fields=["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"])  # fmt: skip
def unborn_sex_u(f: Frames) -> pl.LazyFrame:
    unborn = pl.col("PersonBirthDate").is_null() & pl.col("ExpectedPersonBirthDate").is_not_null()
    return f[IDS].filter(unborn & (pl.col("Sex") != "U").fill_null(True))


@rule(
    "8770Q",
    "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a "
    "child who is of school age.",
    table=IDS,
    fields=["UPNunknown"],
)
def school_age_upn(f: Frames) -> pl.LazyFrame:
    # Born on or before 31 August six years before the September after the reference date (school age), with a
    # referral going on to further action: a UPN or a reason other than UN1 is needed.
    school_start = shift(f.period_end, months=4, days=31)
    cutoff = shift(school_start, years=-6)
    further_action = f["CINdetails"].filter(
        (pl.col("ReferralNFA") == "0") | (pl.col("ReferralNFA").str.to_lowercase() == "false")
    )
    reasons = ["UN2", "UN3", "UN4", "UN5", "UN6", "UN7"]
    children = f[IDS].filter(
        (pl.col("PersonBirthDate") <= cutoff)
        & UPN.is_null()
        & ~pl.col("UPNunknown").str.to_uppercase().is_in(reasons).fill_null(False)
    )
    return children.join(further_action.select("LAchildID").unique(), on="LAchildID", how="semi")


@rule(
    "8772",
    "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on "
    "to further action",
    table=IDS,
    fields=["UPNunknown", "ReferralNFA"],
)
def un7_only_nfa(f: Frames) -> pl.LazyFrame:
    not_nfa = f["CINdetails"].filter(~pl.col("ReferralNFA").str.to_lowercase().is_in(["true", "1"]).fill_null(False))
    return f[IDS].filter(pl.col("UPNunknown") == "UN7").join(not_nfa.select("LAchildID"), on="LAchildID", how="semi")


@rule(
    "8775Q",
    "Please check and either amend data or provide a reason: Child is over 25 years old",
    table=IDS,
    fields=["PersonBirthDate", "CINclosureDate"],
)
def over_25(f: Frames) -> pl.LazyFrame:
    born = pl.col("PersonBirthDate")
    old = f[IDS].filter(born < shift(f.period_end, years=-25))
    episodes = old.join(f["CINdetails"].select("LAchildID", "CINclosureDate"), on="LAchildID")
    closed = pl.col("CINclosureDate")
    return episodes.filter(closed.is_null() | (closed > born.dt.offset_by("25y")))


@rule("8790", "Disability information includes both None and other values", table="Disabilities",
      fields=["Disability"])  # fmt: skip
def none_alone(f: Frames) -> pl.LazyFrame:
    # The other codes are reported (not the NONE).
    disabilities = f["Disabilities"]
    with_none = disabilities.filter(pl.col("Disability").str.to_uppercase() == "NONE").select("LAchildID").unique()
    return disabilities.join(with_none, on="LAchildID", how="semi").filter(
        (pl.col("Disability").str.to_uppercase() != "NONE").fill_null(True)
    )


@rule("8794", "Child has two or more disabilities with the same code", table="Disabilities", fields=["Disability"])
def disability_unique(f: Frames) -> pl.LazyFrame:
    disabilities = f["Disabilities"].filter(pl.col("Disability").is_not_null())
    return disabilities.filter(pl.len().over("LAchildID", "Disability") >= 2)
