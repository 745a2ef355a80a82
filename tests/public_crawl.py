"""A crawler of the public showcase for tests: follows same-site links from the pages it is given
(HTML links, sitemap <loc>s, the robots.txt Sitemap line, redirects), with Django's test client.

Never enters the portal, the admin, the login, the language switch, static or media files.
"""

import dataclasses
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

SKIPPED_PREFIXES = ("/admin/", "/portal/", "/i18n/", "/masuk/", "/keluar/", "/static/", "/media/")
SITE_HOSTS = {"testserver", ""}


class LinkParser(HTMLParser):
    """The hrefs of <a> and <link rel=canonical> (stylesheets and icons are static files)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "link" and values.get("rel") == "canonical" and values.get("href"):
            self.links.append(values["href"])


def links_of(response) -> list[str]:
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace")
    if content_type.startswith("text/html"):
        parser = LinkParser()
        parser.feed(body)
        return parser.links
    if "xml" in content_type:
        return re.findall(r"<loc>([^<]+)</loc>", body)
    if content_type.startswith("text/plain"):
        return re.findall(r"^Sitemap:\s*(\S+)", body, flags=re.MULTILINE)
    return []


def site_path(url: str, *, base: str) -> str | None:
    """``url`` (seen on page ``base``) as a path with query string, or None when it leaves the
    public showcase (another site, mailto:, tel:, a skipped area)."""
    url = urldefrag(urljoin(base, url.strip())).url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", ""):
        return None
    if parts.netloc and parts.hostname not in SITE_HOSTS:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


@dataclasses.dataclass
class Crawl:
    responses: dict[str, object]  # path -> response
    limit_reached: bool

    def bodies(self):
        for path, response in self.responses.items():
            yield path, response.content.decode("utf-8", errors="replace")


def crawl(client, seeds, *, limit: int = 400) -> Crawl:
    """Breadth first from ``seeds`` (paths), at most ``limit`` responses."""
    queue = deque(seeds)
    seen = set(seeds)
    responses = {}
    while queue and len(responses) < limit:
        path = queue.popleft()
        response = client.get(path)
        responses[path] = response
        found = links_of(response)
        if response.status_code in (301, 302) and response.get("Location"):
            found.append(response["Location"])
        for link in found:
            target = site_path(link, base=f"http://testserver{path}")
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    return Crawl(responses=responses, limit_reached=bool(queue))
