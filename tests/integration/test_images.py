"""Images over real HTTP (issue 14): upload from a page's editor with alt
text or "decorative", variants made by the image helper outside Apache,
served content-addressed and without metadata, placed on pages as
<picture> with srcset, width and height; replaced, trashed with a warning,
guarded by Apache's Require like every page change; and hostile files that
cost their upload a clear refusal and nothing else."""
import os
import re
import subprocess

import pytest

import imagefiles as img
from conftest import admin, db_rows, serving
from editor_client import Editor, field
from test_documents import multipart, BOUNDARY

PAGE = "/om-knutepunkt-sorlandet"
SEED = "/naeringsnettverket"

RESTRICTED = """
<Location "/redigering/samferdsel">
    Require user redaktor
</Location>
"""


@pytest.fixture(scope="module")
def isite(demo_template_db):
    yield from serving(demo_template_db, [("rights", RESTRICTED)])


@pytest.fixture
def ed(isite):
    return Editor(isite)


def csrf(ed, path=PAGE):
    return field(ed.get(path, "vis=bilder").text, "csrf")


def upload(ed, data, name="kart.jpg", alt="Kart over Agder", caption="",
           decorative=False, path=PAGE, action="last-opp-bilde", extra=()):
    fields = [("csrf", csrf(ed, path)), ("handling", action),
              ("alt", alt), ("bildetekst", caption)] + list(extra)
    if decorative:
        fields.append(("dekorativ", "ja"))
    body = multipart(fields, [("fil1", name, data,
                               "application/octet-stream")])
    return ed.post(path, None, raw=body, headers={
        "Content-Type": "multipart/form-data; boundary=" + BOUNDARY})


def counts(apache):
    return tuple(db_rows(apache, "SELECT count(*) FROM " + t)[0][0]
                 for t in ("image", "image_version", "image_variant"))


def files(apache):
    """Every file and folder below the site's files folder."""
    out = []
    for root, dirs, names in os.walk(apache.db + "-filer"):
        out += [os.path.join(root, n) for n in dirs + names]
    return sorted(out)


def figure(html, alt):
    """The one figure whose img has this alt text, or None."""
    for fig in re.findall(r'<figure class="image">.*?</figure>', html, re.S):
        if re.search(r'<img [^>]*alt="%s"' % re.escape(alt), fig):
            return fig
    return None


def srcset_urls(fig):
    urls = []
    for s in re.findall(r'srcset="([^"]+)"', fig):
        urls += [part.strip().split(" ")[0] for part in s.split(",")]
    return urls


def last_image(apache):
    return db_rows(apache, "SELECT max(id) FROM image")[0][0]


# ---- the way in ------------------------------------------------------------

def test_photo_with_alt_text_is_on_the_page_as_small_variants(ed, isite):
    r = upload(ed, img.jpeg_with_gps(4000, 3000), "havn.jpg",
               alt="Havna i Kristiansand en vinterdag",
               caption="Foto: Kommunen")
    assert r.status == 303, r.text[-2000:]
    assert "melding=bilde-satt-inn" in r.header("Location")
    html = isite.get(PAGE).text
    fig = figure(html, "Havna i Kristiansand en vinterdag")
    assert fig, html[-3000:]
    assert "<figcaption>Foto: Kommunen</figcaption>" in fig
    assert '<source type="image/webp"' in fig
    # No layout shift: the ratio is in the markup.
    assert re.search(r'<img [^>]*width="1600" height="1200"', fig), fig
    assert 'decoding="async"' in fig
    widths = sorted(set(int(w) for w in re.findall(r" (\d+)w", fig)))
    assert widths == [480, 960, 1600]
    history = ed.get(PAGE, "vis=historikk").text
    assert "Bilde satt inn: havn.jpg" in history


def test_no_served_variant_tells_where_the_photo_was_taken(ed, isite):
    assert upload(ed, img.jpeg_with_gps(2000, 1500), "hytta.jpg",
                  alt="Hytta ved sjøen").status == 303
    fig = figure(isite.get(PAGE).text, "Hytta ved sjøen")
    urls = srcset_urls(fig)
    assert len(urls) == 6
    for url in urls:
        got = isite.get(url)
        assert got.status == 200, url
        assert not img.has_metadata(got.body), (url, img.metadata_chunks(
            got.body))
        for marker in img.GPS_MARKERS:
            assert marker not in got.body, (url, marker)


