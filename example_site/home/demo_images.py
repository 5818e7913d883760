"""Generated pictures for the demo: scenes that read as news photographs at a
glance (light, depth of field, film grain) without showing anyone.

Everything is drawn in memory with Pillow from a seeded random generator:
nothing is downloaded, no real person or place is shown, and every run draws
the same pictures. A scene is a few soft shapes on a graded background (a
street at dusk, a desk under a lamp, a window, snow), blurred as a long lens
would, with a vignette and grain; a portrait is a figure out of focus against
a window, as the site would blur a person it must protect.
"""

import functools
import io
import random

from django.core.files.images import ImageFile
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter
from wagtail.images import get_image_model

#: scene → (top colour, bottom colour, light colour, shape colour)
SCENES = {
    "booth": ((34, 40, 66), (92, 64, 52), (255, 196, 120), (20, 18, 24)),
    "night": ((12, 14, 26), (46, 36, 30), (255, 208, 140), (8, 8, 12)),
    "classroom": ((196, 204, 200), (120, 106, 88), (255, 246, 220), (70, 58, 48)),
    "window": ((70, 62, 58), (150, 120, 96), (255, 232, 196), (40, 32, 28)),
    "screen": ((14, 18, 30), (28, 30, 40), (150, 190, 255), (6, 8, 14)),
    "street": ((40, 52, 70), (70, 74, 80), (255, 170, 90), (18, 20, 26)),
    "winter": ((178, 188, 200), (226, 228, 232), (255, 255, 255), (52, 56, 66)),
    "paper": ((214, 200, 176), (176, 156, 128), (250, 240, 222), (150, 30, 36)),
    "desk": ((120, 98, 76), (74, 58, 46), (250, 244, 230), (36, 30, 28)),
    "meeting": ((186, 190, 196), (96, 92, 90), (236, 244, 255), (40, 38, 42)),
    "ledger": ((226, 218, 200), (190, 176, 150), (252, 248, 238), (60, 70, 110)),
    "room": ((92, 70, 56), (58, 44, 38), (255, 214, 160), (120, 52, 40)),
    "portrait": ((96, 110, 122), (58, 54, 52), (255, 236, 200), (32, 28, 30)),
}


def save_picture(picture, title, name):
    """Store ``picture`` as a Wagtail image called ``title``."""
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=84, optimize=True)
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"demo-{name}.jpg")
    image.save()
    return image


@functools.cache
def news_photo(scene, seed, size=(1200, 675)):
    """A picture of ``scene`` (a key of :data:`SCENES`), as a PIL image
    (drawn once, for the three languages' copies)."""
    top, bottom, light, shape = SCENES[scene]
    rng = random.Random(f"{scene}-{seed}")
    picture = gradient(size, top, bottom)
    draw = ImageDraw.Draw(picture, "RGBA")
    DRAWERS[scene](draw, size, rng, light, shape)
    picture = picture.filter(ImageFilter.GaussianBlur(max(size) / 260))
    lights = ImageDraw.Draw(picture, "RGBA")
    for _ in range(rng.randint(4, 9)):
        bokeh(lights, size, rng, light)
    picture = picture.filter(ImageFilter.GaussianBlur(max(size) / 600))
    if rng.random() < 0.5:
        picture = picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return finish(picture, rng)


