from civicpulse.core.models.api_clients import ApiClient
from civicpulse.core.models.jobs import Job, JobStatus
from civicpulse.core.models.organizations import (
    Area,
    AreaKind,
    Category,
    Department,
    Organization,
    OrganizationKind,
)
from civicpulse.core.models.people import Membership, Role, User

__all__ = [
    "ApiClient",
    "Area",
    "AreaKind",
    "Category",
    "Department",
    "Job",
    "JobStatus",
    "Membership",
    "Organization",
    "OrganizationKind",
    "Role",
    "User",
]
