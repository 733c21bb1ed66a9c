"""Reading multipart/form-data posts with the `multipart` library's streaming parser.

The citizen forms post multipart (they can carry a photo), and Django's own parser spends
about half a millisecond on a form of eight short fields, as much as the rest of the
submission's Python. `StreamingMultiPartParser` keeps Django's contract: the same upload
handlers, the same limits and errors (DATA_UPLOAD_MAX_NUMBER_FIELDS, _NUMBER_FILES,
_MEMORY_SIZE), file names sanitised the same way, and a file part with no name skipped.

It is used by the views that citizens post to (`streamed_multipart`); the back office keeps
Django's parser, whose uploads are few.
"""

from functools import wraps

import multipart
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import SkipFile, StopFutureHandlers, StopUpload
from django.http import QueryDict
from django.http.multipartparser import (
    MAX_TOTAL_HEADER_SIZE,
    MultiPartParser,
    MultiPartParserError,
)
from django.utils.datastructures import MultiValueDict

# RFC 7578 (4.7): senders must not encode parts; browsers send them as they are.
_PLAIN_TRANSFER_ENCODINGS = frozenset({"", "7bit", "8bit", "binary"})


class StreamingMultiPartParser(MultiPartParser):
    """Django's MultiPartParser with the body read by `multipart.PushMultipartParser`."""

    def __init__(self, meta, input_data, upload_handlers, encoding=None):
        # Django's checks, with the Content-Type read by the library's parser: Django's own
        # goes through the e-mail package and costs more than reading the whole form.
        content_type = meta.get("CONTENT_TYPE", "")
        if not content_type.startswith("multipart/") or not content_type.isascii():
            raise MultiPartParserError(f"Invalid Content-Type: {content_type!r}")
        boundary = multipart.parse_options_header(content_type)[1].get("boundary")
        if not boundary or not self.boundary_re.fullmatch(boundary):
            raise MultiPartParserError(f"Invalid boundary in multipart: {boundary!r}")
        try:
            content_length = int(meta.get("CONTENT_LENGTH", 0))
        except (ValueError, TypeError):
            content_length = 0
        if content_length < 0:
            raise MultiPartParserError(f"Invalid content length: {content_length!r}")
        self._boundary = boundary.encode("ascii")
        self._input_data = input_data
        self._chunk_size = min(
            [2**31 - 4, *(h.chunk_size for h in upload_handlers if h.chunk_size)]
        )
        self._meta = meta
        self._encoding = encoding or settings.DEFAULT_CHARSET
        self._content_length = content_length
        self._upload_handlers = upload_handlers

    def _parse(self):
        if self._content_length == 0:
            return QueryDict(encoding=self._encoding), MultiValueDict()
        for handler in self._upload_handlers:
            handled = handler.handle_raw_input(
                self._input_data, self._meta, self._content_length, self._boundary, self._encoding
            )
            if handled is not None:
                return handled[0], handled[1]

        self._post = QueryDict(mutable=True)
        self._files = MultiValueDict()
        reader = _PartReader(self)
        try:
            self._read_parts(reader)
        except StopUpload as stopped:
            self._close_files()
            if not stopped.connection_reset:
                self._drain()
        except Exception as error:
            if reader.file_field is not None:
                for handler in self._upload_handlers:
                    handler.upload_interrupted()  # a temporary file is removed at once
            if isinstance(error, multipart.MultipartError):
                # A body that ends early or breaks the format is refused, not half read.
                raise MultiPartParserError(f"Malformed multipart body: {error}") from error
            raise
        else:
            self._drain()
        for name, values in reader.values.items():
            self._post.setlist(name, values)
        any(handler.upload_complete() for handler in self._upload_handlers)
        self._post._mutable = False
        return self._post, self._files

    def _read_parts(self, reader: "_PartReader") -> None:
        parser = multipart.PushMultipartParser(
            self._boundary,
            content_length=self._content_length,
            max_header_size=MAX_TOTAL_HEADER_SIZE,
        )
        with parser:  # leaving it checks that the body was complete
            while not parser.closed:
                chunk = self._input_data.read(self._chunk_size)
                for event in parser.parse(chunk):
                    reader.take(event)

    def _drain(self) -> None:
        while self._input_data.read(self._chunk_size):
            pass


