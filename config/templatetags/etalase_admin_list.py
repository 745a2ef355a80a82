"""``{% result_list cl %}`` for every admin changelist, its rows from ``config.admin_list``.

``templates/admin/change_list.html`` loads this library after Django's ``admin_list``, so the
tag of the same name here is the one its ``result_list`` block uses.
"""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from config.admin_list import result_list

register = template.Library()


@register.tag(name="result_list")
def result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=result_list, template_name="change_list_results.html", takes_context=False
    )
