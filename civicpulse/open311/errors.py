"""The specification's errors: an HTTP status and a list of (code, description)."""


class Open311Error(Exception):
    """A request Open311 refuses. `status` is the HTTP status: 404 for what does not exist,
    403 for a wrong or missing api_key, 400 for anything else the request gets wrong."""

    def __init__(self, status: int, description, *, retry_after: int | None = None):
        super().__init__(str(description))
        self.status = status
        self.description = str(description)
        self.retry_after = retry_after
