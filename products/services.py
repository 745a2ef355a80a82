"""Writes for products. Each service runs in a transaction and takes the acting user."""

from django.db import transaction

from products.images import clean_upload, render_thumbnails
from products.models import Product, ProductImage


@transaction.atomic
def product_image_add(
    *, product: Product, file, alt_text: str, position: int = 0, user=None
) -> ProductImage:
    """Store ``file`` as an image of ``product``: validated, re-encoded without EXIF/GPS, under a
    random name, with thumbnails. Raises ValidationError for a bad file; then nothing is stored."""
    clean = clean_upload(file)
    image = ProductImage(product=product, alt_text=alt_text, position=position)
    image.image.save(clean.content.name, clean.content, save=False)
    image_thumbnails_render(image=image)
    image.save()
    return image


def image_thumbnails_render(*, image: ProductImage) -> None:
    """(Re)make the thumbnails of ``image`` from its stored file; the caller saves the row."""
    image.image.open("rb")
    try:
        renditions = render_thumbnails(image.image.file)
    finally:
        image.image.close()
    for field, content in renditions.items():
        getattr(image, field).save(content.name, content, save=False)