def test_variants_are_immutable_content_addressed_files(ed, isite):
    assert upload(ed, img.png(900, 600), "logo.png",
                  alt="Logoen til Knutepunkt Sørlandet").status == 303
    fig = figure(isite.get(PAGE).text, "Logoen til Knutepunkt Sørlandet")
    url = srcset_urls(fig)[0]
    got = isite.get(url)
    assert got.status == 200
    assert "immutable" in got.header("Cache-Control")
    assert "max-age=31536000" in got.header("Cache-Control")
    assert got.header("X-Content-Type-Options") == "nosniff"
    assert got.header("Content-Type") in ("image/webp", "image/png")
    again = isite.get(url, {"If-None-Match": got.header("ETag")})
    assert again.status == 304
    # The same address with another type's extension names nothing.
    other = url[:-4] + "jpg" if url.endswith("webp") else url[:-3] + "webp"
    assert isite.get(other).status == 404


def test_decorative_image_has_empty_alt(ed, isite):
    assert upload(ed, img.png(300, 40), "strek.png", alt="",
                  decorative=True).status == 303
    html = isite.get(PAGE).text
    assert re.search(r'<img [^>]*alt=""', html)


def test_upload_without_alt_text_is_refused_beside_the_field(ed, isite):
    before, before_files = counts(isite), files(isite)
    r = upload(ed, img.jpeg(), "uten.jpg", alt="   ")
    assert r.status == 400
    assert "Skriv en alternativ tekst" in r.text
    assert 'aria-invalid="true"' in r.text
    assert counts(isite) == before
    assert files(isite) == before_files


def test_saving_a_text_with_an_image_without_alt_is_refused(ed, isite):
    assert upload(ed, img.jpeg(), "bru.jpg", alt="Brua").status == 303
    image = last_image(isite)
    data = ed.form(PAGE)
    rev = data["revision"]
    data["body"] = data["body"] + '<p><img src="/bilder/%d"></p>' % image
    r = ed.post(PAGE, data)
    assert r.status == 400
    assert "mangler alternativ tekst" in r.text
    assert ed.form(PAGE)["revision"] == rev


def test_foreign_image_sources_are_removed_on_save(ed, isite):
    data = ed.form(PAGE)
    data["body"] = (data["body"] + '<p>Tekst<img src="https://evil.example/'
                    'x.png" alt="x"><img src="data:image/png;base64,AAAA" '
                    'alt="y"></p>')
    assert ed.post(PAGE, data).status == 303
    body = ed.form(PAGE)["body"]
    assert "evil.example" not in body and "data:" not in body


def test_library_lists_and_finds_images_and_places_one_again(ed, isite):
    assert upload(ed, img.jpeg(), "fjorden.jpg",
                  alt="Fjorden i morgenlys").status == 303
    image = last_image(isite)
    lib = ed.get("/kontakt-oss", "vis=bilder&q=morgenlys").text
    assert "fjorden.jpg" in lib
    assert "havn.jpg" not in ed.get("/kontakt-oss",
                                    "vis=bilder&q=morgenlys").text
    r = ed.post("/kontakt-oss", {"csrf": csrf(ed, "/kontakt-oss"),
                                 "handling": "sett-inn-bilde",
                                 "bilde": image, "alt": "Fjorden",
                                 "bildetekst": ""})
    assert r.status == 303
    assert figure(isite.get("/kontakt-oss").text, "Fjorden")
    detail = ed.get(PAGE, "vis=bilde&bilde=%d" % image).text
    assert "/kontakt-oss" in detail and PAGE in detail


# ---- replace, trash -------------------------------------------------------

