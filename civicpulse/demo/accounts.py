"""Demo staff: one account per role in each demo organisation, all with the demo password."""

import os
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django_scopes import scope, scopes_disabled

from civicpulse.core.models import Category, Department, Membership, Organization, Role, User
from civicpulse.demo.municipality import MunicipalitySpec
from civicpulse.demo.names import distinct_names

DEFAULT_PASSWORD = "civicpulse-demo"  # noqa: S105 -- the documented demo default
ROLES = tuple(Role)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def demo_email(*, role: str, organization_slug: str) -> str:
    return f"{role.replace('_', '-')}@{organization_slug}.example"


@transaction.atomic
def demo_accounts_create(
    *, organization: Organization, spec: MunicipalitySpec, password_hash: str, rng: random.Random
) -> list[Membership]:
    """An account per role; an existing demo account is reused and given the password again.

    The department head sees one department and its categories (education: kindergartens
    and schools); the auditor works for an outside organisation. `password_hash` comes from
    `make_password`, once for all accounts, as hashing is slow on purpose.
    """
    head_department = next(d for d in spec.departments if d.key == spec.head_department)
    memberships = []
    with scope(organization=organization):
        for role, (full_name, _) in zip(ROLES, distinct_names(rng, len(ROLES)), strict=True):
            user, _ = User.objects.update_or_create(
                email=demo_email(role=role, organization_slug=organization.slug),
                defaults={"full_name": full_name, "password": password_hash, "is_active": True},
            )
            membership = Membership.objects.create(
                user=user,
                organization=organization,
                role=role,
                external_organization=spec.auditor_organization if role == Role.AUDITOR else "",
            )
            if role == Role.DEPARTMENT_HEAD:
                membership.departments.set(
                    Department.objects.filter(
                        organization=organization, name_bg=head_department.name_bg
                    )
                )
                membership.categories.set(
                    Category.objects.filter(
                        organization=organization, slug__in=spec.head_categories
                    )
                )
            memberships.append(membership)
    return memberships


@dataclass(frozen=True)
class Login:
    organization: str
    role: str
    email: str
    password: str  # empty when the account's password was changed after seeding


def demo_logins(*, slugs: list[str], password: str) -> list[Login]:
    """The demo accounts that exist, by organisation in the order given, then by role."""
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(organization__slug__in=slugs).select_related(
                "user", "organization"
            )
        )
    memberships = [
        m
        for m in memberships
        if m.user.email == demo_email(role=m.role, organization_slug=m.organization.slug)
    ]
    memberships.sort(key=lambda m: (slugs.index(m.organization.slug), ROLES.index(m.role)))
    matches: dict[str, bool] = {}  # the accounts share one hash, so it is checked once
    for m in memberships:
        if m.user.password not in matches:
            matches[m.user.password] = check_password(password, m.user.password)
    return [
        Login(
            organization=m.organization.name_bg,
            role=m.role,
            email=m.user.email,
            password=password if matches[m.user.password] else "",
        )
        for m in memberships
    ]
