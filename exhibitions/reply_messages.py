"""What the officer (portal) or staff member (back office) is told after sending an answer to a
buyer, the same words on both surfaces."""

from django.contrib import messages
from django.utils.translation import gettext


def tell_reply_outcome(request, *, reply, email: str) -> None:
    if reply.email_failed:
        messages.warning(
            request,
            gettext(
                "Balasan tersimpan, tetapi surelnya belum terkirim karena server surel "
                "bermasalah. Kirim ulang nanti dengan tombol di bawah balasan, atau hubungi "
                "pembeli lewat telepon."
            ),
        )
    else:
        messages.success(request, gettext("Balasan terkirim ke %(email)s.") % {"email": email})
