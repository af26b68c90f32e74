"""The image helper on its own: `naering-admin image IN OUTDIR`, run
directly on images made by imagefiles.py, without Apache.

Each test is one thing an editor or a visitor would notice: the variants'
sizes and formats, that they are upright, carry no GPS or other metadata,
are 8-bit sRGB, never upscaled, and that broken, oversized and foreign
files are refused with the right key.

The helper's own resource limits (CPU, address space, file size, core) are
not tested here: checking them from outside means reading /proc/PID/limits
while it runs, which races with its exit.  The end-to-end tests cover them.
"""
import io
import os
import resource
import subprocess

import pytest
from PIL import Image

import imagefiles
from conftest import ADMIN
from imagefiles import GPS_MARKERS, exif_of, has_metadata, metadata_chunks

TIMEOUT = 120
FORMATS = {"image/webp": ("WEBP", ".webp"), "image/jpeg": ("JPEG", ".jpg"),
           "image/png": ("PNG", ".png")}


def _field(s):
    return int(s) if s.isdigit() else s


def run_admin(*args):
    """naering-admin with args: (exit code, stdout lines split into fields,
    numbers as ints, stderr)."""
    proc = subprocess.run([ADMIN, *map(str, args)], capture_output=True,
                          timeout=TIMEOUT)
    lines = [tuple(_field(f) for f in line.split())
             for line in proc.stdout.decode().splitlines() if line.strip()]
    return proc.returncode, lines, proc.stderr.decode(errors="replace")


def tail(err, n=1500):
    """The end of a stderr, for assertion messages (libvips can warn
    thousands of lines about one broken file)."""
    return err if len(err) <= n else "..." + err[-n:]


def run_helper(src, outdir):
    """`naering-admin image SRC OUTDIR`: (exit code, lines, stderr), lines
    like ("image", 4000, 3000, "image/jpeg"),
    ("variant", 480, 360, "image/webp", "480.webp"), ("refused", "type")."""
    return run_admin("image", src, outdir)


def helper_on(tmp_path, data, name="upload"):
    """Writes data to tmp_path/name, runs the helper into tmp_path/out:
    (exit code, lines, stderr, outdir)."""
    src = tmp_path / name
    src.write_bytes(data)
    outdir = tmp_path / "out"
    outdir.mkdir()
    rc, lines, err = run_helper(src, outdir)
    return rc, lines, err, outdir


def image_line(lines):
    found = [line for line in lines if line[0] == "image"]
    assert len(found) == 1, lines
    return found[0][1:]


def variants(lines):
    """[(width, height, mime, file)] in the order printed."""
    return [line[1:] for line in lines if line[0] == "variant"]


def read_variants(outdir, lines):
    """Every listed variant, checked to be what its line says: the file
    exists, has the suffix and the format of its MIME type, decodes to the
    listed size; and OUTDIR holds nothing unlisted.  {file: (bytes, image)}
    with the images fully loaded."""
    out = {}
    listed = variants(lines)
    assert listed, lines
    for w, h, mime, name in listed:
        fmt, suffix = FORMATS[mime]
        assert name.endswith(suffix), (name, mime)
        data = (outdir / name).read_bytes()
        img = Image.open(io.BytesIO(data))
        img.load()
        assert img.format == fmt, (name, img.format)
        assert img.size == (w, h), (name, img.size, (w, h))
        out[name] = (data, img)
    assert sorted(os.listdir(outdir)) == sorted(out), "unlisted files"
    return out


def widths_and_types(lines):
    return sorted((v[0], v[2]) for v in variants(lines))


def assert_refused(rc, lines, err, key):
    assert rc == 1, (rc, lines, tail(err))
    assert lines and lines[-1] == ("refused", key), lines
    assert not variants(lines), lines
    assert err.strip()


# ---------------------------------------------------------------------------


def test_camera_jpeg_gives_three_widths_without_gps(tmp_path):
    src = imagefiles.jpeg(4000, 3000, exif=imagefiles.gps_exif())
    # The upload does carry what must not be served.
    assert has_metadata(src) and exif_of(src)[0x8825][1] == "N"
    assert all(m in src for m in GPS_MARKERS)

    rc, lines, err, outdir = helper_on(tmp_path, src)
    assert rc == 0, tail(err)
    assert image_line(lines) == (4000, 3000, "image/jpeg")
    assert widths_and_types(lines) == [
        (w, mime) for w in (480, 960, 1600)
        for mime in ("image/jpeg", "image/webp")]
    for name, (data, img) in read_variants(outdir, lines).items():
        assert img.width <= 1600
        assert img.height * 4 == img.width * 3, (name, img.size)
        assert not has_metadata(data), (name, metadata_chunks(data))
        assert exif_of(data) == {}, name
        leaked = [m for m in GPS_MARKERS if m in data]
        assert not leaked, (name, leaked)


