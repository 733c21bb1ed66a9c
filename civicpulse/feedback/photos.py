"""Photos sent with a response: real images only, small, upright and without metadata.

A phone's photo carries EXIF, often with GPS: re-encoding to a fresh JPEG drops all of it,
so a picture never says where someone lives unless they chose to share their location.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civicpulse.core.exceptions import RuleViolation

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # a 40 MP phone photo; beyond that it is a decompression bomb
LONGEST_SIDE = 1600
JPEG_QUALITY = 82


def photo_max_bytes() -> int:
    return settings.PHOTO_MAX_BYTES


def photo_clean(upload) -> ContentFile:
    """Checks an upload by its content and returns it as a metadata-free JPEG.

    Refuses anything over PHOTO_MAX_BYTES, anything Pillow cannot read as JPEG, PNG or WebP
    (whatever its name says) and images with more than MAX_PIXELS.
    """
    if upload.size > photo_max_bytes():
        raise RuleViolation(
            _("The photo is larger than %(n)s MB. Please choose a smaller one.")
            % {"n": photo_max_bytes() // (1024 * 1024)},
            field="photo",
        )
    not_an_image = RuleViolation(_("Send a photo as JPEG, PNG or WebP."), field="photo")
    too_large = RuleViolation(_("The photo has too many pixels."), field="photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=sorted(ACCEPTED_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise too_large
            image.load()
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None

    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    if image.mode != "RGB":
        image = _on_white(image)
    buffer = io.BytesIO()
    # A new image object carries no info dict, so no EXIF, GPS, ICC or comments are written.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def _on_white(image: Image.Image) -> Image.Image:
    """Transparent or palette images get a white background, as JPEG has no transparency."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
