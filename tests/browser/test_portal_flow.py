"""Issue 3's acceptance in a real browser: a prison officer registers a participant with consent,
adds a product with a photo and submits it; a ministry curator approves it in the curation queue;
the officer sees it approved and the public product page credits the maker by display name."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from inmates import roles
from inmates.models import Consent, Inmate
from products.models import Product
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Etalase-2018"


@pytest.fixture
def cipinang():
    return factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang", city="Jakarta Timur")


@pytest.fixture
def cipinang_officer(cipinang):
    return factories.make_officer(
        prison=cipinang, username="petugas.cipinang", password=PASSWORD, email="petugas@cipinang.test"
    )


@pytest.fixture
def curator():
    return factories.make_user(role=roles.MINISTRY_STAFF, username="kurator", password=PASSWORD)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "kain-batik.jpg"
    path.write_bytes(factories.image_bytes(size=(640, 480), color=(39, 48, 107)))
    return path


def log_in(page, *, username: str):
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_officer_registers_submits_and_sees_curator_approval(
    live_server, page, browser, cipinang, cipinang_officer, curator, photo
):
    factories.make_category(slug="batik", name_id="Batik", name_en="Batik")
    other_prison = factories.make_prison(name="Lapas Kelas IIA Kerobokan")
    factories.make_inmate(prison=other_prison, legal_name="Warga Lapas Lain")
    base = live_server.url

    # The portal asks for a login first; the officer logs in with the form.
    page.goto(base + "/portal/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/portal/$"))
    log_in(page, username="petugas.cipinang")
    expect(page).to_have_url(base + "/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lapas Kelas I Cipinang")

    # Register a participant, with consent for the display name, the story and photos of the work.
    page.get_by_role("link", name="Peserta", exact=True).click()
    page.get_by_role("link", name="Daftarkan peserta").first.click()
    page.get_by_label("Nama lengkap").fill("Sarno Wibowo")
    page.get_by_label("Nomor registrasi").fill("B.I-0456/2018")
    page.get_by_label("Tahun lahir").fill("1985")
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Keterampilan").fill("Membatik tulis, mewarnai alami")
    page.get_by_label("Nama tampilan publik").fill("Pak Sarno")
    page.get_by_label("Kisah publik", exact=True).fill("Belajar membatik di bengkel lapas sejak 2016.")
    page.get_by_label("Nama tampilan boleh ditampilkan di halaman publik").check()
    page.get_by_label("Kisah publik boleh ditampilkan").check()
    page.get_by_label("Foto karyanya boleh ditampilkan").check()
    page.get_by_role("button", name="Daftarkan", exact=True).click()

    expect(page.get_by_role("status").first).to_contain_text("Sarno Wibowo terdaftar, beserta persetujuan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarno Wibowo")
    inmate = Inmate.objects.get(registration_number="B.I-0456/2018")
    assert (inmate.prison, inmate.legal_name, inmate.display_name, inmate.birth_year) == (
        cipinang, "Sarno Wibowo", "Pak Sarno", 1985
    )
    consent = Consent.objects.get(inmate=inmate)
    flags = (consent.display_name_public, consent.story_public, consent.work_photos_public)
    assert flags == (True, True, True)
    assert (consent.withdrawn_on, consent.recorded_by) == (None, cipinang_officer)

    # Add a product with a photo (and its alt text), credit the maker, submit it for curation.
    page.get_by_role("link", name="Produk", exact=True).click()
    page.get_by_role("link", name="Tambah produk").first.click()
    page.get_by_label("Nama produk").fill("Kain Batik Tulis Parang Rusak")
    page.get_by_label("Kategori").select_option(label="Batik")
    page.get_by_label("Harga (Rp)").fill("450.000")
    page.get_by_label("Deskripsi").fill("Batik tulis dengan pewarna alam, dikerjakan dua minggu.")
    page.get_by_label("Bahan").fill("Kain katun primisima, pewarna alam")
    makers = page.locator(".product-makers")
    expect(makers).not_to_contain_text("Warga Lapas Lain")  # another prison's inmate is no choice
    makers.get_by_label("Sarno Wibowo · B.I-0456/2018").check()
    page.get_by_label("Berkas foto").set_input_files(photo)
    expect(page.locator(".product-file-note")).to_contain_text("kain-batik.jpg")
    page.get_by_label("Teks alternatif").fill("Kain batik parang rusak biru tua, terbentang")
    page.get_by_role("button", name="Ajukan untuk kurasi").click()

    expect(page).to_have_url(base + "/portal/produk/")
    expect(page.get_by_role("status").first).to_contain_text("diajukan untuk kurasi")
    row = page.locator(".product-row", has_text="Kain Batik Tulis Parang Rusak")
    expect(row.locator(".status-badge")).to_have_text("Diajukan")
    product = Product.objects.get(name="Kain Batik Tulis Parang Rusak")
    assert (product.prison, product.status, product.price) == (cipinang, Product.Status.SUBMITTED, 450_000)
    assert list(product.makers.all()) == [inmate]
    image = product.images.get()
    assert image.alt_text == "Kain batik parang rusak biru tua, terbentang"
    assert (image.width, image.height) == (640, 480)
    assert not image.image.name.endswith("kain-batik.jpg")  # stored under a random name

    # The curator, in a browser of their own, approves it in the curation queue.
    curator_context = browser.new_context()
    try:
        desk = curator_context.new_page()
        desk.goto(base + "/admin/products/product/kurasi/")
        expect(desk).to_have_url(re.compile(r"/admin/login/"))
        desk.fill("#id_username", "kurator")
        desk.fill("#id_password", PASSWORD)
        desk.click("input[type=submit]")
        expect(desk).to_have_url(base + "/admin/products/product/kurasi/")
        item = desk.locator("section.etalase-curation-item", has_text="Kain Batik Tulis Parang Rusak")
        expect(item).to_contain_text("Lapas Kelas I Cipinang")
        expect(item.get_by_role("img", name="Kain batik parang rusak biru tua, terbentang")).to_be_visible()
        item.get_by_role("button", name="Setujui", exact=True).click()
        expect(desk.locator(".messagelist")).to_contain_text("disetujui dan kini tampil di etalase publik")
        expect(desk.locator("section.etalase-curation-item")).to_have_count(0)
    finally:
        curator_context.close()

    product.refresh_from_db()
    assert (product.status, product.curated_by) == (Product.Status.APPROVED, curator)
    assert product.curated_at is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["petugas@cipinang.test"], "Produk disetujui: Kain Batik Tulis Parang Rusak")
    ]

    # The officer reloads the product list and sees the decision.
    page.reload()
    expect(row.locator(".status-badge")).to_have_text("Disetujui")

    # The public product page credits the maker by the display name only.
    page.goto(base + f"/produk/{product.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kain Batik Tulis Parang Rusak")
    expect(page.locator(".product-origin")).to_contain_text("Dibuat oleh Pak Sarno")
    expect(page.locator(".maker-story")).to_have_text("Belajar membatik di bengkel lapas sejak 2016.")
    body = page.locator("body").inner_text()
    assert "Sarno Wibowo" not in body
    assert "B.I-0456/2018" not in body
