#!/usr/bin/env python3
"""Writes the demo's two pictures, kysten.jpg and regionen.png: drawn here,
not downloaded, so the demo carries no one else's photo.

    kysten.jpg    1600 x 900: a skerry coast with a lighthouse at dusk
    regionen.png  1200 x 800: a stylised map, six municipalities as dots
                  on a coastline, no text (the alt text says what it shows)

Deterministic (no randomness, no dates): the same bytes every time with
the same Pillow.  Needs python3-pil; the build does not run this, the
files it wrote are in the repository beside it.

    python3 sql/demo/make-images.py [DIR]
"""
import math
import os
import sys

from PIL import Image, ImageDraw


def lerp(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def sky(draw, w, h):
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=lerp((38, 64, 120), (244, 170, 110),
                                              y / (h - 1)))


def sea(draw, w, top, h):
    for y in range(top, h):
        t = (y - top) / (h - top)
        draw.line([(0, y), (w, y)], fill=lerp((60, 90, 130), (18, 40, 70), t))
    for i in range(40):                          # glints on the water
        y = top + 8 + i * (h - top - 16) // 40
        x = (i * 397) % w
        draw.line([(x, y), (x + 30 + i % 5 * 12, y)], fill=(250, 200, 150))


def skerries(draw, w, top):
    for i, (cx, rw, rh) in enumerate([(180, 260, 70), (520, 180, 40),
                                      (980, 320, 90), (1400, 220, 55)]):
        shade = (70 - i * 6, 62 - i * 5, 58 - i * 4)
        draw.ellipse([cx - rw, top - rh, cx + rw, top + rh // 3], fill=shade)


def lighthouse(draw, x, base):
    draw.polygon([(x - 26, base), (x + 26, base), (x + 14, base - 190),
                  (x - 14, base - 190)], fill=(236, 236, 230))
    for k in range(3):                           # red bands
        y = base - 40 - k * 55
        draw.rectangle([x - 24 + k * 3, y - 18, x + 24 - k * 3, y],
                       fill=(190, 40, 40))
    draw.rectangle([x - 20, base - 225, x + 20, base - 190], fill=(60, 60, 60))
    draw.ellipse([x - 12, base - 220, x + 12, base - 196], fill=(255, 236, 150))
    for a in (-0.18, 0.18):                      # the beam
        draw.polygon([(x, base - 208), (x + int(900 * math.cos(a)),
                      base - 208 + int(900 * math.sin(a)) - 60),
                      (x + int(900 * math.cos(a)), base - 208
                       + int(900 * math.sin(a)) + 10)],
                     fill=(250, 226, 170))


def kysten(path):
    w, h = 1600, 900
    im = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(im)
    sky(d, w, 560)
    d.ellipse([1180, 380, 1320, 520], fill=(255, 214, 150))   # the sun
    sea(d, w, 560, h)
    skerries(d, w, 580)
    lighthouse(d, 990, 540)
    im.save(path, "JPEG", quality=84, optimize=True, progressive=True)


def regionen(path):
    w, h = 1200, 800
    im = Image.new("RGB", (w, h), (170, 205, 230))            # the sea
    d = ImageDraw.Draw(im)
    coast = [(0, 0), (1200, 0), (1200, 420), (1080, 470), (980, 440),
             (900, 520), (780, 500), (700, 580), (600, 540), (520, 620),
             (420, 580), (330, 640), (220, 600), (120, 660), (0, 630)]
    d.polygon(coast, fill=(206, 226, 190))
    for y in range(60, 600, 90):                              # contour lines
        d.line([(0, y), (1200, y - 40)], fill=(190, 212, 176), width=3)
    borders = [(300, 0, 260, 620), (560, 0, 600, 560), (820, 0, 860, 500)]
    for x1, y1, x2, y2 in borders:
        d.line([(x1, y1), (x2, y2)], fill=(150, 150, 150), width=4)
    towns = [(150, 420), (420, 300), (700, 470), (960, 330), (1080, 180),
             (640, 160)]
    d.line(towns[:4], fill=(200, 60, 40), width=6)            # the main road
    for x, y in towns:
        d.ellipse([x - 18, y - 18, x + 18, y + 18], fill=(0, 84, 120),
                  outline=(255, 255, 255), width=4)
    im.save(path, "PNG", optimize=True)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    kysten(os.path.join(out, "kysten.jpg"))
    regionen(os.path.join(out, "regionen.png"))


if __name__ == "__main__":
    main()
