"""Check-digit validation for the national identifiers a child may carry."""

import re

from django.core.exceptions import ValidationError

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the DfE check-letter alphabet: no I, O or S
_UPN_PATTERN = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11: weights 10..2 over the first nine digits; 11 - remainder (11 → 0, 10 → invalid)."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def upn_check_letter(body: str) -> str:
    """The DfE check letter for the 12 characters after it: weights 2..13 on positions 2..13, modulus 23."""
    total = sum(_upn_char_value(ch) * weight for ch, weight in zip(body, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def _upn_char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    # A letter in position 13 (temporary UPNs) counts by its place in the check-letter alphabet.
    return _UPN_LETTERS.index(ch)


def upn_is_valid(value: str) -> bool:
    upn = (value or "").strip().upper()
    if not _UPN_PATTERN.fullmatch(upn):
        return False
    return upn[0] == upn_check_letter(upn[1:])


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError("Enter a valid NHS number: 10 digits whose last digit is the check digit")


def validate_upn(value: str) -> None:
    if value and not upn_is_valid(value):
        raise ValidationError("Enter a valid unique pupil number: a check letter then 12 characters")
