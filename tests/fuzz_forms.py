"""Helpers for the fuzz tests (tests/test_fuzz_forms.py): the forms of a rendered page, read with
html.parser, and hypothesis strategies of hostile input for their fields.

The strategies aim at what breaks a view rather than a form library: NUL bytes (PostgreSQL
refuses them in text), numbers past any column's range, odd dates, very long text, markup and
SQL-looking text, fields missing or repeated, unknown fields, and files that are not what their
name says.
"""

import dataclasses
import datetime
import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve
from hypothesis import strategies as st
from PIL import Image


@dataclasses.dataclass
class Field:
    name: str
    type: str  # an <input> type, or "select" / "textarea"
    value: str = ""  # as rendered (a hidden field's value, a checkbox's value, a text's initial)
    options: list[str] = dataclasses.field(default_factory=list)  # select options, radio values
    multiple: bool = False  # a multiple select, or several checkboxes of one name
    default: list[str] = dataclasses.field(default_factory=list)  # what a browser sends untouched
    inputmode: str = ""  # "numeric": a number typed in a text box (inmates.form_fields.WholeNumberInput)


@dataclasses.dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: dict[str, Field]

    def target(self, page_url: str) -> str:
        """The path the form posts to (an empty action is the page itself, query string included)."""
        return self.action or page_url

    def target_name(self, page_url: str) -> str | None:
        """The URL name (``namespace:name``) the form posts to, or None outside this site."""
        parts = urlsplit(self.target(page_url))
        if parts.netloc and parts.netloc != "testserver":
            return None
        try:
            return resolve(parts.path or "/").view_name
        except Resolver404:
            return None


