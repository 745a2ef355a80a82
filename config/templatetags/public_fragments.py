"""``{% public_fragment "name" part … %}…{% end_public_fragment %}``: a piece of a public page
kept, rendered, under the public content version, the language and the given parts (see
config/fragments.py). The parts must name everything the piece shows that is not public content
(the page number, the chosen filters); the piece must not depend on the visitor."""

from django import template
from django.utils.safestring import mark_safe

from config import fragments

register = template.Library()


class PublicFragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        if not fragments.enabled():
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        if not name:  # the page asks not to keep this one (it shows what a visitor typed)
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        key, html, settled = fragments.get_fragment(name, parts)
        token = context.get("csrf_token")
        if html is None:
            html = self.nodelist.render(context)
            if settled:
                fragments.store_fragment(key, html, csrf_token=str(token) if token else "")
            return html
        if fragments.CSRF_PLACEHOLDER in html:
            # A form's CSRF token is kept as a placeholder: each visitor gets their own.
            # Stored template output (escaped when rendered) and a CSRF token (letters and digits).
            html = mark_safe(html.replace(fragments.CSRF_PLACEHOLDER, str(token) if token else ""))  # noqa: S308  # nosec B308 B703
        return html


@register.tag("public_fragment")
def public_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("public_fragment needs a name")
    nodelist = parser.parse(("end_public_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
