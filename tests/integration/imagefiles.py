"""Test images for the image helper (`naering-admin image`) and the upload
tests, made in memory with PIL.

Every function returns the bytes of one image (or of a file that only
pretends to be one).  Nothing comes from the network or from files in the
tree; the same call gives the same bytes every time, and each takes well
under a second to make.  The ordinary images carry a visible pattern (a
gradient and a grid), not a flat colour, so that the encoders' output has
realistic sizes.

Besides the makers, a few readers for checking what the helper wrote:

  exif_of(data)          the EXIF tags PIL finds, with the GPS and Exif
                         sub-IFDs as dicts of their own
  metadata_chunks(data)  the metadata a JPEG, PNG or WebP carries, found by
                         walking its markers or chunks
  has_metadata(data)     whether there is any
  red_side(img)          which edge of a decoded image the red pixels are on
  png_header(data)       a PNG's IHDR fields (bit depth, colour type)
"""
import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw, TiffImagePlugin

# ---------------------------------------------------------------------------
# Ordinary images


def _pattern(w, h, color=(200, 40, 40)):
    """An RGB image: a vertical gradient from a dark shade of `color` at the
    top to `color` at the bottom, a lighter horizontal wash, and a white
    grid with one diagonal, so encoders see edges and gradients."""
    color = tuple(color)
    base = Image.new("RGB", (w, h), color)
    dark = Image.new("RGB", (w, h), tuple(c // 4 for c in color))
    down = Image.linear_gradient("L").resize((w, h), Image.BILINEAR)
    img = Image.composite(base, dark, down)
    across = Image.linear_gradient("L").transpose(Image.ROTATE_90)
    across = across.resize((w, h), Image.BILINEAR).point(lambda v: v // 3)
    light = Image.new("RGB", (w, h), (255, 255, 255))
    img = Image.composite(light, img, across)
    draw = ImageDraw.Draw(img)
    step = max(8, max(w, h) // 16)
    line = max(1, step // 25)
    for x in range(step // 2, w, step):
        draw.line([(x, 0), (x, h)], fill=(255, 255, 255), width=line)
    for y in range(step // 2, h, step):
        draw.line([(0, y), (w, y)], fill=(255, 255, 255), width=line)
    draw.line([(0, 0), (w, h)], fill=(20, 20, 120), width=line * 2)
    return img


def _save(img, fmt, **params):
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def jpeg(w=1200, h=800, color=(200, 40, 40), exif=None, quality=85):
    """A baseline RGB JPEG of w x h with the pattern in `color`; `exif` is
    an optional PIL.Image.Exif written as its APP1 segment."""
    params = {"quality": quality}
    if exif is not None:
        params["exif"] = exif.tobytes()
    return _save(_pattern(w, h, color), "JPEG", **params)


def png(w, h, mode="RGB"):
    """A PNG of w x h with the pattern, converted to `mode` (RGB, RGBA, L,
    LA, P, ...)."""
    return _save(_pattern(w, h).convert(mode), "PNG")


def png16(w=300, h=200):
    """A 16-bit greyscale PNG (PIL mode "I;16", IHDR bit depth 16): a ramp
    from 0 at the left edge to 65535 at the right, the same on every row.
    So the middle column is about half grey."""
    row = struct.pack("<%dH" % w, *(x * 65535 // max(1, w - 1)
                                    for x in range(w)))
    img = Image.frombytes("I;16", (w, h), row * h)
    return _save(img, "PNG")


def one_by_one():
    """A 1 x 1 RGB PNG, one red pixel."""
    return _save(Image.new("RGB", (1, 1), (255, 0, 0)), "PNG")


def wide():
    """A 4000 x 20 PNG (aspect 200:1)."""
    return png(4000, 20)


def tall():
    """A 20 x 4000 PNG (aspect 1:200)."""
    return png(20, 4000)


# Where cmyk_jpeg() has which ink, for the colour checks: the two points are
# the middles of the halves, away from the black lines.
CMYK_RED_POINT = (200, 300)     # 0 % C, 100 % M, 100 % Y, 0 % K: process red
CMYK_CYAN_POINT = (600, 300)    # 100 % C, 0 % M, 0 % Y, 0 % K: process cyan


def cmyk_jpeg():
    """An 800 x 600 CMYK JPEG (Adobe APP14, as Photoshop writes them): the
    left half process red (M+Y), the right half process cyan, with thin
    black (K) lines on x, y = 50, 150, 250, ... .  PIL's naive conversion
    gives (255, 0, 0) and (0, 255, 255) for the halves; a colour-managed
    one gives press colours near them."""
    img = Image.new("CMYK", (800, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, 399, 599], fill=(0, 255, 255, 0))
    draw.rectangle([400, 0, 799, 599], fill=(255, 0, 0, 0))
    for v in range(50, 800, 100):
        draw.line([(v, 0), (v, 599)], fill=(0, 0, 0, 255), width=2)
    for v in range(50, 600, 100):
        draw.line([(0, v), (799, v)], fill=(0, 0, 0, 255), width=2)
    return _save(img, "JPEG", quality=90)


def webp(w, h):
    """A lossy WebP of w x h with the pattern."""
    return _save(_pattern(w, h), "WEBP", quality=80)


ANIMATED_COLOURS = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]


def animated_webp():
    """An animated WebP, 200 x 100, three lossless frames: red, green, blue
    (the first frame red), 100 ms each, looping."""
    frames = [Image.new("RGB", (200, 100), c) for c in ANIMATED_COLOURS]
    return _save(frames[0], "WEBP", save_all=True, append_images=frames[1:],
                 duration=100, loop=0, lossless=True)


def rgba_png():
    """A 400 x 200 RGBA PNG: the left half fully transparent, the right
    half the opaque pattern."""
    img = _pattern(400, 200).convert("RGBA")
    img.paste((0, 0, 0, 0), (0, 0, 200, 200))
    return _save(img, "PNG")


# ---------------------------------------------------------------------------
# Metadata

# What gps_exif() carries that must never reach a served variant.  Only
# strings long enough not to turn up by chance in compressed pixels (b"GPS"
# alone would: three given bytes occur somewhere in about one file in a
# hundred of 200 kB; the GPS tags are numbers in EXIF, not names).
GPS_MARKERS = [b"TestCam", b"Spion 1", b"Ola Nordmann",
               b"2023:05:17 14:03:21", b"Exif\x00\x00"]


def gps_exif():
    """EXIF as a phone writes it: Make "TestCam", Model "Spion 1", Artist
    and Copyright "Ola Nordmann", DateTime and (in the Exif IFD)
    DateTimeOriginal 2023:05:17 14:03:21, and a GPS IFD at 58 deg 08' N,
    7 deg 59' E (Kristiansand)."""
    r = TiffImagePlugin.IFDRational
    exif = Image.Exif()
    exif[0x010F] = "TestCam"                  # Make
    exif[0x0110] = "Spion 1"                  # Model
    exif[0x0132] = "2023:05:17 14:03:21"      # DateTime
    exif[0x013B] = "Ola Nordmann"             # Artist
    exif[0x8298] = "Ola Nordmann"             # Copyright
    exif[0x8769] = {0x9003: "2023:05:17 14:03:21"}  # DateTimeOriginal
    exif[0x8825] = {                          # GPS IFD
        0: b"\x02\x03\x00\x00",               # GPSVersionID
        1: "N",                               # GPSLatitudeRef
        2: (r(58, 1), r(8, 1), r(0, 1)),      # GPSLatitude
        3: "E",                               # GPSLongitudeRef
        4: (r(7, 1), r(59, 1), r(0, 1)),      # GPSLongitude
    }
    return exif


def jpeg_with_gps(w=1200, h=800):
    """A JPEG of w x h carrying gps_exif()."""
    return jpeg(w, h, exif=gps_exif())


def exif_of(data):
    """The EXIF tags PIL finds in image bytes of any format it reads: a
    dict of tag number to value, where the Exif IFD (0x8769) and the GPS
    IFD (0x8825), when present, are dicts of their own tags.  {} when
    there is no EXIF."""
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        tags = dict(exif)
        for ifd in (0x8769, 0x8825):
            if ifd in tags:
                tags[ifd] = dict(exif.get_ifd(ifd))
    return tags


def jpeg_segments(data):
    """(marker, payload) for every marker segment of a JPEG, in order,
    across all its scans: entropy-coded data is skipped (stuffed 0xFF00 and
    RSTn are not markers), standalone markers have an empty payload, and
    the walk ends at EOI (anything after it is not the JPEG's)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    yield 0xD8, b""
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("JPEG: no marker at offset %d" % i)
        while i < len(data) and data[i] == 0xFF:     # fill bytes
            i += 1
        if i >= len(data):
            return
        marker = data[i]
        i += 1
        if marker == 0xD9:
            yield marker, b""
            return
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            yield marker, b""
            continue
        if i + 2 > len(data):
            raise ValueError("JPEG: truncated segment")
        (length,) = struct.unpack(">H", data[i:i + 2])
        yield marker, data[i + 2:i + length]
        i += length
        if marker == 0xDA:                  # entropy-coded data follows
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= len(data):
                    return                  # truncated: no EOI
                nxt = data[j + 1]
                if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:
                    i = j + 2
                    continue
                i = j
                break


def png_chunks(data):
    """(type, body) for every chunk of a PNG up to and including IEND;
    bytes after IEND are not the PNG's."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    i = 8
    while i + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[i:i + 8])
        yield ctype, data[i + 8:i + 8 + length]
        i += 12 + length
        if ctype == b"IEND":
            return


def png_header(data):
    """A PNG's IHDR: dict with width, height, bit_depth, colour_type."""
    for ctype, body in png_chunks(data):
        if ctype == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            return {"width": w, "height": h, "bit_depth": depth,
                    "colour_type": colour}
    raise ValueError("PNG without IHDR")


def riff_chunks(data):
    """(fourcc, body) for every top-level chunk of a RIFF WEBP file."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    (size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + size)
    i = 12
    while i + 8 <= end:
        fourcc, length = struct.unpack("<4sI", data[i:i + 8])
        yield fourcc, data[i + 8:i + 8 + length]
        i += 8 + length + (length & 1)


_JPEG_APP = {
    0xE1: [(b"Exif\x00", "EXIF"), (b"http://ns.adobe.com/xap/1.0/", "XMP"),
           (b"http://ns.adobe.com/xmp/extension/", "XMP extension")],
    0xE2: [(b"ICC_PROFILE\x00", "ICC")],
    0xED: [(b"Photoshop 3.0\x00", "IPTC/Photoshop")],
}
_PNG_META = {b"eXIf": "EXIF", b"iTXt": "iTXt", b"zTXt": "zTXt",
             b"tEXt": "tEXt", b"iCCP": "ICC", b"tIME": "tIME"}
_WEBP_META = {b"EXIF": "EXIF", b"XMP ": "XMP", b"ICCP": "ICC"}


def metadata_chunks(data):
    """The names of the metadata a JPEG, PNG or WebP carries, found by
    walking its container: JPEG APP1 Exif and XMP, APP2 ICC, APP13
    Photoshop/IPTC and COM comments; PNG eXIf, iTXt, zTXt, tEXt, iCCP and
    tIME chunks; WebP EXIF, "XMP " and ICCP chunks.  [] when there is none.
    Raises ValueError for any other format."""
    found = []
    if data[:2] == b"\xff\xd8":
        for marker, payload in jpeg_segments(data):
            if marker == 0xFE:
                found.append("comment")
            for prefix, name in _JPEG_APP.get(marker, []):
                if payload.startswith(prefix):
                    found.append(name)
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        found = [_PNG_META[t] for t, _ in png_chunks(data) if t in _PNG_META]
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found = [_WEBP_META[t] for t, _ in riff_chunks(data)
                 if t in _WEBP_META]
    else:
        raise ValueError("not a JPEG, PNG or WebP")
    return found


def has_metadata(data):
    """True if a JPEG, PNG or WebP carries EXIF, XMP, ICC, IPTC, text or
    comments (see metadata_chunks)."""
    return bool(metadata_chunks(data))


# ---------------------------------------------------------------------------
# Orientation

ROTATED_BAND = 60       # rows of red at the top of rotated_jpeg()'s pixels


def rotated_jpeg():
    """A JPEG stored as 600 x 300 (landscape) whose EXIF Orientation is 6:
    "rotate 90 degrees clockwise to display".  The top 60 stored rows are
    red, the rest white.

    As stored (what a viewer ignoring EXIF shows): 600 wide, 300 high, red
    band along the TOP.  Upright (turned 90 deg clockwise, the top edge
    becomes the right edge): 300 wide, 600 high, red band along the RIGHT
    edge.  A variant made without applying the orientation is landscape
    with red at the top; one rotated the wrong way has red on the left."""
    img = Image.new("RGB", (600, 300), (255, 255, 255))
    img.paste((255, 0, 0), (0, 0, 600, ROTATED_BAND))
    exif = Image.Exif()
    exif[0x0112] = 6
    return _save(img, "JPEG", quality=90, exif=exif.tobytes())


def _is_red(p):
    r, g, b = p[:3]
    return r > 150 and g < 100 and b < 100


def red_side(img):
    """"top", "bottom", "left" or "right": the edge the red pixels of a
    decoded PIL image lie towards (by their centroid), or None if it has no
    red pixels.  EXIF is not applied: this is about the pixels as decoded."""
    w, h = img.size
    small = img.convert("RGB").resize((min(w, 64), min(h, 64)), Image.BOX)
    sw, sh = small.size
    px = small.load()
    red = [(x, y) for y in range(sh) for x in range(sw) if _is_red(px[x, y])]
    if not red:
        return None
    dx = (sum(x for x, _ in red) / len(red) + 0.5) / sw - 0.5
    dy = (sum(y for _, y in red) / len(red) + 0.5) / sh - 0.5
    if abs(dx) > abs(dy):
        return "right" if dx > 0 else "left"
    return "bottom" if dy > 0 else "top"


# ---------------------------------------------------------------------------
# Broken and hostile files


def truncated_jpeg():
    """A real 1200 x 800 JPEG cut to its first 40 % of bytes: the header is
    whole (the size can be read), the scan is not."""
    data = jpeg(1200, 800)
    return data[:len(data) * 40 // 100]


def truncated_png():
    """A real 1200 x 800 PNG cut to its first 40 % of bytes: IHDR whole,
    IDAT cut short, no IEND."""
    data = png(1200, 800)
    return data[:len(data) * 40 // 100]


def _chunk(ctype, body):
    return (struct.pack(">I", len(body)) + ctype + body
            + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF))


def png_bomb():
    """A decompression bomb: a valid PNG (correct CRCs) whose IHDR claims
    50,000 x 50,000 8-bit greyscale (2.5 GB of pixels), with one IDAT of a
    zlib stream of 4 MiB of zeros (about 4 kB compressed; the pixels it
    claims would need far more) and IEND.  It must be refused by its
    header, before anything is inflated."""
    ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 0, 0, 0, 0)
    idat = zlib.compress(bytes(4 * 1024 * 1024), 9)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", idat) + _chunk(b"IEND", b""))


def jpeg_huge_claim():
    """A small real JPEG (64 x 48) whose SOF0 header is patched to claim
    65,000 x 65,000 pixels; the scan is still the small one's."""
    data = bytearray(jpeg(64, 48))
    i = 2
    while True:
        # Walk the segments before the scan to the frame header.
        assert data[i] == 0xFF, "JPEG marker expected"
        marker = data[i + 1]
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if marker == 0xC0:
            # SOF0: length(2) precision(1) height(2) width(2) ...
            struct.pack_into(">HH", data, i + 5, 65000, 65000)
            return bytes(data)
        if marker == 0xDA:
            raise ValueError("no SOF0 before the scan")
        i += 2 + length


SCRIPT = b"<script>alert(1)</script>"


def polyglot():
    """A file that is a valid 200 x 100 PNG up to IEND, followed by an HTML
    page with <script>alert(1)</script> and then a ZIP archive (it starts
    with a local file header, PK\\x03\\x04).  Browsers sniffing it, or unzip,
    see other things than an image viewer does."""
    html = b"<html><body>" + SCRIPT + b"</body></html>\n"
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_STORED) as z:
        info = zipfile.ZipInfo("payload.html", date_time=(2020, 1, 1, 0, 0, 0))
        z.writestr(info, html)
    return png(200, 100) + html + zbuf.getvalue()


def svg():
    """A small SVG document (with a script in it, as an attacker's would
    have)."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="100" '
            b'height="100" viewBox="0 0 100 100">\n'
            b'<rect width="100" height="100" fill="red"/>\n'
            b'<script>alert(1)</script>\n'
            b'</svg>\n')


def gif():
    """A 64 x 48 GIF (a type the helper refuses)."""
    return _save(_pattern(64, 48).convert("P"), "GIF")


def tiff():
    """A 64 x 48 TIFF (libvips reads TIFF; the helper must not)."""
    return _save(_pattern(64, 48), "TIFF")


def heic_if_supported():
    """None: PIL here cannot encode HEIC or AVIF (no pillow-heif, and
    Pillow 9 has no AVIF plugin), so there is no HEIF test image.  A caller
    skips its HEIF test when this returns None."""
    return None