def test_replacing_shows_the_new_picture_on_every_page(ed, isite):
    assert upload(ed, img.jpeg(color=(10, 10, 200)), "skilt.jpg",
                  alt="Skiltet").status == 303
    image = last_image(isite)
    r = ed.post("/kontakt-oss", {"csrf": csrf(ed, "/kontakt-oss"),
                                 "handling": "sett-inn-bilde",
                                 "bilde": image, "alt": "Skiltet",
                                 "bildetekst": ""})
    assert r.status == 303
    old = srcset_urls(figure(isite.get(PAGE).text, "Skiltet"))
    r = upload(ed, img.jpeg(color=(10, 200, 10)), "skilt-ny.jpg", alt="",
               action="erstatt-bilde", extra=[("bilde", str(image))])
    assert r.status == 303, r.text[-1500:]
    for page in (PAGE, "/kontakt-oss"):
        new = srcset_urls(figure(isite.get(page).text, "Skiltet"))
        assert new and not set(new) & set(old)
    assert isite.get(old[0]).status == 404
    assert isite.get("/bilder/%d" % image).status == 200
    detail = ed.get(PAGE, "vis=bilde&bilde=%d" % image).text
    assert "skilt-ny.jpg" in detail
    # In the history of each page that shows it, too.
    history = ed.get("/kontakt-oss", "vis=historikk").text
    assert "erstattet med skilt-ny.jpg" in history
    assert db_rows(isite, "SELECT count(*) FROM image_version WHERE "
                   "image_id = ?", (image,))[0][0] == 2


def test_trashing_a_used_image_warns_first_and_lists_the_pages(ed, isite):
    assert upload(ed, img.jpeg(), "vei.jpg", alt="Veien").status == 303
    image = last_image(isite)
    r = ed.post(PAGE, {"csrf": csrf(ed), "handling": "slett-bilde",
                       "bilde": image, "bekreft": ""})
    assert r.status == 409
    assert "Bildet er i bruk" in r.text and PAGE in r.text
    assert figure(isite.get(PAGE).text, "Veien")
    r = ed.post(PAGE, {"csrf": csrf(ed), "handling": "slett-bilde",
                       "bilde": image, "bekreft": "ja"})
    assert r.status == 303
    assert figure(isite.get(PAGE).text, "Veien") is None
    assert isite.get("/bilder/%d" % image).status == 404
    r = ed.post(PAGE, {"csrf": csrf(ed), "handling": "bilde-tilbake",
                       "bilde": image, "bekreft": ""})
    assert r.status == 303
    assert figure(isite.get(PAGE).text, "Veien")


def test_an_image_on_a_page_the_editor_may_not_edit_cannot_be_replaced(
        ed, isite):
    assert upload(ed, img.jpeg(), "tog.jpg", alt="Toget",
                  path="/samferdsel").status == 303
    image = last_image(isite)
    annen = Editor(isite, "annen")
    before = counts(isite)
    r = upload(annen, img.jpeg(color=(0, 0, 0)), "svart.jpg", alt="",
               action="erstatt-bilde", extra=[("bilde", str(image))])
    assert r.status == 403
    assert "Samferdsel" in r.text or "/samferdsel" in r.text
    assert counts(isite)[1] == before[1]
    r = annen.post(PAGE, {"csrf": csrf(annen), "handling": "slett-bilde",
                          "bilde": image, "bekreft": "ja"})
    assert r.status == 403
    assert figure(isite.get("/samferdsel").text, "Toget")


# ---- what the helper makes of odd and hostile files -----------------------

@pytest.mark.parametrize("name,make,kind", [
    ("en.png", img.one_by_one, "png"),
    ("bred.png", img.wide, "png"),
    ("hoy.png", img.tall, "png"),
    ("cmyk.jpg", img.cmyk_jpeg, "jpeg"),
    ("dyp.png", img.png16, "png"),
    ("anim.webp", img.animated_webp, "webp"),
    ("polyglot.png", img.polyglot, "png"),
    ("rotert.jpg", img.rotated_jpeg, "jpeg"),
])
def test_odd_but_real_images_are_accepted(ed, isite, name, make, kind):
    alt = "Testbilde " + name
    assert upload(ed, make(), name, alt=alt).status == 303
    fig = figure(isite.get(PAGE).text, alt)
    assert fig
    for url in srcset_urls(fig):
        got = isite.get(url)
        assert got.status == 200
        assert b"<script" not in got.body and b"PK\x03\x04" not in got.body
        assert not img.has_metadata(got.body)


