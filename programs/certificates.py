"""A Bimtek certificate as a PDF (reportlab): A4 landscape, in the palette of the showcase.

The certificate is given to the person, so it carries the holder's LEGAL name; it may therefore be
downloaded only by ministry staff and the officers of the holder's prison (never by the public).
Its QR code holds nothing but the public verification URL, whose page shows the display name
only within the holder's consent.

The document is always in Indonesian, whatever language the reader chose on screen: it is an
official paper of the Indonesian government.
"""

import io
import re
import unicodedata

import segno
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from inmates.templatetags.etalase import format_date_range
from programs.models import Certificate

INDIGO = HexColor("#27306b")
SOGA = HexColor("#7a4a1f")
SOGA_SOFT = HexColor("#e9d8c4")
INK = HexColor("#1f1d1a")
MUTED = HexColor("#5b554d")
PAPER = HexColor("#fcfaf6")
REVOKED_RED = HexColor("#a4262c")

ISSUER = "Direktorat Jenderal Industri Kecil dan Menengah"
MINISTRY = "Kementerian Perindustrian Republik Indonesia"
ISSUED_IN = "Jakarta"

# The QR code: error correction M survives a crease or a stain; 8 pixels per module keep the
# embedded image sharp whatever a viewer does when it scales it.
QR_ERROR = "m"
QR_BORDER = 4
QR_SCALE = 8


def certificate_qr_payload(certificate: Certificate, base_url: str) -> str:
    """The whole content of the certificate's QR code: the absolute URL of its public
    verification page (``base_url`` is scheme and host, e.g. ``https://etalase.example``).
    Nothing else, so a scan reveals nothing but what that page shows."""
    return base_url.rstrip("/") + reverse("public:certificate-verify", args=[certificate.verification_code])


def certificate_qr(payload: str) -> segno.QRCode:
    return segno.make(payload, error=QR_ERROR, micro=False, boost_error=False)


def certificate_filename(certificate: Certificate) -> str:
    """``sertifikat-IKM-BIMTEK-2018-0007.pdf``."""
    return "sertifikat-" + re.sub(r"[^A-Za-z0-9]+", "-", certificate.number).strip("-") + ".pdf"


def _date(day) -> str:
    return date_format(day, "j F Y")


