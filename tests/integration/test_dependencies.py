"""No page is served stale after a write, and a write costs only what it
changed (issue 18).  Each response depends on keys (sql/014_dependencies.sql):
its page, the menu, the site's details, the lists, everything.  One test per
kind of write -- text, title, move, menu visibility, draft, document, image,
template upgrade -- checks the change in every prefork child (each has its
own render cache) and behind a real Varnish with the xkey module
(conf/varnish.vcl), and that a page the write did not touch keeps its ETag
(a 304 stays a 304), its Varnish copy and its render-cache entry."""
import email.utils
import os
import re
import shutil
import time

import pytest

import imagefiles as img
from conftest import TEMPLATES, make_server, prefork
from editor_client import Editor, add_users, field
from test_cache_tier import VARNISHD, Varnish, hit
from test_documents import BOUNDARY, multipart, pdf
from test_images import figure, srcset_urls

pytestmark = pytest.mark.skipif(not os.path.exists(VARNISHD),
                                reason="varnishd is not installed")

# Sequential requests on new connections: under prefork they land on
# whichever of the children is idle, so a dozen reach several processes.
ROUNDS = 12
OTHER = "/naeringsnettverket"       # a page no test here writes


@pytest.fixture(scope="module")
def tier(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    prefork(apache)
    apache.start()          # Varnish needs the backend's port first
    apache.stop()
    varnish = Varnish(apache.port)
    apache.add_conf("purge", """
<Location "/">
    NaeringPurge http://127.0.0.1:%d
</Location>
LogFormat "%%U%%q %%{naering-cache}n %%{X-Probe}i" naering_cache
CustomLog "%s/cache.log" naering_cache
""" % (varnish.port, apache.rundir))
    apache.start()
    apache.wait_start_ban()
    yield apache, varnish
    varnish.stop()
    apache.stop()
    log = apache.error_log()
    shutil.rmtree(apache.rundir, ignore_errors=True)
    assert "exit signal" not in log, log[-3000:]


def warm(apache, varnish, *paths):
    """Every path rendered in the children and kept by Varnish, after the
    watchdog's purges of the writes before (else one could land after)."""
    apache.wait_watchdog()
    for path in paths:
        for _ in range(ROUNDS):
            assert apache.get(path).status == 200
        varnish.get(path)
        assert hit(varnish.get(path)[1]), path


def everywhere(apache, varnish, path, shows):
    """shows(status, text) holds in every child at once after the write,
    and in Varnish as soon as the purge, sent after the editor's answer,
    has arrived."""
    for _ in range(ROUNDS):
        r = apache.get(path)
        assert shows(r.status, r.body.decode()), (path, r.status)
    deadline = time.time() + 10
    while True:
        s, _, body = varnish.get(path)
        if shows(s, body.decode()):
            return
        assert time.time() < deadline, "Varnish still has the old " + path
        time.sleep(0.02)


def untouched(apache, varnish, path, before):
    """The write left path alone: same ETag and Last-Modified as the answer
    before it, a 304 for either validator, and still a hit in Varnish, also
    after the watchdog's own purge of the write."""
    apache.wait_watchdog()
    etag, modified = before.header("ETag"), before.header("Last-Modified")
    r = apache.get(path)
    assert (r.header("ETag"), r.header("Last-Modified")) == (etag, modified)
    assert apache.get(path, {"If-None-Match": etag}).status == 304
    assert apache.get(path, {"If-Modified-Since": modified}).status == 304
    assert hit(varnish.get(path)[1]), path + " was purged"


def cached_everywhere(apache, path, probe):
    """Every process answers path from its cache (its own or the shared
    one), none renders it: ROUNDS requests marked probe, then their lines
    of the access log."""
    for _ in range(ROUNDS):
        assert apache.get(path, {"X-Probe": probe}).status == 200
    log = os.path.join(apache.rundir, "cache.log")
    deadline = time.time() + 10
    while True:
        with open(log) as f:
            rows = [l.split()[1] for l in f
                    if l.split()[0] == path and l.split()[-1] == probe]
        if len(rows) >= ROUNDS:
            break
        assert time.time() < deadline, rows
        time.sleep(0.02)
    assert "miss" not in rows, rows


def menu(html):
    m = re.search(r'<nav class="main-menu".*?</nav>', html, re.S)
    return m.group(0) if m else ""


def test_text_edit_changes_its_page_and_the_search_only(tier):
    apache, varnish = tier
    warm(apache, varnish, "/samferdsel", OTHER, "/")
    before, front = apache.get(OTHER), apache.get("/")
    r = Editor(apache).save("/samferdsel",
                            body="<p>Nye bussruter til Blåbærlia.</p>")
    assert r.status == 303
    everywhere(apache, varnish, "/samferdsel",
               lambda s, t: s == 200 and "Blåbærlia" in t)
    everywhere(apache, varnish, "/sok?q=Bl%C3%A5b%C3%A6rlia",
               lambda s, t: "/samferdsel" in t)
    untouched(apache, varnish, OTHER, before)
    untouched(apache, varnish, "/", front)
    cached_everywhere(apache, OTHER, "after-text-edit")
    xkey = apache.get("/samferdsel").header("xkey").split()
    assert "naering:menu" in xkey and any(k.startswith("naering:p")
                                          for k in xkey)


def test_title_changes_every_menu(tier):
    apache, varnish = tier
    warm(apache, varnish, "/", OTHER)
    etag = apache.get(OTHER).header("ETag")
    assert Editor(apache).save("/samferdsel",
                               title="Samferdsel og vei").status == 303
    for path in ("/", OTHER):
        everywhere(apache, varnish, path,
                   lambda s, t: "Samferdsel og vei" in menu(t))
    assert apache.get(OTHER).header("ETag") != etag


def test_move_changes_paths_and_menus(tier):
    apache, varnish = tier
    old = "/om-knutepunkt-sorlandet/styret"
    warm(apache, varnish, old, "/")
    ed = Editor(apache)
    r = ed.post(old, {"csrf": ed.csrf(old), "handling": "flytt",
                      "parent": "/", "slug": "styret"})
    assert r.status == 303
    everywhere(apache, varnish, old, lambda s, t: s == 301)
    everywhere(apache, varnish, "/styret", lambda s, t: s == 200)
    everywhere(apache, varnish, "/",
               lambda s, t: 'href="/styret"' in menu(t))


def test_menu_visibility(tier):
    apache, varnish = tier
    warm(apache, varnish, "/", "/kontakt-oss")
    assert 'href="/kontakt-oss"' in menu(apache.get("/").text)
    assert Editor(apache).save("/kontakt-oss", meny="skjul").status == 303
    everywhere(apache, varnish, "/",
               lambda s, t: 'href="/kontakt-oss"' not in menu(t))
    everywhere(apache, varnish, "/kontakt-oss", lambda s, t: s == 200)


def test_draft_hides_the_page_everywhere(tier):
    apache, varnish = tier
    warm(apache, varnish, "/helse-og-omsorg", "/")
    assert Editor(apache).save("/helse-og-omsorg",
                               status="utkast").status == 303
    everywhere(apache, varnish, "/helse-og-omsorg", lambda s, t: s == 404)
    everywhere(apache, varnish, "/",
               lambda s, t: 'href="/helse-og-omsorg"' not in menu(t))


def test_document_upload_changes_its_page_only(tier):
    apache, varnish = tier
    page = "/samferdsel"
    warm(apache, varnish, page, OTHER)
    before = apache.get(OTHER)
    ed = Editor(apache)
    csrf = field(ed.get(page, "vis=dokumenter").text, "csrf")
    body = multipart([("csrf", csrf), ("handling", "last-opp"),
                      ("tittel1", "Ruteplan for bussen")],
                     [("fil1", "ruteplan.pdf", pdf("Ruteplan"),
                       "application/octet-stream")])
    r = ed.post(page, None, raw=body, headers={
        "Content-Type": "multipart/form-data; boundary=" + BOUNDARY})
    assert r.status == 303
    everywhere(apache, varnish, page,
               lambda s, t: "Ruteplan for bussen" in t)
    untouched(apache, varnish, OTHER, before)


def upload_image(ed, page, data, name, alt, action="last-opp-bilde",
                 extra=()):
    csrf = field(ed.get(page, "vis=bilder").text, "csrf")
    body = multipart([("csrf", csrf), ("handling", action), ("alt", alt),
                      ("bildetekst", "")] + list(extra),
                     [("fil1", name, data, "application/octet-stream")])
    return ed.post(page, None, raw=body, headers={
        "Content-Type": "multipart/form-data; boundary=" + BOUNDARY})


def test_image_upload_and_replace(tier):
    apache, varnish = tier
    page = "/om-knutepunkt-sorlandet"
    warm(apache, varnish, page, OTHER)
    before = apache.get(OTHER)
    ed = Editor(apache)
    assert upload_image(ed, page, img.jpeg(color=(10, 10, 200)), "bru.jpg",
                        "Brua over elva").status == 303
    everywhere(apache, varnish, page, lambda s, t: "Brua over elva" in t)
    srcs = set(srcset_urls(figure(apache.get(page).text, "Brua over elva")))
    image = re.search(r'/bilder/(\d+)/', next(iter(srcs))).group(1)
    warm(apache, varnish, page)
    # A new version of the image: the page that shows it changes.
    assert upload_image(ed, page, img.jpeg(color=(200, 10, 10)), "bru2.jpg",
                        "", action="erstatt-bilde",
                        extra=[("bilde", image)]).status == 303
    everywhere(apache, varnish, page, lambda s, t: "Brua over elva" in t
               and not srcs & set(srcset_urls(figure(t, "Brua over elva"))))
    untouched(apache, varnish, OTHER, before)


def test_template_upgrade(new_server):
    """New templates (a package upgrade, then a restart): every page is
    rendered with them, its ETag changes, and the cache in front is
    banned at start."""
    apache = new_server()
    add_users(apache)
    prefork(apache)
    mine = os.path.join(apache.rundir, "xslt")
    shutil.copytree(TEMPLATES, mine)
    apache.write_conf(apache.db, templates=mine)
    prefork(apache)
    apache.start()
    apache.stop()
    varnish = Varnish(apache.port)
    try:
        apache.add_conf("purge", '<Location "/">\n    NaeringPurge '
                        'http://127.0.0.1:%d\n</Location>\n' % varnish.port)
        apache.start()
        warm(apache, varnish, OTHER)
        before = apache.get(OTHER)
        etag = before.header("ETag")
        strings = os.path.join(mine, "nb.xml")
        with open(strings, encoding="utf-8") as f:
            text = f.read()
        assert "Siste endringer" in text
        # Last-Modified moves to the new file's time: a second after the
        # page's (a condition, not a pause for the server).
        modified = email.utils.parsedate_to_datetime(
            before.header("Last-Modified")).timestamp()
        while time.time() < modified + 1:
            time.sleep(0.05)
        with open(strings, "w", encoding="utf-8") as f:
            f.write(text.replace("Siste endringer", "Nyeste endringer"))
        apache.restart()
        deadline = time.time() + 30
        while True:
            try:
                r = apache.get(OTHER)
                if "Nyeste endringer" in r.text:
                    break
            except (OSError, ConnectionError):
                pass
            assert time.time() < deadline, "the new templates never showed"
            time.sleep(0.05)
        everywhere(apache, varnish, OTHER,
                   lambda s, t: "Nyeste endringer" in t)
        assert apache.get(OTHER).header("ETag") != etag
        assert apache.get(OTHER, {"If-None-Match": etag}).status == 200
        assert apache.get(OTHER, {"If-Modified-Since": before.header(
            "Last-Modified")}).status == 200
    finally:
        varnish.stop()
