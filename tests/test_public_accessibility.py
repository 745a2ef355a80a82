"""Accessibility basics on every public page the crawler reaches (the home page, the sitemap and
what they link to): the language of the page, landmarks, one main heading, alt text on every
image, a label for every form field, unique ids, and links with a name. (Layout at 360 px and the
axe-core run are the browser tests' part.)"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.test_public_privacy_crawl import crawl_showcase, showcase  # noqa: F401 (fixture)

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


def _has_aria_name(values: dict) -> bool:
    return bool(values.get("aria-label") or values.get("aria-labelledby") or values.get("title"))


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.tags: dict[str, int] = {}
        self.images_without_alt: list[str] = []
        self.fields: list[dict] = []  # form controls needing a label
        self.label_for: set[str] = set()
        self.ids: list[str] = []
        self._label_depth = 0
        self._links: list[dict] = []  # open <a> elements, innermost last
        self.nameless_links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "html":
            self.html_lang = values.get("lang")
        elif tag == "img":
            if "alt" not in values:
                self.images_without_alt.append(values.get("src", "?"))
            elif values["alt"].strip() and self._links:
                self._links[-1]["named"] = True
        elif tag == "label":
            self._label_depth += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and values.get("type", "text") in UNLABELLED_INPUT_TYPES:
                return
            self.fields.append({
                "name": values.get("name") or values.get("id") or tag,
                "id": values.get("id"),
                "wrapped": self._label_depth > 0,
                "aria": _has_aria_name(values),
            })
        elif tag == "a" and "href" in values:
            self._links.append({
                "href": values["href"],
                "named": _has_aria_name(values),
            })

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth = max(0, self._label_depth - 1)
        elif tag == "a" and self._links:
            link = self._links.pop()
            if not link["named"]:
                self.nameless_links.append(link["href"])

    def handle_data(self, data):
        if data.strip() and self._links:
            self._links[-1]["named"] = True

    @property
    def unlabelled_fields(self) -> list[str]:
        return [
            field["name"] for field in self.fields
            if not (field["wrapped"] or field["aria"] or (field["id"] and field["id"] in self.label_for))
        ]

    @property
    def duplicate_ids(self) -> list[str]:
        return sorted({i for i in self.ids if self.ids.count(i) > 1})


@pytest.fixture
def pages(showcase):  # noqa: F811
    """Every HTML page (200) the crawler reaches, in Indonesian and in English."""
    found = {}
    for language in ("id", "en"):
        client = Client()
        client.cookies["django_language"] = language
        result = crawl_showcase(client, showcase)
        for path, response in result.responses.items():
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                structure = PageStructure()
                structure.feed(response.content.decode())
                found[(language, path)] = structure
    assert len(found) >= 2 * 15  # the crawl really covered the showcase
    return found


def test_public_pages_say_their_language(pages):
    assert {key: page.html_lang for key, page in pages.items() if page.html_lang != key[0]} == {}


def test_public_pages_have_header_nav_main_and_footer_landmarks(pages):
    missing = {
        key: [tag for tag in ("header", "nav", "main", "footer") if not page.tags.get(tag)]
        for key, page in pages.items()
    }
    assert {key: tags for key, tags in missing.items() if tags} == {}
    assert {key: page.tags["main"] for key, page in pages.items() if page.tags["main"] != 1} == {}


def test_public_pages_have_exactly_one_main_heading(pages):
    assert {key: page.tags.get("h1", 0) for key, page in pages.items() if page.tags.get("h1", 0) != 1} == {}


def test_public_images_all_have_alt_text(pages):
    assert {key: page.images_without_alt for key, page in pages.items() if page.images_without_alt} == {}


def test_public_form_fields_all_have_labels(pages):
    assert {key: page.unlabelled_fields for key, page in pages.items() if page.unlabelled_fields} == {}
    # The crawl did meet forms: the catalogue's search and filters, the inquiry forms.
    assert sum(len(page.fields) for page in pages.values()) > 20


def test_public_pages_have_unique_ids(pages):
    assert {key: page.duplicate_ids for key, page in pages.items() if page.duplicate_ids} == {}


def test_public_links_all_have_a_name(pages):
    assert {key: page.nameless_links for key, page in pages.items() if page.nameless_links} == {}


def test_page_structure_finds_each_kind_of_problem():
    structure = PageStructure()
    structure.feed(
        '<html><body><img src="a.jpg"><input name="q"><label for="x">X</label><input id="x" name="x">'
        '<label>Y <input name="y"></label><input name="z" aria-label="Z">'
        '<a href="/p"><img src="b" alt=""></a>'
        '<a href="/n" aria-label="N"></a><span id="d"></span><span id="d"></span></body></html>'
    )
    assert structure.images_without_alt == ["a.jpg"]
    assert structure.unlabelled_fields == ["q"]
    assert structure.nameless_links == ["/p"]
    assert structure.duplicate_ids == ["d"]
