"""case_file's source and API client: a client files only for its own organisation, and a
trusted client's case is registered at once with the acknowledgement instead of the link."""

import pytest
from django_scopes import scopes_disabled

from civicpulse.cases.defaults import cases_install_defaults
from civicpulse.cases.filing import case_file
from civicpulse.cases.models import Case, Source
from civicpulse.core.exceptions import RuleViolation
from civicpulse.core.models import ApiClient
from tests.cases.test_filing import VALID


@pytest.fixture
def portal(organization):
    cases_install_defaults(organization=organization)
    return organization


def _client(organization, **fields) -> ApiClient:
    client = ApiClient(organization=organization, name="Приложение", **fields)
    client.new_key()
    with scopes_disabled():
        client.save()
    return client


def test_a_case_remembers_its_source_and_client(portal):
    client = _client(portal)
    case = case_file(organization=portal, source=Source.OPEN311, client=client, **VALID)
    assert (case.source, case.client, case.is_registered) == (Source.OPEN311, client, False)


def test_a_trusted_client_s_case_is_registered_at_once(portal):
    case = case_file(organization=portal, client=_client(portal, is_trusted=True), **VALID)
    assert case.is_registered and case.number.startswith("SZ-")


@pytest.mark.parametrize("which", ["another organisation's", "inactive", "unknown source"])
def test_what_may_not_file(portal, other_organization, which):
    values = {"client": _client(portal), "source": Source.OPEN311}
    if which == "another organisation's":
        values["client"] = _client(other_organization, is_trusted=True)
    elif which == "inactive":
        values["client"] = _client(portal, is_trusted=True, is_active=False)
    else:
        values["source"] = "fax"
    with pytest.raises(RuleViolation) as refused:
        case_file(organization=portal, **values, **VALID)
    assert refused.value.field == ("source" if which == "unknown source" else "client")
    with scopes_disabled():
        assert not Case.objects.exists()
