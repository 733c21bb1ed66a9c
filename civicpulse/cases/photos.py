"""Photos of a case: from the filing form (a few) and from the sender's replies (one each).

Each goes through civicpulse.feedback.photos.photo_clean, so it is a real image, re-encoded
without EXIF (a phone's photo often says where its owner lives) before it is stored.
"""

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils.translation import gettext as _

from civicpulse.cases.models import Case, CasePhoto
from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.photos import photo_clean

MAX_FILED_PHOTOS = 3
PHOTOS_FIELD = "photos"


def case_photos_clean(*, uploads, most: int = MAX_FILED_PHOTOS) -> list[ContentFile]:
    """Checks and cleans the uploads (files without a name or content are ignored).

    Raises RuleViolation on the photos field: too many, or one that is not a usable photo,
    named by its file name so the sender knows which."""
    chosen = [upload for upload in uploads or () if upload and upload.name and upload.size]
    if len(chosen) > most:
        raise RuleViolation(
            _("Choose at most %(n)s photos (you chose %(chosen)s).")
            % {"n": most, "chosen": len(chosen)},
            field=PHOTOS_FIELD,
        )
    cleaned = []
    for upload in chosen:
        try:
            cleaned.append(photo_clean(upload))
        except RuleViolation as refused:
            raise RuleViolation(f"{upload.name}: {refused.message}", field=PHOTOS_FIELD) from None
    return cleaned


def case_photos_store(*, case: Case, photos: list[ContentFile]) -> list[CasePhoto]:
    """Stores photos already cleaned by case_photos_clean after the case's others."""
    last = case.photos.aggregate(last=Max("position"))["last"]
    start = 0 if last is None else last + 1
    stored = []
    for offset, photo in enumerate(photos):
        row = CasePhoto(organization_id=case.organization_id, case=case, position=start + offset)
        row.image.save(photo.name, photo, save=False)
        row.save()
        stored.append(row)
    return stored


def case_photos_attach(*, case: Case, uploads, most: int = MAX_FILED_PHOTOS) -> list[CasePhoto]:
    """Checks, cleans and stores uploaded photos on a case (call within its scope)."""
    return case_photos_store(case=case, photos=case_photos_clean(uploads=uploads, most=most))
