"""Product pictures for the demo data, drawn with Pillow when the data is loaded (no downloads).

Each category has its own motif and palette: parang and kawung for batik, ikat stripes for
tenun, grain for wood, a woven grid for anyaman, stitched hide for leather, printed cloth for
clothing, crisps for food and medallions for souvenirs. ``DemoImages`` draws at most
``VARIANTS`` pictures per category per run and hands out the same bytes again, so loading stays fast.
"""

import io
import math
import random
from collections.abc import Callable

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

SIZE = (1200, 900)
VARIANTS = 6

RGB = tuple[int, int, int]

# (background, main, accent, detail) per variant, cycled.
PALETTES: dict[str, tuple[tuple[RGB, RGB, RGB, RGB], ...]] = {
    "batik": (
        ((243, 234, 214), (38, 48, 112), (122, 72, 36), (250, 246, 236)),
        ((236, 222, 196), (94, 54, 28), (36, 42, 90), (248, 240, 224)),
        ((245, 238, 226), (28, 64, 96), (160, 96, 40), (252, 248, 240)),
    ),
    "tenun": (
        ((120, 28, 36), (214, 164, 60), (24, 24, 28), (236, 222, 196)),
        ((34, 40, 74), (190, 70, 44), (232, 200, 120), (240, 232, 214)),
        ((70, 34, 24), (160, 40, 40), (226, 186, 96), (30, 30, 30)),
    ),
    "kerajinan-kayu": (
        ((176, 122, 74), (132, 84, 46), (104, 62, 30), (198, 146, 96)),
        ((150, 96, 56), (112, 66, 34), (86, 48, 22), (176, 120, 76)),
        ((196, 150, 100), (156, 108, 64), (124, 80, 44), (214, 172, 122)),
    ),
    "anyaman": (
        ((196, 168, 112), (226, 200, 146), (170, 136, 80), (120, 92, 48)),
        ((176, 148, 96), (212, 184, 128), (140, 104, 60), (96, 70, 36)),
        ((204, 180, 128), (232, 212, 164), (150, 60, 48), (100, 76, 40)),
    ),
    "kulit": (
        ((120, 70, 40), (140, 86, 52), (96, 54, 30), (232, 214, 180)),
        ((74, 44, 30), (92, 58, 40), (58, 34, 22), (220, 196, 150)),
        ((160, 104, 60), (178, 122, 76), (132, 82, 44), (246, 232, 204)),
    ),
    "busana": (
        ((232, 238, 244), (64, 96, 150), (214, 120, 120), (250, 250, 250)),
        ((246, 236, 230), (170, 70, 90), (80, 130, 110), (255, 255, 255)),
        ((236, 242, 232), (60, 110, 80), (200, 150, 60), (252, 252, 248)),
    ),
    "makanan-olahan": (
        ((250, 240, 220), (222, 160, 60), (180, 90, 30), (200, 40, 30)),
        ((246, 232, 206), (206, 130, 40), (150, 70, 20), (90, 50, 20)),
        ((252, 244, 228), (230, 180, 90), (190, 60, 40), (120, 80, 30)),
    ),
    "cinderamata": (
        ((232, 240, 238), (26, 110, 110), (206, 160, 60), (120, 60, 40)),
        ((244, 236, 222), (150, 60, 50), (40, 90, 120), (210, 170, 80)),
        ((236, 234, 244), (70, 60, 130), (200, 130, 60), (40, 120, 100)),
    ),
}