@pytest.mark.parametrize("name,make,status,says", [
    ("bombe.png", img.png_bomb, 422, "for stort"),
    ("stor.jpg", img.jpeg_huge_claim, 422, "for stort"),
    ("kuttet.jpg", img.truncated_jpeg, 422, "skadet eller avkortet"),
    ("kuttet.png", img.truncated_png, 422, "skadet eller avkortet"),
    ("tegning.svg", img.svg, 415, "kan ikke brukes som bilde"),
    ("animasjon.gif", img.gif, 415, "kan ikke brukes som bilde"),
    ("falsk.jpg", img.png, 415, "innholdet er noe annet"),
    ("tekst.jpg", lambda: b"hei " * 100, 415, "kan ikke brukes som bilde"),
])
def test_hostile_or_broken_files_are_refused_and_leave_nothing(
        ed, isite, name, make, status, says):
    data = make() if make is not img.png else img.png(50, 50)
    before, before_files = counts(isite), files(isite)
    r = upload(ed, data, name, alt="Noe")
    assert r.status == status, r.text[-1500:]
    assert says in r.text
    assert counts(isite) == before
    # The original of a refused decode stays as an unreferenced file
    # (naering-admin check reports it); nothing else, and no helper folder.
    left = [f for f in files(isite) if f not in before_files]
    assert not [f for f in left if ".tmp" in f], left
    assert isite.get(PAGE).status == 200


def test_a_helper_that_crashes_or_hangs_costs_only_that_upload(new_server):
    apache = new_server()
    # In the run directory: the Apache user must be able to run them.
    crash = os.path.join(apache.rundir, "crash")
    hang = os.path.join(apache.rundir, "hang")
    for path, text in ((crash, "kill -SEGV $$"), (hang, "exec sleep 600")):
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + text + "\n")
        os.chmod(path, 0o755)
    from editor_client import add_users
    add_users(apache)
    apache.add_conf("helpers", """
<Location "/redigering/om-knutepunkt-sorlandet">
    NaeringImageHelper "%s"
</Location>
<Location "/redigering/kontakt-oss">
    NaeringImageHelper "%s"
    NaeringImageTimeout 2
</Location>
""" % (crash, hang))
    apache.start()
    ed = Editor(apache)
    before = counts(apache)
    r = upload(ed, img.jpeg(), "a.jpg", alt="A")
    assert r.status == 422 and "kunne ikke behandles" in r.text
    r = upload(ed, img.jpeg(), "b.jpg", alt="B", path="/kontakt-oss")
    assert r.status == 422 and "kunne ikke behandles" in r.text
    assert apache.get(PAGE).status == 200
    log = apache.error_log()
    assert "killed by signal 11" in log
    assert "killed after its time limit" in log
    # The hung helper is gone, not left sleeping.
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True,
                        text=True).stdout
    assert "sleep 600" not in ps
    assert counts(apache) == before


# ---- URLs -----------------------------------------------------------------

def test_image_urls_that_name_nothing_are_404(isite):
    for url in ("/bilder/999999", "/bilder/0", "/bilder/01", "/bilder/x",
                "/bilder/1/" + "0" * 64 + ".webp", "/bilder/1/abc.webp",
                "/bilder/", "/bilder/1/2/3"):
        assert isite.get(url).status == 404, url


def test_bilder_is_not_a_free_slug_at_the_top(ed, isite):
    r = ed.post("/", {"csrf": ed.csrf("/"), "handling": "opprett",
                      "slug": "bilder", "title": "Bilder",
                      "status": "publisert"})
    assert r.status == 400


def test_check_finds_every_variant_referenced(isite):
    """Every original and variant a row names is on disk, and none of the
    helper's folders is left behind."""
    out = admin("check", isite.db, check=False)
    lines = (out.stdout + out.stderr).splitlines()
    assert not [line for line in lines if "missing" in line], lines
    assert not [line for line in lines if ".tmp-bilde" in line], lines
