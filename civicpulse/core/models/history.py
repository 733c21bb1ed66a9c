"""Histories: rows that are written once and never changed (a case's or a case file's)."""


class AppendOnly:
    """Mixed into a model whose rows are only ever added: saving an existing row fails."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__}: a history is only added to.")
        super().save(*args, **kwargs)