class FormParser(HTMLParser):
    """Every <form> of a page with its named controls (buttons included: their value is posted)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._in_template = 0  # a <template>'s controls are never submitted

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self._in_template += 1
        elif not self._in_template:
            self._start(tag, attrs)

    def _add(self, field: Field) -> None:
        if self._form is None or not field.name:
            return
        fields = self._form.fields
        known = fields.get(field.name)
        if known is None:
            fields[field.name] = field
        elif known is field:
            return
        elif field.type in ("radio", "checkbox", "submit") or known.type in ("radio", "checkbox", "submit"):
            # One name, several values: radios and submit buttons choose one, checkboxes several.
            for option in [field.value] + field.options:
                if option not in known.options:
                    known.options.append(option)
            known.multiple = known.multiple or (field.type == "checkbox" and known.type == "checkbox")
            known.default += field.default
        else:
            known.multiple = True
            known.default += field.default

    def _start(self, tag, attrs):
        a = {key: (value or "") for key, value in attrs}
        if tag == "form":
            self._form = Form(
                method=a.get("method", "get").lower(),
                action=a.get("action", ""),
                enctype=a.get("enctype", ""),
                fields={},
            )
            self.forms.append(self._form)
        elif tag == "input":
            kind = a.get("type", "text").lower()
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            options = [value] if kind in ("radio", "checkbox", "submit") else []
            if kind in ("radio", "checkbox"):
                default = [value] if "checked" in a else []
            elif kind in ("submit", "file", "image", "reset", "button") or "disabled" in a:
                default = []
            else:
                default = [value]
            field = Field(
                name=a.get("name", ""), type=kind, value=value, options=options, default=default,
                inputmode=a.get("inputmode", ""),
            )
            self._add(field)
        elif tag == "button":
            if a.get("name"):
                value = a.get("value", "")
                self._add(Field(name=a["name"], type="submit", value=value, options=[value]))
        elif tag == "select":
            self._select = Field(name=a.get("name", ""), type="select", multiple="multiple" in a)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.default.append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = Field(name=a.get("name", ""), type="textarea", default=[""])
            self._add(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
            self._textarea.default = [self._textarea.value.removeprefix("\n")]

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template = max(self._in_template - 1, 0)
        elif self._in_template:
            return
        elif tag == "form":
            self._form = None
        elif tag == "select":
            if self._select is not None and not self._select.default and self._select.options:
                if not self._select.multiple:
                    self._select.default.append(self._select.options[0])  # as a browser does
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(response) -> list[Form]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    parser = FormParser()
    parser.feed(response.content.decode("utf-8", errors="replace"))
    return parser.forms


def post_forms(response) -> list[Form]:
    return [form for form in page_forms(response) if form.method == "post"]


def get_forms(response) -> list[Form]:
    return [form for form in page_forms(response) if form.method == "get"]


# --- hostile values ------------------------------------------------------------------------

PAYLOADS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 20,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%s%s%s%(x)s",
    "' OR '1'='1' --",
    "1; DROP TABLE inmates_inmate; --",
    "\\",
    "../../../etc/passwd",
    "\u202e\u0645\u0631\u062d\u0628\u0627",  # right-to-left override and Arabic
    "e\u0301\u0301\u0301",  # combining marks
    "😀" * 50,
    "\ufeff",
    "\r\n\r\n",
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "0x10",
    "1_000",
    "١٢٣",  # Arabic-Indic digits
    "²",  # a digit to str.isdigit() that int() refuses
    "𝟙𝟚",  # mathematical digits
    "Rp 150.000",
    "null",
    "true",
    "[]",
    "{}",
]
ODD_DATES = [
    "2018-02-30",
    "2018-13-45",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2018-04-03",
    "31/02/2018",
    "03/04/2018",
    "3.4.2018",
    "2018/04/03",
    "2018-04-03T25:61",
    "2018-04-03 10:00:00+99:00",
    # A moment that cannot be converted to UTC (an outside probe found the sales desk failing on it).
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01 00:00",
    "2018-04-03T10:00:00Z",
    "1970-01-01T00:00:00",
    "tomorrow",
    "1522713600",
]
numbers = st.one_of(
    st.integers(min_value=-(2**63) - 10, max_value=2**63 + 10),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([0, -1, 1, 2**31, 2**31 - 1, -(2**31) - 1, 2**63, 2**64, 10**100]),
).map(str)
long_text = st.integers(min_value=101, max_value=20_000).flatmap(
    lambda size: st.sampled_from(["x", "é", "9", "<", "😀", "a "]).map(lambda c: c * size)
)
values = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    numbers,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(ODD_DATES),
    long_text,
)
# Names of fields the form does not have. Kept to characters a browser's multipart encoder
# leaves alone (the test client does not escape quotes or newlines in names).
extra_names = st.one_of(
    st.sampled_from(["id", "pk", "prison", "prison_id", "status", "user", "is_staff", "next", "page",
                     "action", "then", "step", "token", "format", "csrfmiddlewaretoken"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-[]0123456789.", min_size=1, max_size=20),
)


def _image(fmt: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 40, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


file_names = st.sampled_from(
    ["foto.jpg", "foto.png", "foto.JPEG", "data.csv", "data.xlsx", "tanpa-akhiran", ".jpg", "a" * 300 + ".jpg",
     "../../etc/passwd.jpg", "foto\u202egpj.exe", "😀.png", "foto.jpg.php"]
)
file_contents = st.one_of(
    st.binary(max_size=3000),  # garbage
    st.just(b""),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),  # text named like anything
    st.builds(
        _image,
        st.sampled_from(["JPEG", "PNG", "GIF", "BMP"]),
        st.tuples(st.integers(1, 40), st.integers(1, 40)),
    ),  # a tiny valid image
    st.builds(lambda: _image("PNG", (5000, 1)) + b"\x00" * 10),  # valid header, odd shape, trailing junk
    st.binary(min_size=1, max_size=64).map(lambda tail: b"\xff\xd8\xff\xe0" + tail),  # a JPEG that stops
    st.binary(min_size=1, max_size=64).map(lambda tail: b"PK\x03\x04" + tail),  # a broken .xlsx (zip)
    st.lists(st.lists(values.filter(lambda v: len(v) < 200), max_size=8), max_size=6).map(
        lambda rows: "\n".join(";".join(row) for row in rows).encode("utf-8")
    ),  # CSV-looking text
)
files = st.builds(
    lambda name, content, ctype: SimpleUploadedFile(name, content, content_type=ctype),
    file_names,
    file_contents,
    st.sampled_from(["image/jpeg", "text/csv", "application/octet-stream", "text/plain"]),
)

OMIT = object()

# Values a person would type, so that a good share of posts pass the form's checks and reach
# the service and the database with some fields hostile and the others sound.
PLAUSIBLE = {
    "email": st.sampled_from(["pembeli@example.test", "a@b.co"]),
    "number": st.integers(min_value=0, max_value=120).map(str),
    "date": st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2030, 12, 31)).map(str),
    "tel": st.sampled_from(["0812 3456 7890", "+62 21 555 0101"]),
}
plausible_text = st.one_of(
    st.sampled_from(["Batik tulis", "Kain tenun ikat", "B.I-0001/2018", "1990", "12", "150000",
                     "Rp 150.000", "pembeli@example.test", "0812 3456 7890", "2018-04-03", "Lapas Lain"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=20),
)


def _plausible(field: "Field"):
    return PLAUSIBLE.get(field.type, plausible_text)


def field_values(field: Field):
    """A hypothesis strategy of what to post for ``field``: OMIT, or a list of values."""
    if field.type == "file":
        one = files
    elif field.options:
        one = st.one_of(st.sampled_from(field.options), values)
    elif field.type in ("hidden", "submit", "checkbox") or field.value:
        one = st.one_of(st.just(field.value), _plausible(field), values)
    else:
        one = st.one_of(_plausible(field), values)
    if field.multiple:
        many = st.lists(one, min_size=1, max_size=5)
    else:
        # Now and then the same name twice: a browser never sends it, a script may.
        many = st.one_of(one.map(lambda value: [value]), st.lists(one, min_size=2, max_size=3))
    return st.one_of(st.just(OMIT), many)


def fresh(data: dict) -> dict:
    """``data`` with each uploaded file copied: a file object can be posted only once."""
    return {
        name: [
            SimpleUploadedFile(v.name, v.file.getvalue(), content_type=v.content_type)
            if isinstance(v, SimpleUploadedFile) else v
            for v in values
        ]
        for name, values in data.items()
    }


@st.composite
def form_data(draw, form: Form, *, sound: dict | None = None):
    """POST data for ``form``. Half the time (given ``sound``, a post the form accepts) the sound
    post with one to three fields left out or made hostile, which carries the hostile value past
    the other checks into the service and the database; otherwise every field left out, sent
    as rendered, plausible or hostile. Either way, now and then unknown fields too."""
    if sound is not None and draw(st.booleans()):
        data = fresh(sound)
        for name in draw(st.lists(st.sampled_from(sorted(form.fields)), min_size=1, max_size=3, unique=True)):
            chosen = draw(field_values(form.fields[name]))
            if chosen is OMIT:
                data.pop(name, None)
            else:
                data[name] = chosen
    else:
        data = {}
        for name, field in form.fields.items():
            chosen = draw(field_values(field))
            if chosen is not OMIT:
                data[name] = chosen
    for name, value in draw(st.lists(st.tuples(extra_names, values), max_size=3)):
        if name not in form.fields:
            data.setdefault(name, []).append(value)
    return data


# --- query strings -------------------------------------------------------------------------


class _HrefParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def query_vocabulary(response, path: str) -> dict[str, set[str]]:
    """The query parameters a page offers for itself: the fields of its GET forms (with their
    choices) and the parameters of its links back to ``path`` (filters, sorting, pages)."""
    from urllib.parse import parse_qsl

    vocabulary: dict[str, set[str]] = {}
    for form in get_forms(response):
        if urlsplit(form.action).path not in ("", path):
            continue
        for name, field in form.fields.items():
            vocabulary.setdefault(name, set()).update(field.options + field.default)
    parser = _HrefParser()
    parser.feed(response.content.decode("utf-8", errors="replace"))
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.path in ("", path) and parts.query:
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                vocabulary.setdefault(name, set()).add(value)
    return vocabulary


def query_lists(vocabulary: dict[str, set[str]], *, common: tuple[str, ...] = ()):
    """Lists of (name, value) for a query string: the page's own parameters and ``common`` ones
    with their offered values or hostile ones, now and then an unknown parameter."""
    names = sorted(set(vocabulary) | set(common))
    offered = sorted({value for values in vocabulary.values() for value in values})
    value = st.one_of(st.sampled_from(offered), values) if offered else values
    name = st.one_of(st.sampled_from(names), extra_names) if names else extra_names
    return st.lists(st.tuples(name, value), max_size=6)
