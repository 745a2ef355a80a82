"""The message for a second visitor count on one day (found by a ministry probe: Django's words
read "... dengan Pameran dan Hari ini sudah ada", and "hari ini" is "today")."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from exhibitions.models import VisitorCount
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_second_count_for_a_day_is_refused_in_plain_words():
    counted = VisitorCount.objects.create(exhibition=factories.make_exhibition(), day=datetime.date(2018, 4, 3), count=10)
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        VisitorCount(exhibition=counted.exhibition, day=counted.day, count=12).validate_constraints()
    assert caught.value.messages == ["Jumlah pengunjung pameran ini pada tanggal itu sudah dicatat; ubah catatan yang ada."]
