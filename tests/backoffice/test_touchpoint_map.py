"""The touchpoint map: inline SVG, the list's filters, a department head's scope, and a page
that stays small with hundreds of touchpoints."""

import re
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.urls import resolve
from django_scopes import scopes_disabled

from civicpulse.core.models import Role
from civicpulse.feedback.models import Touchpoint
from civicpulse.feedback.selectors import TouchpointFilters
from civicpulse.feedback.touchpoint_map import BOTTOM, MARGIN, touchpoint_map
from tests.factories import CategoryFactory, MembershipFactory, TouchpointFactory

MARKER = re.compile(
    r'<a href="([^"]+)"(?: class="off")?><title>([^<]*)</title><use href="#m-(\w+)"'
)


def map_url(organization, query=""):
    return f"/manage/{organization.slug}/touchpoints/map/{query}"


def markers_on(response) -> dict[str, str]:
    """{accessible name: href} of every marker on the page."""
    return {name: href for href, name, _shape in MARKER.findall(response.content.decode())}


@pytest.fixture
def places(organization, structure):
    s = structure

    def place(name, category, area, latitude, longitude, **extra):
        return TouchpointFactory(
            organization=organization,
            name_bg=name,
            name_en="",  # the Bulgarian name in either language
            category=category,
            area=area,
            latitude=latitude,
            longitude=longitude,
            **extra,
        )

    return {
        "north-park": place("Северен парк", s["parks"], s["town"], "42.45", "25.63"),
        "south-park": place("Южен парк", s["parks"], s["village"], "42.40", "25.63"),
        "school": place("Училище", s["schools"], s["district"], "42.42", "25.66", is_active=False),
        "nowhere": place("Без координати", s["schools"], s["town"], None, None),
    }


class TestPage:
    def test_every_located_touchpoint_is_a_link_to_its_page(
        self, organization, places, admin_client
    ):
        response = admin_client.get(map_url(organization))
        assert response.status_code == 200
        markers = {name.split(" (")[0]: href for name, href in markers_on(response).items()}
        assert set(markers) == {"Северен парк", "Южен парк", "Училище"}
        page = map_url(organization)
        for name, key in [("Северен парк", "north-park"), ("Училище", "school")]:
            target = resolve(urljoin(page, markers[name]))
            assert target.url_name == "touchpoint_detail"
            assert target.kwargs == {"organization": organization.slug, "pk": places[key].pk}

    def test_inactive_markers_say_so(self, organization, places, admin_client, in_english):
        assert "Училище (inactive)" in markers_on(admin_client.get(map_url(organization)))

    def test_the_north_is_up_and_the_east_right(self, organization, places, admin_client):
        positions = {
            name: (float(x), float(y))
            for name, x, y in re.findall(
                r"<title>([^<(]+?)(?: \([^)]*\))?</title><use href=\"#m-\w+\" "
                r"x=\"([\d.]+)\" y=\"([\d.]+)\"",
                admin_client.get(map_url(organization)).content.decode(),
            )
        }
        assert positions["Северен парк"][1] < positions["Южен парк"][1]
        assert positions["Училище"][0] > positions["Северен парк"][0]

    def test_numbers_in_the_drawing_are_not_localised(self, organization, places, admin_client):
        # Bulgarian writes a decimal comma, which would break every coordinate of the SVG.
        svg = re.search(
            r"<svg class=\"tp-map\".*?</svg>",
            admin_client.get(map_url(organization)).content.decode(),
            re.S,
        ).group()
        assert re.search(r'(x|y|viewBox)="[^"]*,', svg) is None

    def test_the_legend_names_each_category_with_its_count(
        self, organization, structure, places, admin_client, in_english
    ):
        response = admin_client.get(map_url(organization))
        legend = {style.category: style for style, _query in response.context["legend"]}
        assert legend[structure["parks"]].count == 2
        assert legend[structure["schools"]].count == 1
        parks, schools = legend[structure["parks"]], legend[structure["schools"]]
        assert (parks.shape, parks.colour) != (schools.shape, schools.colour)
        assert parks.shape != schools.shape  # not told apart by colour alone
        assert "Legend" in response.content.decode()

    def test_a_category_keeps_its_marker_when_filtered(
        self, organization, structure, places, admin_client
    ):
        def parks_style(query):
            response = admin_client.get(map_url(organization, query))
            return {s.category: (s.shape, s.colour) for s, _ in response.context["legend"]}[
                structure["parks"]
            ]

        assert parks_style("") == parks_style(f"?category={structure['parks'].pk}")

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            pytest.param("?active=yes", {"Северен парк", "Южен парк"}, id="active"),
            pytest.param("?text=южен", {"Южен парк"}, id="text"),
            pytest.param("?kind=employee", set(), id="kind"),
        ],
    )
    def test_the_lists_filters_apply(self, organization, places, admin_client, query, expected):
        names = {
            name.split(" (")[0]
            for name in markers_on(admin_client.get(map_url(organization, query)))
        }
        assert names == expected

    def test_the_area_filter_takes_the_subtree(self, organization, structure, places, admin_client):
        query = f"?area={structure['town'].pk}"
        names = {
            name.split(" (")[0]
            for name in markers_on(admin_client.get(map_url(organization, query)))
        }
        assert names == {"Северен парк", "Училище"}  # the district lies inside the town

    def test_touchpoints_without_coordinates_are_counted_and_linked(
        self, organization, places, admin_client, in_english
    ):
        response = admin_client.get(map_url(organization, "?kind=place"))
        assert response.context["map"].without_coordinates == 1
        content = response.content.decode()
        assert "1 more has no coordinates." in content
        link = re.search(r'href="([^"]*located=no[^"]*)"', content).group(1).replace("&amp;", "&")
        assert "kind=place" in link
        listed = admin_client.get(link)
        assert [t.name_bg for t in listed.context["page"].object_list] == ["Без координати"]

    def test_nothing_to_draw(self, organization, structure, admin_client, in_english):
        TouchpointFactory(organization=organization, latitude=None, longitude=None)
        response = admin_client.get(map_url(organization))
        assert '<svg class="tp-map"' not in response.content.decode()
        assert "nothing to draw" in response.content.decode()

    def test_names_are_escaped(self, organization, structure, admin_client):
        TouchpointFactory(organization=organization, name_bg='<script>alert("x")</script>')
        content = admin_client.get(map_url(organization)).content.decode()
        assert "<script>alert" not in content
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content

    def test_the_list_and_the_map_link_to_each_other_with_the_filters(
        self, organization, places, admin_client
    ):
        listed = admin_client.get(f"/manage/{organization.slug}/touchpoints/?kind=place")
        assert f'href="{map_url(organization)}?kind=place"' in listed.content.decode()
        mapped = admin_client.get(map_url(organization, "?kind=place"))
        assert (
            f'href="/manage/{organization.slug}/touchpoints/?kind=place"' in mapped.content.decode()
        )

    def test_only_the_organisations_own_touchpoints(
        self, organization, other_organization, places, admin_client
    ):
        TouchpointFactory(organization=other_organization, name_bg="Чужд парк")
        assert "Чужд парк" not in admin_client.get(map_url(organization)).content.decode()


