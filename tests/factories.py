"""Factories that keep the tenant consistent: a touchpoint's category, area and questionnaire
all belong to the touchpoint's organisation."""

import factory
from django_scopes import scopes_disabled

from civicpulse.core.models import (
    Area,
    AreaKind,
    Category,
    Department,
    Membership,
    Organization,
    Role,
    User,
)
from civicpulse.feedback.models import Touchpoint, TouchpointKind
from civicpulse.feedback.questionnaires import questionnaire_create

PASSWORD = "correct-horse-battery"


class UnscopedFactory(factory.django.DjangoModelFactory):
    """Tests build fixtures across tenants on purpose, so creation runs outside any scope."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class OrganizationFactory(UnscopedFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org{n}")
    name_bg = factory.Sequence(lambda n: f"Община {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")
    registry_prefix = "TST"


class UserFactory(UnscopedFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Служител {n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(UnscopedFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.ADMINISTRATOR


class AreaFactory(UnscopedFactory):
    class Meta:
        model = Area

    organization = factory.SubFactory(OrganizationFactory)
    kind = AreaKind.SETTLEMENT
    name_bg = factory.Sequence(lambda n: f"Село {n}")
    name_en = factory.Sequence(lambda n: f"Village {n}")


class DepartmentFactory(UnscopedFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name_bg = factory.Sequence(lambda n: f"Дирекция {n}")
    name_en = factory.Sequence(lambda n: f"Directorate {n}")


class CategoryFactory(UnscopedFactory):
    class Meta:
        model = Category

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name_bg = factory.Sequence(lambda n: f"Категория {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class TouchpointFactory(UnscopedFactory):
    class Meta:
        model = Touchpoint

    organization = factory.SubFactory(OrganizationFactory)
    kind = TouchpointKind.PLACE
    name_bg = factory.Sequence(lambda n: f"Детска площадка {n}")
    name_en = factory.Sequence(lambda n: f"Playground {n}")
    category = factory.SubFactory(
        CategoryFactory, organization=factory.SelfAttribute("..organization")
    )
    area = factory.SubFactory(AreaFactory, organization=factory.SelfAttribute("..organization"))
    latitude = "42.425800"
    longitude = "25.634500"


def simple_definition(**overrides) -> dict:
    """A small questionnaire: a 0-10 rating, a follow-up for low scores, and a comment."""
    definition = {
        "title": {"bg": "Детски площадки", "en": "Playgrounds"},
        "questions": [
            {
                "key": "overall",
                "kind": "scale",
                "text": {"bg": "Как оценявате площадката?", "en": "How do you rate it?"},
                "required": True,
            },
            {
                "key": "problem",
                "kind": "multiple",
                "text": {"bg": "Какъв е проблемът?", "en": "What is the problem?"},
                "show_if": {"question": "overall", "min": 0, "max": 6},
                "options": [
                    {"key": "dirty", "label": {"bg": "Мръсно", "en": "Dirty"}},
                    {"key": "broken", "label": {"bg": "Счупено", "en": "Broken"}},
                ],
            },
            {
                "key": "comment",
                "kind": "text",
                "text": {"bg": "Коментар", "en": "Comment"},
            },
        ],
    }
    definition.update(overrides)
    return definition


def make_questionnaire(*, organization, category=None, definition=None, for_employees=False):
    with scopes_disabled():
        return questionnaire_create(
            organization=organization,
            category=category,
            for_employees=for_employees,
            definition=definition or simple_definition(),
        )