def test_exif_orientation_is_applied(tmp_path):
    src = imagefiles.rotated_jpeg()
    with Image.open(io.BytesIO(src)) as stored:
        # As stored: landscape, red on top; EXIF says turn it.
        assert stored.size == (600, 300)
        assert imagefiles.red_side(stored) == "top"
        assert exif_of(src)[0x0112] == 6

    rc, lines, err, outdir = helper_on(tmp_path, src)
    assert rc == 0, tail(err)
    assert image_line(lines) == (300, 600, "image/jpeg")
    for name, (data, img) in read_variants(outdir, lines).items():
        assert img.height > img.width, (name, img.size)
        assert imagefiles.red_side(img) == "right", name
        # No Orientation left for a browser to apply a second time.
        assert 0x0112 not in exif_of(data), name


def test_one_pixel_image_is_not_upscaled(tmp_path):
    rc, lines, err, outdir = helper_on(tmp_path, imagefiles.one_by_one())
    assert rc == 0, tail(err)
    assert image_line(lines) == (1, 1, "image/png")
    assert sorted(variants(lines)) == [(1, 1, "image/png", "1.png"),
                                       (1, 1, "image/webp", "1.webp")]
    read_variants(outdir, lines)


@pytest.mark.parametrize("make", [imagefiles.wide, imagefiles.tall],
                         ids=["4000x20", "20x4000"])
def test_extreme_aspect_ratio_is_kept(tmp_path, make):
    src = make()
    with Image.open(io.BytesIO(src)) as orig:
        ow, oh = orig.size
    rc, lines, err, outdir = helper_on(tmp_path, src)
    assert rc == 0, tail(err)
    assert image_line(lines) == (ow, oh, "image/png")
    expected = sorted((w, mime) for w in (480, 960, 1600, ow)
                      if w <= min(ow, 1600)
                      for mime in ("image/png", "image/webp"))
    assert widths_and_types(lines) == expected
    for name, (data, img) in read_variants(outdir, lines).items():
        assert img.width <= ow, name
        # The height the width calls for, to rounding.
        assert abs(img.height - img.width * oh / ow) <= 1, (name, img.size)


def _mean(img, x, y, r=3):
    """The mean RGB of the (2r+1)^2 pixels around (x, y)."""
    patch = img.convert("RGB").crop((x - r, y - r, x + r + 1, y + r + 1))
    pixels = list(patch.getdata())
    return tuple(sum(p[i] for p in pixels) / len(pixels) for i in range(3))


def test_cmyk_jpeg_becomes_srgb_of_the_same_colour(tmp_path):
    rc, lines, err, outdir = helper_on(tmp_path, imagefiles.cmyk_jpeg())
    assert rc == 0, tail(err)
    assert image_line(lines) == (800, 600, "image/jpeg")
    for name, (data, img) in read_variants(outdir, lines).items():
        assert img.mode == "RGB", (name, img.mode)
        assert not has_metadata(data), (name, metadata_chunks(data))
        s = img.width / 800
        # Process red (M+Y): PIL's naive conversion says (255, 0, 0), a
        # colour-managed one through a press profile about (237, 28, 36)
        # (SWOP/FOGRA process red in sRGB).  45 per channel takes any sane
        # CMYK profile and the lossy codecs, and still fails the real
        # mistakes: Adobe-inverted CMYK (red turns cyan-black), CMYK read
        # as RGB, a dropped K or a channel swap, all 100+ away.
        r, g, b = _mean(img, round(imagefiles.CMYK_RED_POINT[0] * s),
                        round(imagefiles.CMYK_RED_POINT[1] * s))
        assert r >= 255 - 45 and g <= 45 and b <= 45, (name, (r, g, b))
        # Process cyan is a profile's business (about (0, 160, 230) here,
        # not (0, 255, 255)); it must at least be blue-green with no red.
        r, g, b = _mean(img, round(imagefiles.CMYK_CYAN_POINT[0] * s),
                        round(imagefiles.CMYK_CYAN_POINT[1] * s))
        assert r <= 45 and g >= 110 and b >= 180, (name, (r, g, b))


