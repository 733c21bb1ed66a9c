"""Helpers shared by the browser tests: addresses, the form's controls, test photos."""

import io
import re

from PIL import Image

from tests.feedback.images import jpeg_with_gps

# A post from /q/<code>#photo (after an error link, or the skip link) keeps the fragment.
THANKS = re.compile(r"/thanks(#[\w-]*)?$")
SCORE = "q-overall"
PROBLEM = "q-problem"
COMMENT = "q-comment"
TEXT = {
    "bg": {
        "question": "Как оценявате площадката?",
        "problem": "Какъв е проблемът?",
        "dirty": "Мръсно",
        "send": "Изпращане",
        "thanks": "Благодарим ви!",
    },
    "en": {
        "question": "How do you rate it?",
        "problem": "What is the problem?",
        "dirty": "Dirty",
        "send": "Send",
        "thanks": "Thank you!",
    },
}


def form_url(live_server, touchpoint, suffix="") -> str:
    return f"{live_server.url}/q/{touchpoint.code}{suffix}"


def big_jpeg_with_gps() -> bytes:
    """A phone-sized, noisy photo (3000×2000) with GPS in its EXIF: the script shrinks it."""
    with Image.open(io.BytesIO(jpeg_with_gps())) as small:
        exif = small.getexif()
    buffer = io.BytesIO()
    Image.effect_noise((3000, 2000), 40).convert("RGB").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def photo_file(data: bytes, name="photo.jpg", mime="image/jpeg") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def image_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
