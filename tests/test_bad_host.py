"""A request naming a host that is not ours gets the 400 page, not a server error (found by a
probe: the page's canonical URL asked Django for the host again, which raised once more)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["evil.com", "evil.com:8101", "testserver:80:80"])
@pytest.mark.parametrize("path", ["/", "/produk/", "/portal/", "/tidak-ada/"])
def test_a_foreign_host_gets_the_400_page(client, host, path):
    response = client.get(path, HTTP_HOST=host)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Permintaan tidak dapat dibaca" in page
    assert host not in page  # nothing of the foreign host is written into the page
