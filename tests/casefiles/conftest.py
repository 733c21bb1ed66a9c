from tests.casefiles.fixtures import sectors, services  # noqa: F401
