import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from civicpulse.core.exceptions import RuleViolation
from civicpulse.feedback.photos import LONGEST_SIDE, photo_clean
from tests.feedback.images import jpeg_with_gps, png, png_claiming


@pytest.fixture(autouse=True)
def in_english():
    """The messages are checked in English; Bulgarian is the default language."""
    with translation.override("en"):
        yield


def upload(content: bytes, name="photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_exif_and_gps_are_stripped_and_the_result_is_a_jpeg():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the test image does carry EXIF
    cleaned = photo_clean(upload(original)).read()
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
    assert b"Exif" not in cleaned and b"PhoneMaker" not in cleaned


def test_orientation_is_applied_before_the_metadata_goes():
    cleaned = photo_clean(upload(jpeg_with_gps(size=(40, 20), orientation=6))).read()
    assert Image.open(io.BytesIO(cleaned)).size == (20, 40)


def test_the_longest_side_is_limited():
    cleaned = photo_clean(upload(png(size=(LONGEST_SIDE * 2, 100)), name="wide.png")).read()
    assert Image.open(io.BytesIO(cleaned)).size == (LONGEST_SIDE, 50)


def test_a_transparent_png_and_a_webp_are_accepted():
    assert photo_clean(upload(png(mode="RGBA"), name="x.png")).size > 0
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "WEBP")
    assert photo_clean(upload(buffer.getvalue(), name="x.webp")).size > 0


@pytest.mark.parametrize(
    "content",
    [b"just some text, not a photo", b"GIF89a" + b"\0" * 40, b""],
    ids=["text", "gif-header", "empty"],
)
def test_content_decides_not_the_name(content):
    with pytest.raises(RuleViolation) as refused:
        photo_clean(upload(content, name="holiday.jpg"))
    assert refused.value.field == "photo"


def test_a_gif_is_refused_even_though_pillow_reads_it():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "GIF")
    with pytest.raises(RuleViolation):
        photo_clean(upload(buffer.getvalue()))


@pytest.mark.parametrize(("width", "height"), [(10_000, 10_000), (7_000, 7_000), (50_000, 50_000)])
def test_a_decompression_bomb_is_refused(width, height):
    with pytest.raises(RuleViolation) as refused:
        photo_clean(upload(png_claiming(width, height), name="bomb.png"))
    assert "pixels" in refused.value.message


def test_over_ten_megabytes_is_refused_before_it_is_read(settings):
    big = upload(b"\xff\xd8" + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(RuleViolation) as refused:
        photo_clean(big)
    assert "10 MB" in refused.value.message
