"""The role groups survive a flush: ``manage.py flush`` (and every transactional test) empties the
groups the data migration created; post_migrate puts them back with their permissions, so a staff
member created afterwards still has a working back office."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from inmates import roles
from tests import factories


def _codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.django_db(transaction=True)
def test_role_groups_and_their_permissions_come_back_after_a_flush():
    before = {role: _codenames(role) for role in roles.ALL_ROLES}
    assert before[roles.MINISTRY_STAFF], "the data migration gave ministry staff permissions"

    call_command("flush", interactive=False, verbosity=0)

    assert {role: _codenames(role) for role in roles.ALL_ROLES} == before
    client = Client()
    client.force_login(factories.make_user(role=roles.MINISTRY_STAFF, username="staf-setelah-flush"))
    assert client.get("/admin/products/product/").status_code == 200