def test_a_department_head_sees_only_their_scope(organization, structure, places, client, login):
    membership = MembershipFactory(organization=organization, role=Role.DEPARTMENT_HEAD)
    with scopes_disabled():
        membership.categories.set([structure["parks"]])
    login(membership.user)
    response = client.get(map_url(organization))
    assert set(markers_on(response)) == {"Северен парк", "Южен парк"}
    assert response.context["map"].without_coordinates == 0  # the school without is not theirs


def test_700_touchpoints_stay_small_and_few_queries(
    organization, structure, admin_client, django_assert_max_num_queries
):
    with scopes_disabled():
        categories = [structure["parks"], structure["schools"]] + [
            CategoryFactory(organization=organization) for _ in range(9)
        ]
        Touchpoint.objects.bulk_create(
            Touchpoint(
                organization=organization,
                code=f"MAP{n:05d}",
                name_bg=f"Детска площадка „Слънчице“ № {n}",
                category=categories[n % len(categories)],
                latitude=Decimal("42.2") + Decimal(n % 37) / 100,
                longitude=Decimal("25.4") + Decimal(n % 41) / 100,
            )
            for n in range(700)
        )
    with django_assert_max_num_queries(15):
        response = admin_client.get(map_url(organization))
    assert len(markers_on(response)) == 700
    assert len(response.content) < 140_000
    assert len({style.shape + style.colour for style, _ in response.context["legend"]}) == 11


class TestProjection:
    def draw(self, organization, *points):
        for latitude, longitude in points:
            TouchpointFactory(organization=organization, latitude=latitude, longitude=longitude)
        membership = MembershipFactory(organization=organization, role=Role.ADMINISTRATOR)
        with scopes_disabled():
            return touchpoint_map(membership=membership, filters=TouchpointFilters())

    def test_one_place_alone_sits_in_the_middle(self, organization):
        drawn = self.draw(organization, ("42.4258", "25.6345"))
        [(_style, [marker])] = drawn.groups
        assert (marker.x, marker.y) == (drawn.width / 2, (MARGIN + drawn.height - BOTTOM) / 2)
        assert drawn.scale_bar.label.endswith(("m", "м"))  # metres, in whichever language

    def test_distances_keep_their_proportions(self, organization):
        # 0.1° of latitude is 11.1 km; 0.1° of longitude at 42.4° is 8.2 km.
        drawn = self.draw(organization, ("42.4", "25.6"), ("42.5", "25.6"), ("42.4", "25.7"))
        markers = sorted((m for _s, group in drawn.groups for m in group), key=lambda m: (m.y, m.x))
        north, south_west, south_east = markers
        vertical = south_west.y - north.y
        horizontal = south_east.x - south_west.x
        assert horizontal / vertical == pytest.approx(0.738, abs=0.01)

    def test_the_scale_bar_is_a_round_distance_of_the_right_length(self, organization):
        drawn = self.draw(organization, ("42.4", "25.6"), ("42.5", "25.6"))
        markers = sorted((m for _s, group in drawn.groups for m in group), key=lambda m: m.y)
        units_per_km = (markers[1].y - markers[0].y) / 11.132
        value, unit = drawn.scale_bar.label.split()
        km = float(value) / (1000 if unit == "m" else 1)
        assert float(value) in (1, 2, 5, 10, 20, 50, 100, 200, 500)
        assert drawn.scale_bar.length == pytest.approx(km * units_per_km, rel=0.01)

    def test_every_marker_lies_inside_the_margins(self, organization):
        drawn = self.draw(
            organization, ("41.9", "25.2"), ("42.7", "26.1"), ("42.0", "26.0"), ("42.6", "25.3")
        )
        for _style, markers in drawn.groups:
            for marker in markers:
                assert MARGIN <= marker.x <= drawn.width - MARGIN
                assert MARGIN <= marker.y <= drawn.height - BOTTOM
