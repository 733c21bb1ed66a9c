""" "Me too" as a service: once per supporter, only on published cases."""

import pytest

from civicpulse.cases.models import Publication
from civicpulse.cases.support import case_support, supporter_key, supporter_token_new
from civicpulse.core.exceptions import RuleViolation
from tests.cases.register_data import register_case


def test_a_supporter_counts_once(organization):
    case = register_case(organization)
    key = supporter_key(organization=organization, token=supporter_token_new())
    assert case_support(case=case, supporter=key) == (True, 1)
    assert case_support(case=case, supporter=key) == (False, 1)
    other = supporter_key(organization=organization, token=supporter_token_new())
    assert case_support(case=case, supporter=other) == (True, 2)


def test_the_key_is_a_keyed_hash_per_organisation(organization, other_organization):
    token = supporter_token_new()
    ours = supporter_key(organization=organization, token=token)
    assert len(ours) == 64 and token not in ours
    assert ours != supporter_key(organization=other_organization, token=token)
    assert ours == supporter_key(organization=organization, token=token)


@pytest.mark.parametrize(
    "fields",
    [{"publication": Publication.PRIVATE}, {"is_hidden": True}, {"registered": False}],
    ids=["private", "hidden", "unregistered"],
)
def test_only_published_cases_are_supported(organization, fields):
    case = register_case(organization, **fields)
    with pytest.raises(RuleViolation):
        case_support(case=case, supporter="0" * 64)
