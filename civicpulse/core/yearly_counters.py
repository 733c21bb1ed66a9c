"""Gap-free numbers per organisation and year, from a counter row raised in the caller's
transaction: a rollback gives the number back, and the row stays locked until the commit,
so concurrent callers take turns. Registry numbers and case-file numbers both use it."""

from django.db.models import F, Model


def yearly_counter_raise(model: type[Model], *, organization, year: int) -> int:
    """The next number of `model`'s (organization, year, last) counter; call inside a
    transaction."""
    # The row is made once a year; ON CONFLICT DO NOTHING lets a concurrent maker win.
    model.objects.bulk_create([model(organization=organization, year=year)], ignore_conflicts=True)
    counter = model.objects.filter(organization=organization, year=year)
    counter.update(last=F("last") + 1)  # locks the row until the transaction ends
    return counter.values_list("last", flat=True).get()