def _printable(text: str) -> str:
    """``text`` in the standard PDF fonts' character set (Windows-1252, which holds Indonesian):
    a letter outside it loses its accent (Ş -> S) rather than printing as a black box."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            char = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252") or "?"
        out.append(char)
    return "".join(out)


def _spaced_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


class _Sheet:
    """Drawing helpers on one landscape A4 page."""

    def __init__(self, canvas: Canvas):
        self.c = canvas
        self.width, self.height = landscape(A4)

    def fit_size(self, text: str, font: str, size: float, max_width: float, min_size: float) -> float:
        while size > min_size and stringWidth(text, font, size) > max_width:
            size -= 0.5
        return size

    def centred(
        self, text: str, y: float, font: str, size: float, colour=INK, *, max_width=None, char_space=0
    ) -> float:
        c = self.c
        if max_width:
            size = self.fit_size(text, font, size, max_width, size * 0.6)
        c.setFillColor(colour)
        if char_space:
            # Character spacing is graphics state: keep it to this one line.
            c.saveState()
            text_width = stringWidth(text, font, size) + char_space * (len(text) - 1)
            obj = c.beginText((self.width - text_width) / 2, y)
            obj.setFont(font, size)
            obj.setCharSpace(char_space)
            obj.textOut(text)
            c.drawText(obj)
            c.restoreState()
        else:
            c.setFont(font, size)
            c.drawCentredString(self.width / 2, y, text)
        return size

    def kawung(self, x: float, y: float, r: float):
        """A kawung ornament (four petals around a centre, the oldest batik motif) at (x, y)."""
        c = self.c
        c.saveState()
        c.translate(x, y)
        c.setFillColor(SOGA)
        for angle in (45, 135, 225, 315):
            c.saveState()
            c.rotate(angle)
            c.ellipse(r * 0.18, -r * 0.32, r * 1.05, r * 0.32, stroke=0, fill=1)
            c.restoreState()
        c.setFillColor(PAPER)
        c.circle(0, 0, r * 0.14, stroke=0, fill=1)
        c.restoreState()

    def frame(self):
        c, w, h = self.c, self.width, self.height
        c.setFillColor(PAPER)
        c.rect(0, 0, w, h, stroke=0, fill=1)
        c.setStrokeColor(INDIGO)
        c.setLineWidth(7)
        c.rect(18, 18, w - 36, h - 36, stroke=1, fill=0)
        c.setStrokeColor(SOGA)
        c.setLineWidth(1.2)
        c.rect(31, 31, w - 62, h - 62, stroke=1, fill=0)
        c.setLineWidth(0.5)
        c.rect(35, 35, w - 70, h - 70, stroke=1, fill=0)
        for x, y in ((33, 33), (w - 33, 33), (33, h - 33), (w - 33, h - 33)):
            c.setFillColor(PAPER)
            c.circle(x, y, 17, stroke=0, fill=1)
            self.kawung(x, y, 15)

    def rule(self, y: float, half_width: float, colour=SOGA, width=1.0):
        c = self.c
        c.setStrokeColor(colour)
        c.setLineWidth(width)
        c.line(self.width / 2 - half_width, y, self.width / 2 + half_width, y)

    def watermark(self, text: str):
        c = self.c
        c.saveState()
        c.setFillColor(REVOKED_RED)
        c.setFillAlpha(0.22)
        c.translate(self.width / 2, self.height / 2)
        c.rotate(24)
        c.setFont("Helvetica-Bold", 130)
        c.drawCentredString(0, -45, text)
        c.restoreState()


def certificate_pdf(certificate: Certificate, *, base_url: str, compress: bool = True) -> bytes:
    """The certificate as a one-page PDF. ``base_url`` (scheme and host) makes the QR code's
    verification URL absolute. A revoked certificate is marked "DICABUT" across the page.

    ``certificate`` should come with ``participant__inmate`` and ``participant__training__prison``
    already joined (``select_related``)."""
    with translation.override("id"):
        return _certificate_pdf(certificate, base_url=base_url, compress=compress)


def _certificate_pdf(certificate: Certificate, *, base_url: str, compress: bool) -> bytes:
    participant = certificate.participant
    training = participant.training
    holder = _printable(participant.inmate.legal_name.strip())
    verification_url = certificate_qr_payload(certificate, base_url)

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=landscape(A4), pageCompression=1 if compress else 0)
    canvas.setTitle(f"Sertifikat {certificate.number}")
    canvas.setAuthor(f"{ISSUER}, {MINISTRY}")
    canvas.setSubject(training.title)
    canvas.setCreator("Etalase")
    sheet = _Sheet(canvas)
    w = sheet.width
    sheet.frame()

    # Heading: who issues it.
    sheet.centred(MINISTRY.upper(), 520, "Helvetica-Bold", 10.5, INDIGO, char_space=1.6)
    sheet.centred(ISSUER, 504, "Helvetica", 10.5, MUTED)
    sheet.rule(492, 36)

    sheet.centred(_("SERTIFIKAT"), 440, "Times-Bold", 50, INDIGO, char_space=9)
    sheet.centred(_("Nomor: %(number)s") % {"number": certificate.number}, 418, "Helvetica", 11, INK)

    sheet.centred(_("diberikan kepada"), 384, "Times-Italic", 15, MUTED)
    size = sheet.centred(holder, 346, "Times-Bold", 32, INK, max_width=w - 200)
    sheet.rule(334, min((w - 200) / 2, stringWidth(holder, "Times-Bold", size) / 2 + 30), SOGA, 1.2)

    sheet.centred(
        _("yang telah mengikuti dan dinyatakan lulus bimbingan teknis"), 306, "Times-Roman", 14, INK
    )
    y = 280
    # The title on one or two lines, smaller when long; a 200-character title takes three.
    title = _printable(training.title)
    title_size = 22.0
    lines = simpleSplit(title, "Times-Bold", title_size, w - 180)
    while len(lines) > 2 and title_size > 14:
        title_size -= 1
        lines = simpleSplit(title, "Times-Bold", title_size, w - 180)
    for line in lines:
        sheet.centred(line, y, "Times-Bold", title_size, INDIGO)
        y -= title_size + 4
    y -= 6
    details = [_("Bidang keterampilan: %(skill)s") % {"skill": _printable(training.skill_area)}]
    # When, not where: a certificate is shown to employers after release, and the name of a
    # prison on it would tell them the holder's past (found by a ministry probe). The verification
    # page does not name it either.
    where_when = format_date_range(training.starts_on, training.ends_on)
    if training.hours:
        where_when += _(", %(hours)s jam pelajaran") % {"hours": training.hours}
    details.append(where_when)
    for line in details:
        sheet.centred(line, y, "Helvetica", 11.5, INK, max_width=w - 180)
        y -= 17

    # Bottom left: the QR code and how to check the certificate.
    qr_size = 96
    qr_x, qr_y = 62, 58
    png = io.BytesIO()
    certificate_qr(verification_url).save(png, kind="png", scale=QR_SCALE, border=QR_BORDER, dark="#1f1d1a")
    png.seek(0)
    canvas.setFillColor(white)
    canvas.rect(qr_x, qr_y, qr_size, qr_size, stroke=0, fill=1)
    canvas.drawImage(ImageReader(png), qr_x, qr_y, qr_size, qr_size)
    text_x = qr_x + qr_size + 10
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawString(text_x, qr_y + 72, _("Periksa keaslian sertifikat ini:"))
    canvas.setFont("Helvetica", 8)
    canvas.drawString(text_x, qr_y + 60, _("pindai kode QR atau buka"))
    url_size = sheet.fit_size(verification_url, "Helvetica", 8, 250, 5.5)
    canvas.setFillColor(INDIGO)
    canvas.setFont("Helvetica", url_size)
    canvas.drawString(text_x, qr_y + 48, verification_url)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(text_x, qr_y + 28, _("Kode verifikasi"))
    canvas.setFillColor(INK)
    canvas.setFont("Courier-Bold", 12)
    canvas.drawString(text_x, qr_y + 14, _spaced_code(certificate.verification_code))

    # Bottom right: place and date of issue, the issuing directorate.
    sign_x = w - 215
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica", 10.5)
    canvas.drawCentredString(
        sign_x, 150, _("%(place)s, %(date)s") % {"place": ISSUED_IN, "date": _date(certificate.issued_on)}
    )
    canvas.setFont("Helvetica-Bold", 10.5)
    canvas.drawCentredString(sign_x, 132, ISSUER)
    canvas.setFont("Helvetica", 10.5)
    canvas.drawCentredString(sign_x, 117, MINISTRY)
    canvas.setStrokeColor(SOGA)
    canvas.setLineWidth(0.8)
    canvas.line(sign_x - 120, 86, sign_x + 120, 86)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica-Oblique", 8)
    canvas.drawCentredString(sign_x, 74, _("Diterbitkan secara elektronik melalui Etalase."))

    if certificate.revoked_at:
        sheet.watermark(_("DICABUT"))
        canvas.setFillColor(REVOKED_RED)
        canvas.setFont("Helvetica-Bold", 11)
        revoked_on = _date(timezone.localdate(certificate.revoked_at))
        canvas.drawCentredString(
            w / 2, 538, _("Sertifikat ini dicabut pada %(date)s dan tidak berlaku.") % {"date": revoked_on}
        )

    canvas.showPage()
    canvas.save()
    return out.getvalue()


def certificate_pdf_response(certificate: Certificate, *, request) -> HttpResponse:
    """The PDF as a download; the QR code points at this site's host (from the request)."""
    pdf = certificate_pdf(certificate, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    # Personal data: never kept by a shared cache or the browser's back-forward cache.
    response["Cache-Control"] = "private, no-store"
    return response