def test_16_bit_png_becomes_8_bit(tmp_path):
    src = imagefiles.png16(300, 200)
    assert imagefiles.png_header(src)["bit_depth"] == 16
    rc, lines, err, outdir = helper_on(tmp_path, src)
    assert rc == 0, tail(err)
    assert image_line(lines) == (300, 200, "image/png")
    for name, (data, img) in read_variants(outdir, lines).items():
        assert img.mode in ("L", "LA", "RGB", "RGBA"), (name, img.mode)
        if name.endswith(".png"):
            # PIL shows a 16-bit RGB PNG as "RGB" too: ask the header.
            assert imagefiles.png_header(data)["bit_depth"] == 8, name
        # Scaled, not clipped: a clipping conversion makes the ramp
        # white from the first 1/256 on.  The middle is half grey.
        grey = img.convert("L")
        left, mid, right = (grey.getpixel((x, img.height // 2))
                            for x in (0, img.width // 2, img.width - 1))
        assert left <= 16 and abs(mid - 128) <= 16 and right >= 239, \
            (name, left, mid, right)


def test_webp_original_gets_webp_only(tmp_path):
    rc, lines, err, outdir = helper_on(tmp_path, imagefiles.webp(800, 600))
    assert rc == 0, tail(err)
    assert image_line(lines) == (800, 600, "image/webp")
    assert widths_and_types(lines) == [(480, "image/webp"),
                                       (800, "image/webp")]
    read_variants(outdir, lines)


def test_animated_webp_gives_its_first_frame(tmp_path):
    src = imagefiles.animated_webp()
    with Image.open(io.BytesIO(src)) as orig:
        assert orig.n_frames == 3
    rc, lines, err, outdir = helper_on(tmp_path, src)
    assert rc == 0, tail(err)
    assert image_line(lines) == (200, 100, "image/webp")
    for name, (data, img) in read_variants(outdir, lines).items():
        assert getattr(img, "n_frames", 1) == 1, name
        chunks = [t for t, _ in imagefiles.riff_chunks(data)]
        assert b"ANIM" not in chunks and b"ANMF" not in chunks, (name, chunks)
        r, g, b = _mean(img, img.width // 2, img.height // 2)
        # Red, the first frame; the others are pure green and pure blue.
        assert r >= 200 and g <= 50 and b <= 50, (name, (r, g, b))


def test_transparency_is_kept(tmp_path):
    rc, lines, err, outdir = helper_on(tmp_path, imagefiles.rgba_png())
    assert rc == 0, tail(err)
    for name, (data, img) in read_variants(outdir, lines).items():
        assert img.mode == "RGBA", (name, img.mode)
        # The left half was transparent, the right opaque.
        assert img.getpixel((img.width // 4, img.height // 2))[3] == 0, name
        assert img.getpixel((img.width * 3 // 4, img.height // 2))[3] == 255, \
            name


@pytest.mark.parametrize("make", [imagefiles.truncated_jpeg,
                                  imagefiles.truncated_png],
                         ids=["jpeg", "png"])
def test_truncated_image_is_refused_as_broken(tmp_path, make):
    # A cut-off upload must not become variants half grey (the loaders'
    # default is to pad a short file and go on).
    rc, lines, err, outdir = helper_on(tmp_path, make())
    assert_refused(rc, lines, err, "broken")


@pytest.mark.parametrize("make", [imagefiles.png_bomb,
                                  imagefiles.jpeg_huge_claim],
                         ids=["png-50000x50000", "jpeg-65000x65000"])
def test_huge_claim_is_refused_by_its_header(tmp_path, make):
    src = make()
    assert len(src) < 5 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc, lines, err, outdir = helper_on(tmp_path, src)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert_refused(rc, lines, err, "too-large")
    assert not [line for line in lines if line[0] == "image"], lines
    assert os.listdir(outdir) == []
    # CPU seconds the helper used (user + system, from its rusage as
    # reaped), not elapsed time: a busy machine makes it wait longer but
    # does not make it compute more, so this is a bound on work, not a
    # race.  Reading a header costs milliseconds; decoding 2.5 or 4.2
    # gigapixels costs minutes (or the 30 s CPU limit).
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime
                                                - before.ru_stime)
    assert cpu < 5, cpu


def test_polyglot_gives_clean_variants_of_the_png(tmp_path):
    src = imagefiles.polyglot()
    assert imagefiles.SCRIPT in src and b"PK\x03\x04" in src
    rc, lines, err, outdir = helper_on(tmp_path, src, "upload.png")
    assert rc == 0, tail(err)
    assert image_line(lines) == (200, 100, "image/png")
    assert widths_and_types(lines) == [(200, "image/png"),
                                       (200, "image/webp")]
    for name, (data, img) in read_variants(outdir, lines).items():
        assert b"<script" not in data.lower(), name
        assert b"PK\x03\x04" not in data, name
        assert not has_metadata(data), (name, metadata_chunks(data))


@pytest.mark.parametrize("name,make", [
    ("drawing.svg", imagefiles.svg),
    ("anim.gif", imagefiles.gif),
    ("scan.tif", imagefiles.tiff),
    ("photo.jpg", lambda: b"Hello, this is a letter, not a photo.\n"),
], ids=["svg", "gif", "tiff", "text-named-jpg"])
def test_other_types_are_refused(tmp_path, name, make):
    rc, lines, err, outdir = helper_on(tmp_path, make(), name)
    assert_refused(rc, lines, err, "type")
    assert not [line for line in lines if line[0] == "image"], lines
    assert os.listdir(outdir) == []


@pytest.mark.parametrize("args", [(), ("only-one",), ("a", "b", "c")],
                         ids=["no-args", "one-arg", "three-args"])
def test_wrong_usage_exits_2(tmp_path, args):
    rc, lines, err = run_admin("image", *args)
    assert rc == 2, (rc, lines, tail(err))
    assert lines == []
    assert "usage" in err
