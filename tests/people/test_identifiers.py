"""NHS numbers (modulus 11) and unique pupil numbers (DfE check letter, modulus 23).

The oracles below are written from the published algorithms, independently of the code under test:
- NHS number: weights 10..2 on the first nine digits; check = 11 - (sum mod 11); 11 means 0 and 10 means
  the nine digits can never form a valid number.
- UPN (DfE "Unique pupil numbers" guidance): character 1 is the check letter; characters 2-13 are weighted
  2..13 and summed; the remainder mod 23 indexes A B C D E F G H J K L M N P Q R T U V W X Y Z. A temporary
  UPN has a letter in position 13, counted by its place in that same list (A = 0 ... Z = 22).
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.people.identifiers import (
    nhs_number_is_valid,
    normalise_nhs_number,
    upn_check_letter,
    upn_is_valid,
    validate_nhs_number,
    validate_upn,
)

settings.register_profile("identifiers", max_examples=200, deadline=None)
IDENTIFIERS = settings.get_profile("identifiers")

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
assert len(CHECK_LETTERS) == 23


def nhs_check_value(nine_digits: str) -> int:
    total = sum(int(digit) * weight for digit, weight in zip(nine_digits, range(10, 1, -1), strict=True))
    return (11 - total % 11) % 11


def upn_oracle_letter(last_twelve: str) -> str:
    def value(ch: str) -> int:
        return int(ch) if ch.isdigit() else CHECK_LETTERS.index(ch)

    total = sum(value(ch) * position for position, ch in enumerate(last_twelve, start=2))
    return CHECK_LETTERS[total % 23]


# --- NHS numbers --------------------------------------------------------------------------------------


def test_oracle_agrees_with_the_well_known_test_number():
    assert nhs_check_value("943476591") == 9


@pytest.mark.parametrize("nine", ["943476591", "401023213", "123456788", "450557710", "999999999", "000000001"])
def test_numbers_built_with_the_modulus_11_check_digit_are_valid(nine):
    check = nhs_check_value(nine)
    assert check != 10
    assert nhs_number_is_valid(nine + str(check))


def test_check_value_eleven_means_zero():
    nine = next(f"{n:09d}" for n in range(400_000_000, 500_000_000) if nhs_check_value(f"{n:09d}") == 0)
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    assert total % 11 == 0
    assert nhs_number_is_valid(nine + "0")


@pytest.mark.parametrize("wrong", ["9434765910", "9434765918", "9434765911"])
def test_wrong_check_digit_is_invalid(wrong):
    assert not nhs_number_is_valid(wrong)


def test_check_value_ten_is_always_invalid():
    nine = next(f"{n:09d}" for n in range(400_000_000, 500_000_000) if nhs_check_value(f"{n:09d}") == 10)
    assert not any(nhs_number_is_valid(nine + str(last)) for last in range(10))


@pytest.mark.parametrize("formatted", ["943 476 5919", "943-476-5919", " 9434765919 ", "943\t476\t5919"])
def test_spaces_and_dashes_are_ignored(formatted):
    assert normalise_nhs_number(formatted) == "9434765919"
    assert nhs_number_is_valid(formatted)


@pytest.mark.parametrize(
    "value",
    ["", None, "943476591", "94347659190", "943 476 591", "943476591X", "943.476.5919", "９４３４７６５９１９"],
    ids=["empty", "none", "nine-digits", "eleven-digits", "short-spaced", "letter", "dots", "full-width-digits"],
)
def test_wrong_length_or_characters_are_invalid(value):
    assert not nhs_number_is_valid(value)


def test_validate_nhs_number():
    validate_nhs_number("")  # blank is allowed: not every child's number is known
    validate_nhs_number("943 476 5919")
    with pytest.raises(ValidationError):
        validate_nhs_number("9434765910")


@IDENTIFIERS
@given(nine=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_only_the_check_digit_completes_nine_digits(nine):
    check = nhs_check_value(nine)
    valid_last_digits = [last for last in range(10) if nhs_number_is_valid(f"{nine}{last}")]
    if check == 10:
        assert valid_last_digits == []
    else:
        assert valid_last_digits == [check]
        spaced = f"{nine[:3]} {nine[3:6]} {nine[6:]}{check}"
        assert nhs_number_is_valid(spaced)


# --- unique pupil numbers -----------------------------------------------------------------------------

# Examples from the DfE UPN guidance (permanent and temporary) and from published validators' tests.
VALID_UPNS = ["H801200001001", "G80120000101A", "B801200005001", "A950000178301", "H243278544154"]
INVALID_UPNS = ["Z801200001001", "A801200005001", "R247962919251", "X428558133462", "H80120000101A"]


@pytest.mark.parametrize("upn", VALID_UPNS)
def test_valid_upns(upn):
    assert upn_oracle_letter(upn[1:]) == upn[0]
    assert upn_check_letter(upn[1:]) == upn[0]
    assert upn_is_valid(upn)
    validate_upn(upn)


@pytest.mark.parametrize("upn", INVALID_UPNS)
def test_wrong_check_letter_is_invalid(upn):
    assert not upn_is_valid(upn)
    with pytest.raises(ValidationError):
        validate_upn(upn)


@pytest.mark.parametrize("upn", VALID_UPNS)
def test_lowercase_and_surrounding_spaces_are_normalised(upn):
    assert upn_is_valid(upn.lower())
    assert upn_is_valid(f"  {upn}  ")


@pytest.mark.parametrize("letter", "IOS")
def test_forbidden_letters_are_never_valid(letter):
    # Not as the check letter...
    assert not upn_is_valid(f"{letter}801200001001")
    # ...nor as the temporary letter in position 13, whatever the check letter.
    assert not any(upn_is_valid(f"{check}80120000101{letter}") for check in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@pytest.mark.parametrize(
    "upn",
    ["", None, "H80120000100", "H8012000010011", "880120000100 1", "H80120000A001", "H8012000010-1", "1801200001001"],
    ids=["empty", "none", "twelve", "fourteen", "space-inside", "letter-inside", "dash", "digit-first"],
)
def test_wrong_shape_is_invalid(upn):
    assert not upn_is_valid(upn)


def test_validate_upn_allows_blank():
    validate_upn("")


upn_bodies = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from(list("0123456789" + CHECK_LETTERS)),
)


@IDENTIFIERS
@given(body=upn_bodies)
def test_only_the_check_letter_completes_a_upn(body):
    expected = upn_oracle_letter(body)
    assert upn_check_letter(body) == expected
    valid_first = [letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upn_is_valid(letter + body)]
    assert valid_first == [expected]
    assert upn_is_valid((expected + body).lower())
