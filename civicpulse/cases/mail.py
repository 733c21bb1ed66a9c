"""E-mails to a case's sender, one at every public step, sent by the background worker so
that a mail server's hiccup is retried and never fails the citizen's request."""

from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy

from civicpulse.cases.links import confirmation_url, tracking_url
from civicpulse.cases.models import Case
from civicpulse.core.jobs import JobContext, job, job_enqueue


class CaseMail(models.TextChoices):
    CONFIRM = "confirm", _lazy("Confirm your case")
    REGISTERED = "registered", _lazy("Your case is registered")
    # One at every later public step (templates cases/email/<value>_{subject,body}.txt).
    STATUS = "status", _lazy("The state of your case changed")
    ANSWERED = "answered", _lazy("Your case is answered")
    EXTENDED = "extended", _lazy("The deadline of your case is extended")
    REPLY_RECEIVED = "reply_received", _lazy("We received your reply")
    REOPEN_RECEIVED = "reopen_received", _lazy("We received your request to reopen the case")


def case_mail_queue(case: Case, message: str, **values) -> None:
    """Queues an e-mail to the case's sender once the current transaction commits."""
    job_enqueue(
        case_mail_send, organization=case.organization, case_id=case.pk, message=message, **values
    )


@job(title=_lazy("Send an e-mail about a case"), max_attempts=8)
def case_mail_send(context: JobContext, *, case_id: int, message: str, **values) -> None:
    case = Case.objects.select_related("organization", "kind").filter(pk=case_id).first()
    if case is None:
        return  # a draft deleted before its e-mail went out
    with translation.override(case.language):
        context_values = {
            "case": case,
            "organization": case.organization,
            "tracking_url": tracking_url(case),
            **values,
        }
        if message == CaseMail.CONFIRM:
            context_values["confirm_url"] = confirmation_url(case)
        subject = render_to_string(f"cases/email/{message}_subject.txt", context_values)
        body = render_to_string(f"cases/email/{message}_body.txt", context_values)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[case.sender_email]).send()
    context.progress(1, 1)
