"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable without colour."""

from collections.abc import Callable, Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INDIGO = "#27306b"
SOGA = "#7a4a1f"
INK = "#1f1d1a"


def bar_chart(
    *,
    labels: Sequence[str],
    values: Sequence[int | float],
    title: str,
    # Grouped as the language groups (1.240 in Indonesian, 1,240 in English), as the tables beside
    # the charts are (found by an English-speaking probe).
    value_format: Callable[[int | float], str] = lambda v: number_format(v, force_grouping=True),
    width: int = 760,
    bar_height: int = 22,
    colour: str = INDIGO,
) -> SafeString:
    """A horizontal bar chart with each value written beside its bar; ``title`` is its accessible name."""
    label_width = 300  # a whole prison name ("Lapas Perempuan Kelas IIA Tangerang")
    value_width = 110
    gap = 8
    height = max(1, len(values)) * (bar_height + gap) + gap
    top = max([v for v in values if v] or [1])
    usable = width - label_width - value_width
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = gap + i * (bar_height + gap)
        length = 0 if not value else max(2, round(usable * value / top))
        text_y = y + bar_height * 0.7
        parts.append(
            f'<text x="{label_width - 6}" y="{text_y:.1f}" text-anchor="end" font-size="13" fill="{INK}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" rx="3" fill="{colour}"/>'
            f'<text x="{label_width + length + 6}" y="{text_y:.1f}" font-size="13" fill="{INK}">'
            f"{escape(value_format(value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