def _parang(draw: ImageDraw.ImageDraw, rng: random.Random, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    band = rng.choice((130, 150, 170))
    # Diagonal rows of slanted blades between solid bands: the parang rhythm.
    for offset in range(-h, w + h, band):
        draw.polygon(
            [(offset, 0), (offset + 26, 0), (offset + 26 + h, h), (offset + h, h)], fill=accent
        )
        step = 70
        for t in range(-step, h + step, step):
            cx, cy = offset + 26 + t + band // 2, t
            draw.ellipse((cx - 40, cy - 20, cx + 40, cy + 20), fill=main)
            draw.ellipse((cx - 14, cy - 7, cx + 14, cy + 7), fill=detail)
            draw.line((cx - 40, cy + 20, cx - 10, cy + 48), fill=main, width=10)


def _petal(cx: float, cy: float, a: float, b: float, angle: float) -> list[tuple[float, float]]:
    """An ellipse of half-axes ``a`` (along ``angle``) and ``b``, as a polygon."""
    ca, sa = math.cos(angle), math.sin(angle)
    points = []
    for k in range(28):
        t = k * math.tau / 28
        x, y = a * math.cos(t), b * math.sin(t)
        points.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return points


def _kawung(draw: ImageDraw.ImageDraw, rng: random.Random, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    cell = rng.choice((130, 150, 170))
    a, b = cell * 0.36, cell * 0.2
    for y in range(0, h + cell, cell):
        for x in range(0, w + cell, cell):
            # Four petals around a point, like the palm fruit the motif is named after.
            for quarter in range(4):
                angle = math.pi / 4 + quarter * math.pi / 2
                cx, cy = x + a * 1.05 * math.cos(angle), y + a * 1.05 * math.sin(angle)
                draw.polygon(_petal(cx, cy, a, b, angle), fill=main, outline=accent, width=4)
                draw.polygon(_petal(cx, cy, a * 0.55, b * 0.45, angle), fill=detail)
                draw.polygon(_petal(cx, cy, a * 0.25, b * 0.2, angle), fill=accent)
            draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=accent)
            # A small cross where four units meet.
            mx, my = x + cell // 2, y + cell // 2
            draw.line((mx - 10, my, mx + 10, my), fill=main, width=3)
            draw.line((mx, my - 10, mx, my + 10), fill=main, width=3)


def _batik(draw, rng, colours, size) -> None:
    (_parang if rng.random() < 0.5 else _kawung)(draw, rng, colours, size)


def _tenun(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    y = 0
    while y < h:
        stripe = rng.choice((18, 30, 60, 90, 140))
        colour = rng.choice((bg, main, accent, detail, bg))
        draw.rectangle((0, y, w, y + stripe), fill=colour)
        if stripe >= 90:
            # An ikat-like row of lozenges with slightly blurred (stepped) edges.
            d = stripe // 2 - 8
            for x in range(d, w, 2 * d + 10):
                cy = y + stripe // 2
                for grow, fill in ((0, accent), (-10, detail), (-22, main)):
                    dd = d + grow
                    if dd > 4:
                        draw.polygon([(x, cy - dd), (x + dd, cy), (x, cy + dd), (x - dd, cy)], fill=fill)
        y += stripe
    for x in range(0, w, 6):  # warp threads
        draw.line((x, 0, x, h), fill=tuple(max(0, c - 18) for c in bg), width=1)


def _wood(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    period = rng.uniform(140, 260)
    for row in range(-40, h + 40, 9):
        amplitude = rng.uniform(6, 18)
        phase = rng.uniform(0, math.tau)
        colour = rng.choice((main, accent, detail, main))
        points = [
            (x, row + amplitude * math.sin(x / period + phase) + 6 * math.sin(x / 37 + phase))
            for x in range(0, w + 20, 20)
        ]
        draw.line(points, fill=colour, width=rng.choice((2, 3, 4)))
    for _ in range(rng.randint(1, 3)):  # knots
        cx, cy = rng.randint(150, w - 150), rng.randint(120, h - 120)
        for k in range(8, 0, -1):
            draw.ellipse((cx - 9 * k, cy - 4 * k, cx + 9 * k, cy + 4 * k), outline=accent, width=2)


def _weave(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    cell = rng.choice((50, 60, 72))
    gap = 4
    for j, y in enumerate(range(0, h, cell)):
        for i, x in enumerate(range(0, w, cell)):
            over = (i + j) % 2 == 0
            colour = main if over else accent
            if rng.random() < 0.06:
                colour = detail
            box = (x + gap, y + gap, x + cell - gap, y + cell - gap)
            draw.rectangle(box, fill=colour)
            # Fibre lines run along the strip that is on top.
            for k in range(1, 4):
                if over:
                    yy = y + k * cell // 4
                    draw.line((x + gap, yy, x + cell - gap, yy), fill=bg, width=1)
                else:
                    xx = x + k * cell // 4
                    draw.line((xx, y + gap, xx, y + cell - gap), fill=bg, width=1)


def _leather(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    for _ in range(160):  # the hide's uneven tone: close shades, never patches
        cx, cy = rng.randint(0, w), rng.randint(0, h)
        rx, ry = rng.randint(30, 140), rng.randint(20, 90)
        shade = rng.randint(-7, 7)
        tone = tuple(min(255, max(0, c + shade)) for c in bg)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=tone)
    for _ in range(900):  # pores
        px, py = rng.randint(0, w), rng.randint(0, h)
        draw.point((px, py), fill=accent)
    margin = 90
    draw.rounded_rectangle((margin, margin, w - margin, h - margin), radius=60, outline=accent, width=10)
    inset = margin + 28
    # Saddle stitching: short dashes along the inner edge.
    for x in range(inset + 30, w - inset - 30, 28):
        draw.line((x, inset, x + 14, inset), fill=detail, width=4)
        draw.line((x, h - inset, x + 14, h - inset), fill=detail, width=4)
    for y in range(inset + 30, h - inset - 30, 28):
        draw.line((inset, y, inset, y + 14), fill=detail, width=4)
        draw.line((w - inset, y, w - inset, y + 14), fill=detail, width=4)


def _cloth(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    step = rng.choice((90, 110, 130))
    for j, y in enumerate(range(-step, h + step, step)):
        for x in range(-step, w + step, step):
            cx = x + (step // 2 if j % 2 else 0)
            petal = step // 6
            for angle in range(0, 360, 72):
                px = cx + int(petal * 1.3 * math.cos(math.radians(angle)))
                py = y + int(petal * 1.3 * math.sin(math.radians(angle)))
                draw.ellipse((px - petal, py - petal, px + petal, py + petal), fill=main)
            draw.ellipse((cx - petal // 2, y - petal // 2, cx + petal // 2, y + petal // 2), fill=accent)
            sx, sy = cx + step // 2, y + step // 3  # a small leaf between the flowers
            draw.line((sx, sy, sx + 14, sy + 22), fill=accent, width=4)
    for x in range(0, w, 240):  # soft folds
        draw.rectangle((x, 0, x + 40, h), fill=None, outline=detail, width=2)


def _crisps(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    for _ in range(220):
        cx, cy = rng.randint(-40, w + 40), rng.randint(-40, h + 40)
        r = rng.randint(34, 70)
        points = [
            (
                cx + (r + rng.randint(-10, 10)) * math.cos(a),
                cy + (r * 0.75 + rng.randint(-8, 8)) * math.sin(a),
            )
            for a in (k * math.tau / 9 for k in range(9))
        ]
        draw.polygon(points, fill=main, outline=accent)
        for _ in range(3):  # specks of spice
            sx, sy = cx + rng.randint(-r // 2, r // 2), cy + rng.randint(-r // 3, r // 3)
            draw.ellipse((sx - 3, sy - 3, sx + 3, sy + 3), fill=detail)


def _medallions(draw, rng, colours, size) -> None:
    bg, main, accent, detail = colours
    w, h = size
    step = rng.choice((200, 240, 300))
    for y in range(step // 2, h + step, step):
        for x in range(step // 2, w + step, step):
            for k, colour in enumerate((main, accent, bg, detail, accent)):
                r = step // 2 - 14 - k * step // 12
                if r > 4:
                    draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
            for angle in range(0, 360, 30):
                px = x + int((step // 2 - 30) * math.cos(math.radians(angle)))
                py = y + int((step // 2 - 30) * math.sin(math.radians(angle)))
                draw.ellipse((px - 6, py - 6, px + 6, py + 6), fill=bg)


MOTIFS: dict[str, Callable] = {
    "batik": _batik,
    "tenun": _tenun,
    "kerajinan-kayu": _wood,
    "anyaman": _weave,
    "kulit": _leather,
    "busana": _cloth,
    "makanan-olahan": _crisps,
    "cinderamata": _medallions,
}


def draw_demo_image(category_slug: str, variant: int) -> bytes:
    """A 1200x900 JPEG in the style of ``category_slug``; the same arguments give the same bytes."""
    rng = random.Random(f"{category_slug}:{variant}")
    palettes = PALETTES[category_slug]
    colours = palettes[variant % len(palettes)]
    image = Image.new("RGB", SIZE, colours[0])
    MOTIFS[category_slug](ImageDraw.Draw(image), rng, colours, SIZE)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


class DemoImages:
    """Draws each (category, variant) once and hands out fresh file objects over the same bytes."""

    def __init__(self):
        self._cache: dict[tuple[str, int], bytes] = {}

    def file(self, category_slug: str, variant: int) -> ContentFile:
        key = (category_slug, variant % VARIANTS)
        if key not in self._cache:
            self._cache[key] = draw_demo_image(*key)
        return ContentFile(self._cache[key], name=f"{category_slug}-{key[1]}.jpg")