@functools.cache
def portrait(seed, size=(480, 480)):
    """A person out of focus against a window: no face can be made out."""
    top, bottom, light, shape = SCENES["portrait"]
    rng = random.Random(f"portrait-{seed}")
    picture = gradient(size, top, bottom)
    draw = ImageDraw.Draw(picture, "RGBA")
    width, height = size
    left = rng.randint(0, width // 3)
    draw.rectangle((left, 0, left + width // 2, height * 2 // 3), fill=(*light, 150))
    for _ in range(6):
        bokeh(draw, size, rng, light)
    tone = tuple(max(0, c + rng.randint(-12, 12)) for c in shape)
    centre = width // 2 + rng.randint(-width // 10, width // 10)
    head = width // 7
    draw.ellipse(
        (centre - head, height // 3 - head, centre + head, height // 3 + head * 1.2),
        fill=(*tone, 255),
    )
    draw.ellipse(
        (centre - width // 3, height // 2, centre + width // 3, height * 1.4),
        fill=(*tone, 255),
    )
    picture = picture.filter(ImageFilter.GaussianBlur(width / 26))
    return finish(picture, rng)


def gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask
    )


def finish(picture, rng):
    """A colour cast of its own, vignette, a little contrast and film grain."""
    size = picture.size
    cast = [rng.uniform(0.9, 1.1) for _ in "RGB"]
    picture = Image.merge(
        "RGB",
        [
            band.point(lambda v, f=f: min(255, v * f))
            for band, f in zip(picture.split(), cast, strict=True)
        ],
    )
    vignette = Image.radial_gradient("L").resize(size).point(lambda v: 255 - v * 0.55)
    picture = ImageChops.multiply(picture, Image.merge("RGB", [vignette] * 3))
    picture = ImageEnhance.Contrast(picture).enhance(1.08 + rng.random() * 0.1)
    grain = Image.effect_noise(size, 22).convert("RGB")
    return ImageChops.overlay(picture, grain)


def bokeh(draw, size, rng, colour):
    width, height = size
    radius = rng.randint(max(size) // 90, max(size) // 30)
    x, y = rng.randint(0, width), rng.randint(0, height * 2 // 3)
    alpha = rng.randint(40, 110)
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), fill=(*colour, alpha)
    )


def figures(draw, size, rng, colour, count, floor=0.95):
    """People seen from afar: soft upright shapes standing on ``floor``."""
    width, height = size
    for _ in range(count):
        x = rng.randint(0, width)
        tall = height * rng.uniform(0.35, 0.6)
        body = tall / 4.5
        base = height * floor
        lift = rng.randint(0, 28)
        shade = tuple(min(255, c + lift) for c in colour)
        draw.rounded_rectangle(
            (x - body, base - tall * 0.8, x + body, base),
            radius=body,
            fill=(*shade, 235),
        )
        draw.ellipse(
            (x - body * 0.6, base - tall, x + body * 0.6, base - tall * 0.78),
            fill=(*shade, 235),
        )


def buildings(draw, size, rng, colour, lit):
    width, height = size
    x = -rng.randint(0, 80)
    while x < width:
        wide = rng.randint(width // 10, width // 5)
        top = rng.randint(height // 8, height // 2)
        draw.rectangle((x, top, x + wide, height), fill=(*colour, 230))
        for _ in range(rng.randint(3, 12)):
            wx = rng.randint(x + 6, x + wide - 12)
            wy = rng.randint(top + 6, height - 20)
            draw.rectangle(
                (wx, wy, wx + 10, wy + 14), fill=(*lit, rng.randint(60, 200))
            )
        x += wide + rng.randint(2, 30)


def draw_booth(draw, size, rng, light, shape):
    width, height = size
    buildings(draw, size, rng, tuple(c + 18 for c in shape), light)
    table = (width * 0.25, height * 0.62, width * 0.75, height * 0.72)
    draw.rectangle(table, fill=(176, 28, 40, 235))
    draw.rectangle(
        (width * 0.3, height * 0.3, width * 0.46, height * 0.6),
        fill=(238, 226, 200, 220),
    )
    draw.rectangle(
        (width * 0.54, height * 0.3, width * 0.7, height * 0.6),
        fill=(232, 214, 170, 220),
    )
    figures(draw, size, rng, shape, 5)


def draw_night(draw, size, rng, light, shape):
    width, height = size
    draw.rectangle((0, height * 0.7, width, height), fill=(*shape, 255))
    x, y = width * rng.uniform(0.3, 0.6), height * 0.62
    for step in range(8, 0, -1):
        reach = step * width / 40
        draw.ellipse(
            (x - reach, y - reach / 2, x + reach, y + reach / 2), fill=(*light, 18)
        )
    draw.rectangle(
        (x - width * 0.12, y, x + width * 0.12, y + height * 0.05),
        fill=(60, 50, 40, 255),
    )
    draw.rectangle(
        (x + width * 0.15, y - height * 0.04, x + width * 0.22, y + 6),
        fill=(30, 30, 30, 255),
    )


def draw_classroom(draw, size, rng, light, shape):
    width, height = size
    for column in range(3):
        left = width * (0.08 + column * 0.3)
        draw.rectangle(
            (left, height * 0.08, left + width * 0.22, height * 0.5), fill=(*light, 200)
        )
    for row in range(3):
        y = height * (0.6 + row * 0.13)
        for column in range(5):
            x = width * (0.04 + column * 0.2) + row * 10
            draw.rectangle(
                (x, y, x + width * 0.14, y + height * 0.04), fill=(*shape, 220)
            )


def draw_window(draw, size, rng, light, shape):
    width, height = size
    left = width * rng.uniform(0.15, 0.45)
    frame = (left, height * 0.1, left + width * 0.4, height * 0.75)
    draw.rectangle(frame, fill=(*light, 230))
    middle = (frame[0] + frame[2]) / 2
    draw.rectangle((middle - 6, frame[1], middle + 6, frame[3]), fill=(*shape, 255))
    draw.rectangle(
        (frame[0], height * 0.42, frame[2], height * 0.42 + 10), fill=(*shape, 255)
    )
    draw.rectangle((0, height * 0.8, width, height), fill=(*shape, 200))
    draw.ellipse(
        (width * 0.7, height * 0.58, width * 0.8, height * 0.82),
        fill=(120, 40, 36, 200),
    )


def draw_screen(draw, size, rng, light, shape):
    width, height = size
    x = width * rng.uniform(0.25, 0.45)
    screen = (x, height * 0.25, x + width * 0.36, height * 0.68)
    draw.rectangle(screen, fill=(*light, 220))
    for line in range(9):
        y = screen[1] + 24 + line * 26
        end = screen[0] + 30 + rng.uniform(0.3, 0.9) * (screen[2] - screen[0] - 60)
        draw.rectangle((screen[0] + 30, y, end, y + 8), fill=(40, 60, 110, 160))
    draw.polygon(
        [(screen[0] - 40, screen[3]), (screen[2] + 40, screen[3]),
         (screen[2] + 90, height * 0.8), (screen[0] - 90, height * 0.8)],
        fill=(*shape, 255),
    )  # fmt: skip


def draw_street(draw, size, rng, light, shape):
    width, height = size
    buildings(draw, size, rng, tuple(c + 10 for c in shape), light)
    draw.rectangle((0, height * 0.8, width, height), fill=(30, 34, 42, 255))
    for _ in range(14):
        x = rng.randint(0, width)
        draw.rectangle((x, height * 0.8, x + 4, height), fill=(*light, 90))
    figures(draw, size, rng, shape, 3, floor=0.92)
    for _ in range(260):  # rain, caught by the street lights
        x, y = rng.randint(-40, width), rng.randint(0, height)
        draw.line((x, y, x + 8, y + 34), fill=(*light, rng.randint(30, 90)), width=2)


def draw_winter(draw, size, rng, light, shape):
    width, height = size
    buildings(draw, size, rng, (120, 126, 140), (250, 230, 190))
    draw.rectangle(
        (width * 0.3, height * 0.6, width * 0.65, height * 0.7), fill=(176, 28, 40, 230)
    )
    figures(draw, size, rng, shape, 4)
    for _ in range(600):
        x, y = rng.randint(0, width), rng.randint(0, height)
        flake = rng.choice((2, 3, 3, 4, 6))
        draw.ellipse((x, y, x + flake, y + flake), fill=(*light, rng.randint(120, 230)))


def draw_paper(draw, size, rng, light, shape):
    width, height = size
    sheet = (width * 0.12, height * 0.08, width * 0.7, height * 1.1)
    draw.rectangle(sheet, fill=(*light, 255))
    for line in range(16):
        y = sheet[1] + 40 + line * 34
        end = sheet[0] + 40 + rng.uniform(0.5, 0.95) * (sheet[2] - sheet[0] - 80)
        draw.rectangle((sheet[0] + 40, y, end, y + 6), fill=(70, 60, 60, 150))
    draw.polygon(
        [(width * 0.6, height * 0.55), (width * 0.98, height * 0.4),
         (width * 0.9, height * 0.62), (width * 0.7, height * 0.95)],
        fill=(*shape, 240),
    )  # fmt: skip


def draw_desk(draw, size, rng, light, shape):
    """Seen from above: sheets of statements, a pen and a laptop's corner."""
    width, height = size
    for _ in range(5):
        x, y = rng.uniform(-0.1, 0.6) * width, rng.uniform(-0.1, 0.5) * height
        draw.rectangle((x, y, x + width * 0.3, y + height * 0.55), fill=(*light, 235))
        for line in range(10):
            ly = y + 30 + line * 28
            end = x + 24 + rng.uniform(0.4, 0.9) * (width * 0.3 - 48)
            draw.rectangle((x + 24, ly, end, ly + 5), fill=(60, 60, 70, 140))
    draw.rectangle(
        (width * 0.72, height * 0.5, width * 1.1, height * 1.1), fill=(*shape, 255)
    )
    draw.line(
        (width * 0.2, height * 0.9, width * 0.45, height * 0.75),
        fill=(20, 40, 90),
        width=10,
    )


def draw_meeting(draw, size, rng, light, shape):
    """A room seen from the back row, facing a bright screen."""
    width, height = size
    draw.rectangle(
        (width * 0.3, height * 0.1, width * 0.75, height * 0.48), fill=(*light, 240)
    )
    for row in range(3):
        for column in range(7):
            x = width * (0.05 + column * 0.15) + rng.randint(-20, 20)
            y = height * (0.62 + row * 0.16)
            head = width * (0.03 + row * 0.012)
            draw.ellipse((x - head, y - head, x + head, y + head), fill=(*shape, 245))
            draw.rounded_rectangle(
                (x - head * 2.2, y + head * 0.8, x + head * 2.2, y + head * 5),
                radius=head, fill=(*shape, 245),
            )  # fmt: skip


def draw_ledger(draw, size, rng, light, shape):
    """Ruled register pages, columns of handwritten figures."""
    width, height = size
    draw.rectangle(
        (width * 0.05, height * 0.05, width * 0.95, height * 1.1), fill=(*light, 255)
    )
    draw.rectangle(
        (width * 0.49, height * 0.05, width * 0.51, height * 1.1),
        fill=(170, 160, 140, 255),
    )
    for line in range(18):
        y = height * 0.1 + line * height * 0.05
        draw.line((width * 0.07, y, width * 0.93, y), fill=(150, 170, 200), width=2)
        for column in range(4):
            x = width * (0.09 + column * 0.22)
            end = x + rng.uniform(0.05, 0.15) * width
            draw.rectangle((x, y - 14, end, y - 6), fill=(*shape, 170))


def draw_room(draw, size, rng, light, shape):
    """An armchair by a window with the curtain half drawn."""
    width, height = size
    draw_window(draw, size, rng, light, (40, 30, 26))
    draw.rectangle(
        (width * 0.05, 0, width * 0.2, height * 0.85), fill=(150, 60, 50, 220)
    )
    draw.rounded_rectangle(
        (width * 0.55, height * 0.45, width * 0.9, height * 0.95),
        radius=40,
        fill=(*shape, 250),
    )


DRAWERS = {
    "booth": draw_booth,
    "night": draw_night,
    "classroom": draw_classroom,
    "window": draw_window,
    "screen": draw_screen,
    "street": draw_street,
    "winter": draw_winter,
    "paper": draw_paper,
    "desk": draw_desk,
    "meeting": draw_meeting,
    "ledger": draw_ledger,
    "room": draw_room,
}
