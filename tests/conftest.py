import pytest
from django.core.cache import cache, caches
from django.test import Client

from inmates import roles
from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files of a test go to a temporary folder, never the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Tests create many users; PBKDF2's deliberate slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page_cache(settings):
    """The public page cache on, as in production, with the tests' writes counted as committed at
    once; both caches empty before and after."""
    settings.PUBLIC_PAGE_CACHE = True
    settings.PUBLIC_PAGE_CACHE_BYPASS_HEADER = ""
    settings.PUBLIC_PAGE_CACHE_SETTLE_SECONDS = 0  # the tests' writes are at once "committed"
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def prison(db):
    return factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")


@pytest.fixture
def other_prison(db):
    return factories.make_prison(name="Lapas Kelas IIA Kerobokan", slug="lapas-kerobokan")


@pytest.fixture
def officer(prison):
    return factories.make_officer(prison=prison, username="petugas")


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def staff_user(db):
    return factories.make_user(role=roles.MINISTRY_STAFF, username="staf")


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def corrections_client(db):
    client = Client()
    client.force_login(factories.make_user(role=roles.CORRECTIONS_STAFF, username="pas"))
    return client


@pytest.fixture
def make_image():
    return factories.uploaded_image
