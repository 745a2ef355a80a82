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


def resend_and_tell(request, *, inquiry, reply_id) -> None:
    """Send again the answer ``reply_id`` of ``inquiry`` (``inquiry_reply_resend``) and say how it
    went; an id that is not one of the inquiry's answers is not found (404)."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from exhibitions.services import inquiry_reply_resend

    text = str(reply_id or "")
    reply = inquiry.replies.filter(pk=int(text)).first() if text.isascii() and text.isdigit() and len(text) < 19 else None
    if reply is None:
        raise Http404
    try:
        reply = inquiry_reply_resend(reply=reply, user=request.user)
    except ValidationError as error:
        (messages.error if error.code == "refused" else messages.info)(request, " ".join(error.messages))
    else:
        tell_reply_outcome(request, reply=reply, email=inquiry.email)
