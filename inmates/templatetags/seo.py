"""What base.html's <head> needs to say a page's title, description, URL and image once and
reuse them for the OpenGraph tags: ``capture`` and ``absolute_url``."""

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # The inner output is already escaped by the template engine; whitespace is collapsed
        # (a description written over several lines becomes one line of a <meta> attribute).
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308  # nosec B308 B703
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}...{% endcapture %}``: renders the inside (blocks included, so
    child templates still override them) into the variable ``name`` instead of the page."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def absolute_url(context, location):
    """``location`` (a path, or an already absolute URL) as an absolute URL on this site.

    Keeps the input's escaping: a captured (already escaped) value stays escaped once, a plain
    string is escaped on output as usual. Without a request (a template rendered outside a
    request) the location is returned as it is."""
    escaped = isinstance(location, SafeData)
    location = str(location or "")
    request = context.get("request")
    try:
        url = location if request is None else request.build_absolute_uri(location)
    except DisallowedHost:
        # The 400 page of a request whose Host is not ours: asking for it again would make
        # that page a server error (found by a probe: curl -H "Host: evil.com").
        url = location
    return mark_safe(url) if escaped else url  # noqa: S308  # nosec B308 B703