class _PartReader:
    """The parser's events (a part's headers, its chunks, its end) turned into fields and
    files, as Django's parser does."""

    def __init__(self, owner: StreamingMultiPartParser):
        self.owner = owner
        self.handlers = owner._upload_handlers
        self.encoding = owner._encoding
        # Read once: every access to a setting goes through a lazy object.
        self.most_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        self.most_files = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        self.most_field_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.values: dict[str, list[str]] = {}  # the fields, in the order they came
        self.fields = 0
        self.files = 0
        self.field_bytes = 0
        self.part = None
        self.kind = None  # "field", "file" or "skip" for the part being read
        self.value: list[bytes] = []
        self.file_field = None  # the name of the file being received
        self.counters: list[int] = []

    def take(self, event) -> None:
        if isinstance(event, multipart.MultipartSegment):
            self.part_start(event)
        elif event is None:
            self.part_end()
        elif self.kind == "field":
            self.field_chunk(event)
        elif self.kind == "file":
            self.file_chunk(event)

    def part_start(self, part) -> None:
        self.part, self.value = part, []
        encoding = (part.header("Content-Transfer-Encoding", "") or "").strip().lower()
        if encoding not in _PLAIN_TRANSFER_ENCODINGS:
            raise MultiPartParserError(f"Unsupported Content-Transfer-Encoding: {encoding}")
        name = part.name.strip()
        if not name:
            self.kind = "skip"
        elif not part.filename:
            # As Django reads it, a file input left empty is a field with an empty value.
            self.kind = "field"
            self.field_count()
        else:
            self.files += 1
            if self.most_files is not None and self.files > self.most_files:
                raise TooManyFilesSent(
                    "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES."
                )
            file_name = self.owner.sanitize_file_name(part.filename)
            self.kind = "file" if file_name else "skip"
            if file_name:
                self.file_start(name, file_name, part)

    def field_count(self) -> None:
        self.fields += 1
        if self.most_fields is not None and self.fields > self.most_fields:
            raise TooManyFieldsSent(
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
            )

    def field_chunk(self, chunk: bytes) -> None:
        self.field_bytes += len(chunk)
        self.field_bytes_check()
        self.value.append(chunk)

    def field_bytes_check(self) -> None:
        if self.most_field_bytes is not None and self.field_bytes > self.most_field_bytes:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    def file_start(self, name: str, file_name: str, part) -> None:
        self.counters = [0] * len(self.handlers)
        self.file_field = name
        try:
            for handler in self.handlers:
                try:
                    handler.new_file(
                        name,
                        file_name,
                        part.content_type or "",
                        None,
                        part.charset,
                        _content_type_extra(part),
                    )
                except StopFutureHandlers:
                    break
        except SkipFile:
            self.file_skip()

    def file_chunk(self, chunk: bytes) -> None:
        try:
            for index, handler in enumerate(self.handlers):
                length = len(chunk)
                chunk = handler.receive_data_chunk(chunk, self.counters[index])
                self.counters[index] += length
                if chunk is None:
                    break
        except SkipFile:
            self.file_skip()

    def file_skip(self) -> None:
        self.owner._close_files()
        self.kind, self.file_field = "skip", None

    def part_end(self) -> None:
        name = self.part.name.strip()
        if self.kind == "field":
            # As Django counts it: the name and "&=" too, like a urlencoded body.
            self.field_bytes += len(name) + 2
            self.field_bytes_check()
            value = b"".join(self.value).decode(self.encoding, errors="replace")
            self.values.setdefault(name, []).append(value)
        elif self.kind == "file":
            self.owner.handle_file_complete(self.file_field, self.counters)
            self.file_field = None
        self.part, self.kind, self.value = None, None, []


def _content_type_extra(part) -> dict:
    # Django passes the Content-Type's parameters; the charset is passed on its own too.
    header = part.header("Content-Type", "")
    return multipart.parse_options_header(header)[1] if header else {}


def streamed_multipart(view):
    """Read the view's multipart posts with StreamingMultiPartParser."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.multipart_parser_class = StreamingMultiPartParser
        return view(request, *args, **kwargs)

    return wrapped
