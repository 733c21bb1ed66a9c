"""The applicant's access code: eight characters from the touchpoint codes' unambiguous
alphabet (no 0/O, 1/I/L), shown once, on the receipt or in the API's answer.

Only a keyed hash is stored, salted with the organisation and the file's number, so a copy
of the database does not give the codes away. Rotating SECRET_KEY invalidates the codes.
"""

import hmac
import secrets

from django.conf import settings

from civicpulse.feedback.models.touchpoints import CODE_ALPHABET

ACCESS_CODE_LENGTH = 8  # 30**8 ≈ 6.6e11, with the lookups limited per client


def access_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def access_code_display(code: str) -> str:
    """ABCD-EFGH: two halves are easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


def access_code_normalise(text: str) -> str:
    """What the citizen typed, without spaces or dashes and in capitals ("abcd efgh")."""
    return "".join(str(text or "").split()).replace("-", "").upper()[:32]


def access_code_is_well_formed(code: str) -> bool:
    return len(code) == ACCESS_CODE_LENGTH and not set(code) - set(CODE_ALPHABET)


def access_code_hash(*, organization_id: int, number: str, code: str) -> str:
    message = f"casefile-access:{organization_id}:{number}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, "sha256").hexdigest()


def access_code_matches(*, case_file, code: str) -> bool:
    expected = access_code_hash(
        organization_id=case_file.organization_id, number=case_file.number, code=code
    )
    return hmac.compare_digest(case_file.access_code_hash, expected)
