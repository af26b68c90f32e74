"""Links that stay whole (issue 17): every save records the links of the
page's text; trashing a page or a document that other live pages link to
warns first and lists them (the trash still works after a confirmation);
"Brutte lenker" and "naering-admin links" list internal links that point
nowhere; "naering-admin links --external" checks web addresses with
libcurl against a server the test starts on 127.0.0.1."""
import http.server
import os
import re
import subprocess
import threading

import pytest

from conftest import ADMIN, admin, db_rows, serving
from editor_client import Editor
from test_documents import Docs

LINKER = "/kontakt-oss"
DOC = "/naeringsnettverket/dokumenter/Strategisk næringsplan.pdf"


@pytest.fixture(scope="module")
def lsite(demo_template_db):
    yield from serving(demo_template_db)


def link_to(ed, href, text="lenke"):
    form = ed.form(LINKER)
    form["body"] += '<p>Se <a href="%s">%s</a>.</p>' % (href, text)
    assert ed.post(LINKER, form).status == 303


def test_links_of_a_save_are_recorded(lsite):
    ed = Editor(lsite)
    link_to(ed, "/helse-og-omsorg#fastlege", "helse")
    rows = db_rows(lsite, "SELECT l.href FROM page_link l JOIN page p ON "
                   "p.id = l.page_id WHERE p.path = ?", (LINKER,))
    assert ("/helse-og-omsorg",) in rows


def test_trashing_a_linked_page_warns_first_and_lists_the_pages(lsite):
    ed = Editor(lsite)
    link_to(ed, "/samferdsel/", "samferdsel")
    r = ed.post("/samferdsel", {"csrf": ed.csrf("/samferdsel"),
                                "handling": "slett"})
    assert r.status == 409
    assert "Andre sider lenker hit" in r.text
    assert "/redigering/kontakt-oss" in r.text
    assert lsite.get("/samferdsel").status == 200       # nothing trashed
    r = ed.post("/samferdsel", {"csrf": ed.csrf("/samferdsel"),
                                "handling": "slett", "bekreft": "ja"})
    assert r.status == 303
    assert lsite.get("/samferdsel").status == 404
    broken = ed.get("/", "vis=brutte-lenker")
    assert broken.status == 200
    assert "/samferdsel" in broken.text and "Kontakt oss" in broken.text
    out = admin("links", lsite.db, check=False)
    assert out.returncode == 1
    assert "/kontakt-oss\t/samferdsel\tnot found" in out.stdout
    # Back from the trash: nothing broken any more.
    page_id = db_rows(lsite, "SELECT id FROM page WHERE path = "
                      "'/samferdsel'")[0][0]
    assert ed.post("/", {"csrf": ed.csrf("/"), "handling": "angre-sletting",
                         "id": page_id}).status == 303
    assert "/samferdsel" not in ed.get("/", "vis=brutte-lenker").text
    assert "/samferdsel\t" not in admin("links", lsite.db,
                                        check=False).stdout


def test_a_page_whose_links_are_only_its_own_is_trashed_at_once(lsite):
    ed = Editor(lsite)
    assert ed.post("/om-knutepunkt-sorlandet", {
        "csrf": ed.csrf("/om-knutepunkt-sorlandet"), "handling": "opprett",
        "slug": "selv", "title": "Selv", "status": "publisert"}
    ).status == 303
    form = ed.form("/om-knutepunkt-sorlandet/selv")
    form["body"] = '<p><a href="/om-knutepunkt-sorlandet/selv">Her</a></p>'
    assert ed.post("/om-knutepunkt-sorlandet/selv", form).status == 303
    r = ed.post("/om-knutepunkt-sorlandet/selv", {
        "csrf": ed.csrf("/om-knutepunkt-sorlandet/selv"),
        "handling": "slett"})
    assert r.status == 303


def test_trashing_a_linked_document_warns_first(lsite):
    ed, docs = Editor(lsite), Docs(lsite)
    link_to(ed, DOC, "planen")
    listing = docs.listing()
    doc = re.search(r'aria-labelledby="doc-(\d+)-title"', listing).group(1)
    r = docs.action("dok-slett", dok=doc)
    assert r.status == 409
    assert "Dokumentet har lenker" in r.text
    assert "Strategisk næringsplan" in lsite.get("/naeringsnettverket").text
    assert docs.action("dok-slett", dok=doc, bekreft="ja").status == 303
    assert "næringsplan.pdf" in ed.get("/", "vis=brutte-lenker").text
    assert docs.action("dok-tilbake", dok=doc).status == 303


class _Handler(http.server.BaseHTTPRequestHandler):
    release = threading.Event()
    agents = []

    def _answer(self):
        self.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/borte":
            self.send_response(404)
        elif self.path == "/flyttet":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/kun-get":
            self.send_response(405 if self.command == "HEAD" else 200)
        elif self.path == "/heng":
            # Never answers in time: the checker's timeout ends it.
            self.release.wait(60)
            return
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer()

    def do_GET(self):
        self._answer()

    def log_message(self, *args):
        pass


def test_external_links_are_checked_with_head_then_get(lsite):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    try:
        ed = Editor(lsite)
        form = ed.form("/helse-og-omsorg")
        form["body"] += "".join('<p><a href="%s/%s">%s</a></p>'
                                % (base, p, p) for p in
                                ("ok", "borte", "flyttet", "kun-get", "heng"))
        assert ed.post("/helse-og-omsorg", form).status == 303
        out = subprocess.run([ADMIN, "links", lsite.db, "--external"],
                             capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, NAERING_LINK_TIMEOUT="2"))
        lines = out.stdout.splitlines()
        assert out.returncode == 1, (out.stdout, out.stderr)
        assert "/helse-og-omsorg\t%s/borte\t404" % base in lines
        assert "/helse-og-omsorg\t%s/flyttet\tmoved to %s/ok" % (base, base) \
            in lines
        assert any(l.startswith("/helse-og-omsorg\t%s/heng\t" % base)
                   for l in lines), lines
        assert not any("/ok\t" in l or "/kun-get\t" in l for l in lines), \
            lines
        assert all(a.startswith("naering-admin/") for a in _Handler.agents)
    finally:
        _Handler.release.set()
        server.shutdown()
        server.server_close()


def test_a_move_rewrites_the_links_to_it_in_a_revision_of_their_own(lsite):
    ed = Editor(lsite)
    link_to(ed, "/om-knutepunkt-sorlandet/styret#medlemmer", "styret")
    link_to(ed, "/om-knutepunkt-sorlandet/styret-arkiv", "ikke styret")
    r = ed.post("/om-knutepunkt-sorlandet/styret", {
        "csrf": ed.csrf("/om-knutepunkt-sorlandet/styret"),
        "handling": "flytt", "parent": "/om-knutepunkt-sorlandet",
        "slug": "styre"})
    assert r.status == 303
    body = ed.form(LINKER)["body"]
    assert 'href="/om-knutepunkt-sorlandet/styre#medlemmer"' in body
    # A path that only starts with the same letters is another page's.
    assert 'href="/om-knutepunkt-sorlandet/styret-arkiv"' in body
    history = ed.get(LINKER, "vis=historikk").text
    assert "Lenker oppdatert: /om-knutepunkt-sorlandet/styret flyttet til " \
        "/om-knutepunkt-sorlandet/styre" in history
    assert "naering" in history
    # The old address still answers 301, for links from elsewhere.
    assert lsite.get("/om-knutepunkt-sorlandet/styret").status == 301
