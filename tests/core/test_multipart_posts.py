"""The streaming multipart parser reads what Django's own parser reads, and refuses the same."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    SkipFile,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.http.multipartparser import MultiPartParser, MultiPartParserError

from civicpulse.core.multipart_posts import StreamingMultiPartParser

BOUNDARY = "----civicpulsetest7MA4YWxkTrZu0gW"


def part(name: str, value: bytes | str, *, filename=None, headers: str = "") -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    value = value.encode() if isinstance(value, str) else value
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n{headers}\r\n"
    return head.encode() + value + b"\r\n"


def body(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def parse(parser_class, data: bytes, *, handlers=None, boundary=BOUNDARY):
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(data)),
    }
    handlers = handlers or [MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    return parser_class(meta, io.BytesIO(data), handlers, "utf-8").parse()


def as_plain(parsed):
    post, files = parsed
    return (
        {key: post.getlist(key) for key in post},
        {
            # Django's own parser passes the charset as bytes, this one as text.
            key: [(f.name, f.content_type, f.read()) for f in files.getlist(key)]
            for key in files
        },
    )


FORM = body(
    part("form_token", "abc:def"),
    part("q-overall", "7"),
    part("q-problem", "dirty"),
    part("q-problem", "broken"),
    part("q-comment", "Пейките са счупени.\r\nИ боята."),
    part("website", ""),
    part("photo", b"", filename="", headers="Content-Type: application/octet-stream\r\n"),
)
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40 + b"\r\n--almost-a-boundary\r\n\xff\xd9"
SAME_AS_DJANGO = {
    "a form as a phone sends it": FORM,
    "a photo": body(
        part("q-overall", "3"),
        part("photo", PHOTO, filename="IMG_0001.jpg", headers="Content-Type: image/jpeg\r\n"),
    ),
    "a file name with a path": body(
        part("photo", b"x", filename="../../etc/passwd", headers="Content-Type: image/png\r\n")
    ),
    "a file name that is only dots": body(part("photo", b"x", filename="..")),
    "a text file with its charset": body(
        part("notes", "ъ", filename="a.txt", headers="Content-Type: text/plain; charset=utf-8\r\n")
    ),
    "a part without a name": body(
        f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nlost\r\n".encode(),
        part("kept", "1"),
    ),
    "a preamble before the first part": b"ignored preamble\r\n" + FORM,
    "an empty body": b"",
    "only the closing boundary": body(),
    "bytes that are not UTF-8": body(part("q-comment", b"caf\xe9")),
}


@pytest.mark.parametrize("data", SAME_AS_DJANGO.values(), ids=SAME_AS_DJANGO.keys())
def test_reads_what_djangos_parser_reads(data):
    assert as_plain(parse(StreamingMultiPartParser, data)) == as_plain(parse(MultiPartParser, data))


def test_a_big_photo_goes_to_a_temporary_file_in_one_piece(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    photo = bytes(range(256)) * 1000  # 256 KB, read in several chunks
    _post, files = parse(StreamingMultiPartParser, body(part("photo", photo, filename="big.jpg")))
    uploaded = files["photo"]
    assert isinstance(uploaded, TemporaryUploadedFile)
    assert uploaded.size == len(photo) and uploaded.read() == photo


@pytest.mark.parametrize(
    ("setting", "data", "error"),
    [
        (
            "DATA_UPLOAD_MAX_NUMBER_FIELDS",
            body(*[part(f"f{n}", "1") for n in range(6)]),
            TooManyFieldsSent,
        ),
        (
            "DATA_UPLOAD_MAX_NUMBER_FILES",
            body(*[part(f"f{n}", "1", filename=f"{n}.jpg") for n in range(6)]),
            TooManyFilesSent,
        ),
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", body(part("q-comment", "x" * 6)), RequestDataTooBig),
    ],
)
def test_djangos_limits_hold(settings, setting, data, error):
    setattr(settings, setting, 5)
    with pytest.raises(error):
        parse(StreamingMultiPartParser, data)
    setattr(settings, setting, 1000)
    parse(StreamingMultiPartParser, data)  # the same post within the limit is read


MALFORMED = {
    "cut off in the middle": FORM[: len(FORM) // 2],
    "no closing boundary": FORM[: -len(f"--{BOUNDARY}--\r\n")],
    "no boundary at all": b"x" * 500,
    "a header line too long": body(part("a", "1", headers="X-Junk: " + "j" * 5000 + "\r\n")),
    "a header without a colon": body(part("a", "1", headers="nonsense\r\n")),
    "a part that is not form-data": f"--{BOUNDARY}\r\nContent-Disposition: attachment; "
    f'name="a"\r\n\r\n1\r\n--{BOUNDARY}--\r\n'.encode(),
    "base64 transfer encoding": body(
        part("a", "MQ==", headers="Content-Transfer-Encoding: base64\r\n")
    ),
}


@pytest.mark.parametrize("data", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_body_is_refused_whole(data):
    with pytest.raises(MultiPartParserError):
        parse(StreamingMultiPartParser, data)


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=ъ"],
)
def test_djangos_checks_of_the_content_type_are_kept(content_type):
    meta = {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": "10"}
    with pytest.raises(MultiPartParserError):
        StreamingMultiPartParser(meta, io.BytesIO(b"x" * 10), [MemoryFileUploadHandler()], "utf-8")


class Refusing(MemoryFileUploadHandler):
    """Skips .exe files and stops the upload at a file called stop.jpg."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        if file_name.endswith(".exe"):
            raise SkipFile
        if file_name == "stop.jpg":
            raise StopUpload(connection_reset=False)
        super().new_file(field_name, file_name, *args, **kwargs)


def test_a_handler_can_skip_a_file():
    data = body(
        part("tool", b"MZ", filename="tool.exe"),
        part("photo", b"jpeg", filename="ok.jpg"),
        part("a", "1"),
    )
    post, files = parse(StreamingMultiPartParser, data, handlers=[Refusing()])
    assert post.dict() == {"a": "1"}
    assert list(files) == ["photo"] and files["photo"].read() == b"jpeg"


def test_a_handler_can_stop_the_upload():
    data = body(part("a", "1"), part("later", b"jpeg", filename="stop.jpg"), part("b", "2"))
    post, files = parse(StreamingMultiPartParser, data, handlers=[Refusing()])
    assert post.dict() == {"a": "1"} and not files


def test_a_text_files_charset_reaches_the_handler():
    data = body(
        part("notes", "ъ", filename="a.txt", headers="Content-Type: text/plain; charset=utf-8\r\n")
    )
    _post, files = parse(StreamingMultiPartParser, data)
    assert files["notes"].charset == "utf-8"


def test_a_temporary_file_is_removed_when_the_body_breaks_off(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    handler = TemporaryFileUploadHandler()
    data = body(part("photo", b"x" * 100_000, filename="big.jpg"))[:50_000]
    with pytest.raises(MultiPartParserError):
        parse(StreamingMultiPartParser, data, handlers=[handler])
    assert handler.file.closed
