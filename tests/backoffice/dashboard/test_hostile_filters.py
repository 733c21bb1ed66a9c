"""Wrong types in every filter of every dashboard page: a message, the default, never an
error page."""

import pytest

GARBAGE = {
    "period": "forever",
    "since": "yesterday",
    "until": "32.13.2026",
    "area": "abc",
    "category": "-1",
    "channel": "<script>x</script>",
    "language": "klingon",
    "touchpoint": "1; DROP TABLE",
    "unit": "century",
    "by": ["area", "nope"],
    "what": "everything",
    "areas": "🙂",
    "categories": "0x10",
    "against": "1",
    "against_since": "2026-02-30",
    "against_until": "",
    "order": "",
    "limit": "-5",
}


@pytest.mark.parametrize(
    "name", ["dashboard", "dashboard_breakdown", "dashboard_compare", "dashboard_rankings"]
)
def test_garbage_in_every_parameter_gets_messages(leader, rated_town, name):
    response = leader.get(rated_town.url(name), GARBAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "<script>x</script>" not in html


@pytest.mark.parametrize("name", ["dashboard_breakdown", "dashboard_compare", "dashboard_rankings"])
def test_garbage_still_downloads(leader, rated_town, name):
    assert leader.get(rated_town.url(name), {**GARBAGE, "export": "xlsx"}).status_code == 200
