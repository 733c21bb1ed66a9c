class RuleViolation(Exception):
    """A domain rule said no: an illegal change, a value out of range, a frozen record.

    Services raise it; the back office shows it as a form error and the API as a 400.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
