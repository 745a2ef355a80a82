"""Forms for running an exhibition outside the admin: a juror's scores (portal), an officer's
stock count (portal) and a visitor's feedback (public, from the QR code on a booth label)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.validators import LengthAtMost
from exhibitions.models import VisitorFeedback, lost_more_than_left, returned_more_than_brought
from inmates.form_fields import WholeNumberField, WholeNumberInput


class JudgeScoreForm(forms.Form):
    """One 0-100 score per criterion of the competition (fields ``criterion_<id>``)."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = WholeNumberField(
                label=criterion.name,
                min_value=0,
                max_value=100,
                help_text=_("Bobot %(weight)d%%") % {"weight": criterion.weight},
                error_messages={
                    "required": _("Beri nilai 0 sampai 100."),
                    "invalid": _("Tulis nilai dengan angka 0 sampai 100."),
                    # "7,5": a score is whole (not the thousands example of other number fields).
                    "decimal": _("Tulis nilai bulat 0 sampai 100, tanpa pecahan: 85, bukan 85,5."),
                    "min_value": _("Nilai paling kecil 0."),
                    "max_value": _("Nilai paling besar 100."),
                },
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[self.field_name(criterion)] for criterion in self.criteria}

    def rows(self):
        """(criterion, bound field) in the criteria's order, for the template."""
        return [(criterion, self[self.field_name(criterion)]) for criterion in self.criteria]


class StockCountForm(forms.Form):
    """Brought in, returned and lost or damaged for each product a delegation may sell (fields
    ``in_<product id>``, ``back_<product id>`` and ``lost_<product id>``; returned stays empty
    until counted, lost or damaged empty means none)."""

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            number = {
                "invalid": _("Tulis jumlah dengan angka."),
                "min_value": _("Jumlah tidak boleh negatif."),
                "max_value": _("Jumlah terlalu besar: paling banyak 1.000.000."),
            }
            attrs = {"class": "form-control form-control-lg stock-input"}
            self.fields[f"in_{product.pk}"] = WholeNumberField(
                label=_("Dibawa"), required=False, min_value=0, max_value=1_000_000,
                error_messages=number, widget=WholeNumberInput(attrs=attrs),
            )
            self.fields[f"back_{product.pk}"] = WholeNumberField(
                label=_("Dibawa pulang"), required=False, min_value=0, max_value=1_000_000,
                error_messages=number, widget=WholeNumberInput(attrs=attrs),
            )
            self.fields[f"lost_{product.pk}"] = WholeNumberField(
                label=_("Hilang/rusak"), required=False, min_value=0, max_value=1_000_000,
                error_messages=number, widget=WholeNumberInput(attrs=attrs),
            )

    def clean(self):
        cleaned = super().clean()
        for product in self.products:
            brought_in, back = cleaned.get(f"in_{product.pk}"), cleaned.get(f"back_{product.pk}")
            lost = cleaned.get(f"lost_{product.pk}")
            if brought_in is None and (back is not None or lost):
                # Not beside a count already refused ("3,5"): it was filled in (an officer probe).
                if f"in_{product.pk}" not in self.errors:
                    self.add_error(f"in_{product.pk}", _("Isi dulu jumlah yang dibawa."))
            elif error := returned_more_than_brought(brought_in=brought_in, returned=back):
                self.add_error(f"back_{product.pk}", error)
            elif error := lost_more_than_left(brought_in=brought_in, returned=back, lost=lost):
                self.add_error(f"lost_{product.pk}", error)
        return cleaned

    def lines(self):
        """(product, brought_in, returned, lost) for each product with a brought-in quantity."""
        return [
            (
                product,
                self.cleaned_data[f"in_{product.pk}"],
                self.cleaned_data.get(f"back_{product.pk}"),
                self.cleaned_data.get(f"lost_{product.pk}") or 0,
            )
            for product in self.products
            if self.cleaned_data.get(f"in_{product.pk}") is not None
        ]


RATING_CHOICES = [
    (5, _("Sangat suka")),
    (4, _("Suka")),
    (3, _("Biasa")),
    (2, _("Kurang")),
    (1, _("Tidak suka")),
]


class FeedbackForm(forms.Form):
    """A visitor's rating (1-5) and comment. ``situs`` is a honeypot: hidden from people by CSS,
    filled by bots; a filled one is answered as a success and nothing is saved."""

    rating = forms.TypedChoiceField(
        label=_("Seberapa suka Anda?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih jumlah bintang, 1 sampai 5."),
            "invalid_choice": _("Pilih jumlah bintang, 1 sampai 5."),
        },
    )
    comment = forms.CharField(
        label=_("Komentar (boleh dikosongkan)"),
        required=False,
        validators=[
            LengthAtMost(
                VisitorFeedback._meta.get_field("comment").max_length,
                message=_("Komentar paling panjang %(limit)s huruf."),
            )
        ],
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("Apa yang Anda sukai, atau apa yang bisa lebih baik?")}
        ),
    )
    situs = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    rate_limited = False  # set by the view when the service refused

    @property
    def is_bot(self) -> bool:
        return bool(self.is_bound and (self.data.get("situs") or "").strip())
