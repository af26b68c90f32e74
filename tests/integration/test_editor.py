"""Editing pages over real HTTP with Basic auth: saves, sanitizing,
conflicts, history, restore, trash, drafts, CSRF and limits."""
import re
import sqlite3

import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import db_rows, make_server, quote
from editor_client import Editor, add_users, auth, field, textarea


@pytest.fixture(scope="module")
def ed_site(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    # Per-section rights with no code of ours: only "annen" may edit
    # Samferdsel.
    apache.add_conf("section", """
<Location "/redigering/samferdsel">
    Require user annen
</Location>
""")
    apache.start()
    yield apache
    apache.stop()
    assert "exit signal" not in apache.error_log()
    shutil.rmtree(apache.rundir, ignore_errors=True)


@pytest.fixture
def ed(ed_site):
    return Editor(ed_site)


def revisions(apache, path):
    return db_rows(apache, "SELECT count(*) FROM revision r JOIN page p"
                           " ON p.id = r.page_id WHERE p.path = ?",
                   (path,))[0][0]


# ---- login ------------------------------------------------------------------

def test_editor_needs_the_right_password(ed_site):
    assert ed_site.get("/redigering/naeringsnettverket").status == 401
    r = ed_site.get("/redigering/naeringsnettverket",
                    auth("redaktor", "feil"))
    assert r.status == 401
    r = ed_site.get("/redigering/naeringsnettverket", auth("redaktor"))
    assert r.status == 200
    assert r.header("Cache-Control") == "private, no-store"
    assert 'name="title"' in r.text and 'name="csrf"' in r.text
    assert "Innlogget som <strong>redaktor</strong>" in r.text


def test_login_link_on_every_public_page_leads_to_the_editor(ed_site):
    html = ed_site.get("/samferdsel").text
    link = re.search(r'<a href="([^"]+)"[^>]*>Login for redigering</a>', html)
    assert link.group(1) == "/redigering/samferdsel"


def test_section_rights_come_from_apache(ed_site):
    assert ed_site.get("/redigering/samferdsel", auth("redaktor")).status \
        == 401
    assert ed_site.get("/redigering/samferdsel", auth("annen")).status == 200


def test_logout_answers_401_for_the_realm(ed):
    r = ed.get("/", "vis=logg-ut")
    assert r.status == 401
    assert 'Basic realm="Redigering"' in r.header("WWW-Authenticate")
    assert "Du er logget ut" in r.text


# ---- saving -----------------------------------------------------------------

def test_save_shows_on_the_public_page(ed, ed_site):
    before = revisions(ed_site, "/helse-og-omsorg")
    r = ed.save("/helse-og-omsorg", title="Helse og omsorg i regionen",
                body="<p>Ny tekst om <strong>samhandling</strong>.</p>",
                comment="Ny ingress")
    assert r.status == 303
    assert r.header("Location").endswith(
        "/redigering/helse-og-omsorg?melding=lagret")
    page = ed_site.get("/helse-og-omsorg").text
    assert "<h1>Helse og omsorg i regionen</h1>" in page
    assert "<p>Ny tekst om <strong>samhandling</strong>.</p>" in page
    assert revisions(ed_site, "/helse-og-omsorg") == before + 1
    assert "Endringene er lagret." in ed.get("/helse-og-omsorg",
                                             "melding=lagret").text
    con = sqlite3.connect(ed_site.db)
    author, comment = con.execute(
        "SELECT author, comment FROM revision ORDER BY id DESC LIMIT 1"
    ).fetchone()
    con.close()
    assert (author, comment) == ("redaktor", "Ny ingress")


HOSTILE = [
    '<script>alert(1)</script><p>x</p>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<scr<script>ipt>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<p onclick="alert(1)">klikk</p>',
    '<p ONMOUSEOVER=alert(1)>x</p>',
    '<a href="javascript:alert(1)">lenke</a>',
    '<a href="JaVaScRiPt:alert(1)">lenke</a>',
    '<a href="&#106;avascript:alert(1)">lenke</a>',
    '<a href="&#x6A;avascript:alert(1)">lenke</a>',
    '<a href="java&#x09;script:alert(1)">lenke</a>',
    '<a href=" javascript:alert(1)">lenke</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    '<a href="vbscript:msgbox(1)">v</a>',
    '<svg onload=alert(1)><circle/></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<style>body{display:none}</style><p>x</p>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    '<!-- <script>alert(1)</script> --><p>x</p>',
    '<![CDATA[<script>alert(1)</script>]]>',
    '<!--[if gte mso 9]><script>alert(1)</script><![endif]-->',
    '<p><b><i>nested <u>unclosed',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<form action="https://evil.example"><input name=x></form>',
    '<template><script>alert(1)</script></template>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="https://example.no" target="_blank" rel="opener">ok</a>',
    '<table><tr><td onmouseover=alert(1)>x</td></tr></table>',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
]


def test_hostile_bodies_are_neutralised(ed, ed_site):
    for body in HOSTILE:
        r = ed.save("/kontakt-oss", body=body)
        assert r.status == 303, (body, r.status)
        page = ed_site.get("/kontakt-oss").text
        main = re.search(r'<div class="text">(.*?)</div>\s*(?:<section|<footer)',
                         page, re.S).group(1)
        low = main.lower()
        for bad in ("<script", "javascript:", "vbscript:", "data:text",
                    "<iframe", "<object", "<embed", "<svg", "<math", "<style",
                    "<base", "<meta", "<form", "<input", "<template",
                    "style=", "srcdoc", "target="):
            assert bad not in low, (body, main)
        assert not re.search(r"<[^>]+\son\w+\s*=", low), (body, main)


def test_body_is_stored_as_wellformed_xhtml(ed, ed_site):
    ed.save("/kontakt-oss", body="<p>Ett<br>to<p>tre <b>fet</b> &aring;")
    con = sqlite3.connect(ed_site.db)
    body = con.execute(
        "SELECT r.body FROM revision r JOIN page p ON p.revision_id = r.id"
        " WHERE p.path = '/kontakt-oss'").fetchone()[0]
    con.close()
    import xml.dom.minidom
    xml.dom.minidom.parseString("<div>%s</div>" % body)
    assert "<strong>fet</strong>" in body and "å" in body


def test_preview_saves_nothing(ed, ed_site):
    before = revisions(ed_site, "/samferdsel")
    data = Editor(ed_site, "annen").form("/samferdsel")
    data.update(body="<h2>Forhåndsvist</h2><p>tekst</p>",
                handling="forhandsvis")
    r = Editor(ed_site, "annen").post("/samferdsel", data)
    assert r.status == 200
    assert '<section class="preview"' in r.text
    assert "<h2>Forhåndsvist</h2>" in r.text
    assert "Forhåndsvist" not in ed_site.get("/samferdsel").text
    assert revisions(ed_site, "/samferdsel") == before


# ---- conflicts ----------------------------------------------------------------

def test_stale_save_gives_409_and_keeps_the_text(ed_site):
    a, b = Editor(ed_site, "redaktor"), Editor(ed_site, "annen")
    form_a = a.form("/om-knutepunkt-sorlandet")
    form_b = b.form("/om-knutepunkt-sorlandet")
    assert b.post("/om-knutepunkt-sorlandet",
                  dict(form_b, body="<p>Annen redaktør var først.</p>")
                  ).status == 303
    mine = "<p>Min egen tekst som ikke må gå tapt.</p>"
    r = a.post("/om-knutepunkt-sorlandet", dict(form_a, body=mine))
    assert r.status == 409
    assert "Min egen tekst som ikke må gå tapt." in textarea(r.text, "body")
    assert "annen" in r.text and "Annen redaktør var først." in r.text
    assert re.search(r"<ins>.*Annen", r.text, re.S)
    # The form now carries the newer revision: saving again merges.
    merged = dict(form_a, body=mine, revision=field(r.text, "revision"),
                  csrf=field(r.text, "csrf"))
    assert a.post("/om-knutepunkt-sorlandet", merged).status == 303
    assert "Min egen tekst" in ed_site.get("/om-knutepunkt-sorlandet").text


# ---- history, diff, restore ---------------------------------------------------

def test_history_diff_and_restore(ed, ed_site):
    path = "/naeringsnettverket"
    original = ed_site.get(path).text
    assert "Utviklingsprogram for byregioner" in original
    assert ed.save(path, body="<p>Helt ny tekst.</p>").status == 303
    assert "Utviklingsprogram for byregioner" not in ed_site.get(path).text
    hist = ed.get(path, "vis=historikk").text
    ids = re.findall(r'name="til" value="(\d+)"', hist)
    assert len(ids) >= 2
    newest, older = ids[0], ids[1]
    diff = ed.get(path, "vis=diff&fra=%s&til=%s" % (older, newest))
    assert diff.status == 200
    assert re.search(r"<del>.*Utviklingsprogram", diff.text, re.S)
    assert re.search(r"<ins>.*Helt ny tekst", diff.text, re.S)
    r = ed.post(path, {"csrf": field(diff.text, "csrf"),
                       "handling": "gjenopprett", "restore": older})
    assert r.status == 303
    assert "Utviklingsprogram for byregioner" in ed_site.get(path).text
    hist = ed.get(path, "vis=historikk").text
    assert "Gjenopprettet versjon %s" % older in hist
    assert len(re.findall(r'name="til" value="(\d+)"', hist)) == len(ids) + 1


def test_recent_changes_lists_edits(ed, ed_site):
    ed.save("/kontakt-oss", title="Kontakt oss", comment="Siste endring")
    html = ed.get("/", "vis=endringer").text
    assert "Siste endring" in html
    assert '<a href="/redigering/kontakt-oss">Kontakt oss</a>' in html


# ---- pages: create, drafts, move, reorder, trash -------------------------------

def test_create_child_page_as_draft_then_publish(ed, ed_site):
    csrf = ed.csrf("/naeringsnettverket")
    r = ed.post("/naeringsnettverket", {
        "csrf": csrf, "handling": "opprett", "slug": "nytt-prosjekt",
        "title": "Nytt prosjekt", "body": "<p>Om prosjektet.</p>",
        "status": "utkast"})
    assert r.status == 303
    assert r.header("Location").endswith(
        "/redigering/naeringsnettverket/nytt-prosjekt?melding=opprettet")
    assert ed_site.get("/naeringsnettverket/nytt-prosjekt").status == 404
    assert ed.get("/naeringsnettverket/nytt-prosjekt").status == 200
    assert ed.save("/naeringsnettverket/nytt-prosjekt",
                   status="publisert").status == 303
    r = ed_site.get("/naeringsnettverket/nytt-prosjekt")
    assert r.status == 200 and "Om prosjektet." in r.text


def test_create_refuses_bad_and_taken_addresses(ed):
    csrf = ed.csrf("/")
    base = {"csrf": csrf, "handling": "opprett", "title": "X", "body": ""}
    r = ed.post("/", dict(base, slug="Ugyldig Adresse"))
    assert r.status == 400 and "Bruk små bokstaver" in r.text
    assert 'value="X"' in r.text
    r = ed.post("/", dict(base, slug="samferdsel"))
    assert r.status == 409
    r = ed.post("/", dict(base, slug="sok"))
    assert r.status == 400


def test_draft_status_hides_a_page(ed, ed_site):
    ed.save("/helse-og-omsorg", status="utkast")
    assert ed_site.get("/helse-og-omsorg").status == 404
    assert "Denne siden er et utkast" in ed.get("/helse-og-omsorg").text
    ed.save("/helse-og-omsorg", status="publisert")
    assert ed_site.get("/helse-og-omsorg").status == 200


def test_move_and_old_url_redirects(ed, ed_site):
    csrf = ed.csrf("/om-knutepunkt-sorlandet/styret")
    r = ed.post("/om-knutepunkt-sorlandet/styret", {
        "csrf": csrf, "handling": "flytt", "parent": "/", "slug": "styret"})
    assert r.status == 303
    assert ed_site.get("/styret").status == 200
    old = ed_site.get("/om-knutepunkt-sorlandet/styret")
    assert old.status == 301 and old.header("Location").endswith("/styret")
    r = ed.post("/styret", {"csrf": csrf, "handling": "flytt", "parent": "/",
                            "slug": "samferdsel"})
    assert r.status == 409 and "finnes allerede" in r.text


def menu_titles(html):
    nav = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    return re.findall(r">([^<]+)</a>", nav)[1:]


def test_reorder_siblings(ed, ed_site):
    before = menu_titles(ed_site.get("/").text)
    first = before[0]
    path = re.search(r'<a href="([^"]+)"[^>]*>%s</a>' % re.escape(first),
                     ed_site.get("/").text).group(1)
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "ned"})
    assert r.status == 303
    after = menu_titles(ed_site.get("/").text)
    assert after[1] == first and after[0] == before[1]


def test_trash_and_restore(ed, ed_site):
    csrf = ed.csrf("/kontakt-oss")
    # Other pages link here: the trash asks first (test_links.py), and
    # this test confirms.
    assert ed.post("/kontakt-oss", {"csrf": csrf, "handling": "slett",
                                    "bekreft": "ja"}).status == 303
    assert ed_site.get("/kontakt-oss").status == 404
    trash = ed.get("/", "vis=papirkurv").text
    assert "Kontakt oss" in trash
    pid = re.search(r'name="id" value="(\d+)"', trash).group(1)
    r = ed.post("/", {"csrf": field(trash, "csrf"),
                      "handling": "angre-sletting", "id": pid})
    assert r.status == 303
    assert ed_site.get("/kontakt-oss").status == 200
    assert "Papirkurven er tom." in ed.get("/", "vis=papirkurv").text


def search_count(site, word):
    """The "N treff" a visitor sees, 0 for "Ingen treff"."""
    text = site.get(quote("/sok?q=" + word)).text
    m = re.search(r'class="search-status"[^>]*>\s*(\d+) treff', text)
    return int(m.group(1)) if m else 0


def index_rows(site, page_path):
    return db_rows(site, "SELECT count(*) FROM search WHERE rowid ="
                         " (SELECT id FROM page WHERE path = ?)",
                   (page_path,))[0][0]


def test_search_lists_only_live_published_pages(ed, ed_site):
    """Trash, draft, restore and publish each take the page out of the
    search (and its index) or put it back, on the next search."""
    word = "Fløtekompaniet"
    assert ed.save("/kontakt-oss", summary="Spør " + word).status == 303
    assert search_count(ed_site, word) == 1
    assert ed.post("/kontakt-oss", {"csrf": ed.csrf("/kontakt-oss"),
                                    "handling": "slett", "bekreft": "ja"}
                   ).status == 303
    assert search_count(ed_site, word) == 0
    assert index_rows(ed_site, "/kontakt-oss") == 0
    trash = ed.get("/", "vis=papirkurv").text
    pid = re.search(r'name="id" value="(\d+)"', trash).group(1)
    assert ed.post("/", {"csrf": field(trash, "csrf"),
                         "handling": "angre-sletting", "id": pid}
                   ).status == 303
    assert search_count(ed_site, word) == 1
    assert ed.save("/kontakt-oss", status="utkast").status == 303
    assert search_count(ed_site, word) == 0
    assert index_rows(ed_site, "/kontakt-oss") == 0
    assert ed.save("/kontakt-oss", status="publisert").status == 303
    assert search_count(ed_site, word) == 1


def test_a_page_can_leave_the_menu_and_stay_a_page(ed, ed_site):
    """"Ikke i menyen": gone from every menu, still published -- by its
    address, its breadcrumbs, search -- and the choice survives a save
    that does not send it, until "Vis i menyen" brings the page back."""
    path = "/helse-og-omsorg"
    # Other tests of this module may have renamed it: read the title.
    title = re.search(r"<h1>([^<]+)</h1>", ed_site.get(path).text).group(1)
    assert title in menu_titles(ed_site.get("/").text)
    form = ed.get(path).text
    assert re.search(r'id="f-menu-show"[^>]*checked', form)
    assert ed.save(path, meny="skjul").status == 303
    assert title not in menu_titles(ed_site.get("/").text)
    assert title not in menu_titles(ed_site.get("/samferdsel").text)
    page = ed_site.get(path)
    assert page.status == 200 and "<h1>%s</h1>" % title in page.text
    assert search_count(ed_site, "omsorg") >= 1
    assert re.search(r'id="f-menu-hide"[^>]*checked', ed.get(path).text)
    assert ed.save(path, summary="Uten valg for menyen.").status == 303
    assert title not in menu_titles(ed_site.get("/").text)
    r = ed.save(path, meny="kanskje", summary="Skal ikke lagres.")
    assert r.status == 400
    assert "Skal ikke lagres" not in ed_site.get(path).text
    assert ed.save(path, meny="vis").status == 303
    assert title in menu_titles(ed_site.get("/").text)


def feed_titles(site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(site.get("/feed.atom").body)
    return [e.find(atom + "title").text for e in feed.findall(atom + "entry")]


def test_feed_lists_each_listed_page_once_newest_first(ed, ed_site):
    """The feed walks revisions newest first (migration 5): a page saved
    twice is at the top once, a draft's save is not in it, and a page in
    the trash leaves it."""
    assert ed.save("/naeringsnettverket", title="Nettverket i feeden").status == 303
    assert ed.save("/naeringsnettverket", summary="Lagret to ganger.").status == 303
    titles = feed_titles(ed_site)
    assert titles[0] == "Nettverket i feeden"
    assert titles.count("Nettverket i feeden") == 1
    assert ed.save("/kontakt-oss", title="Kontakt (utkast)",
                   status="utkast").status == 303
    titles = feed_titles(ed_site)
    assert "Kontakt (utkast)" not in titles and titles[0] == \
        "Nettverket i feeden"
    assert ed.save("/kontakt-oss", title="Kontakt oss",
                   status="publisert").status == 303
    assert feed_titles(ed_site)[0] == "Kontakt oss"
    assert ed.post("/kontakt-oss", {"csrf": ed.csrf("/kontakt-oss"),
                                    "handling": "slett", "bekreft": "ja"}
                   ).status == 303
    assert "Kontakt oss" not in feed_titles(ed_site)
    trash = ed.get("/", "vis=papirkurv").text
    pid = re.search(r'name="id" value="(\d+)"', trash).group(1)
    assert ed.post("/", {"csrf": field(trash, "csrf"),
                         "handling": "angre-sletting", "id": pid}
                   ).status == 303


def test_front_page_cannot_be_deleted(ed, ed_site):
    r = ed.post("/", {"csrf": ed.csrf("/"), "handling": "slett"})
    assert r.status == 400
    assert ed_site.get("/").status == 200


# ---- safety -------------------------------------------------------------------

def test_csrf_missing_or_wrong_is_403(ed, ed_site):
    before = revisions(ed_site, "/naeringsnettverket")
    data = ed.form("/naeringsnettverket")
    data["title"] = "Kapret"
    flipped = data["csrf"][:-1] + ("1" if data["csrf"][-1] == "0" else "0")
    for token in (None, "", "1.abc", flipped):
        d = dict(data)
        if token is None:
            del d["csrf"]
        else:
            d["csrf"] = token
        r = ed.post("/naeringsnettverket", d)
        assert r.status == 403, token
    # Another user's token is not mine.
    other = Editor(ed_site, "annen").csrf("/")
    assert ed.post("/naeringsnettverket", dict(data, csrf=other)).status == 403
    assert revisions(ed_site, "/naeringsnettverket") == before
    assert "Kapret" not in ed_site.get("/naeringsnettverket").text
    assert "missing or wrong CSRF token" in ed_site.error_log()


def test_cross_origin_post_is_403(ed, ed_site):
    data = ed.form("/naeringsnettverket")
    r = ed.post("/naeringsnettverket", dict(data, title="Fra annet nettsted"),
                origin=False, headers={"Origin": "https://evil.example"})
    assert r.status == 403
    r = ed.post("/naeringsnettverket", dict(data, title="Fra annet nettsted"),
                origin=False, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status == 403
    assert "Fra annet nettsted" not in ed_site.get("/naeringsnettverket").text


def test_get_never_changes_anything(ed, ed_site):
    before = revisions(ed_site, "/samferdsel")
    ed_site.get("/redigering/samferdsel?handling=slett", auth("annen"))
    assert ed_site.get("/samferdsel").status == 200
    assert revisions(ed_site, "/samferdsel") == before


def test_invalid_utf8_is_400_and_not_stored(ed, ed_site):
    before = revisions(ed_site, "/naeringsnettverket")
    data = ed.form("/naeringsnettverket")
    import urllib.parse
    raw = urllib.parse.urlencode(dict(data, title="x")).replace(
        "title=x", "title=%C3%28%FF").encode()
    r = ed.post("/naeringsnettverket", None, raw=raw)
    assert r.status == 400
    assert revisions(ed_site, "/naeringsnettverket") == before


def test_field_limits_give_a_clear_message(ed, ed_site):
    before = revisions(ed_site, "/naeringsnettverket")
    r = ed.save("/naeringsnettverket", title="Æ" * 201)
    assert r.status == 400
    assert "Tittel: Er for lang." in r.text
    assert 'aria-invalid="true"' in r.text
    assert ("Æ" * 201) in r.text           # the input is kept
    r = ed.save("/naeringsnettverket", title="  ")
    assert r.status == 400 and "Må fylles ut." in r.text
    r = ed.save("/naeringsnettverket", contact_email="ikke en adresse")
    assert r.status == 400
    r = ed.save("/naeringsnettverket", body="<p>" + "x" * (1024 * 1024) + "</p>")
    assert r.status == 400 and "Tekst: Er for lang." in r.text
    r = ed.save("/naeringsnettverket", body="x" * (2 * 1024 * 1024))
    assert r.status == 413
    assert revisions(ed_site, "/naeringsnettverket") == before


def test_wrong_content_type_is_415(ed):
    r = ed.post("/naeringsnettverket", None, raw=b"{}",
                headers={"Content-Type": "application/json"})
    assert r.status == 415


def test_editor_responses_are_never_cached(ed):
    for query in ("", "vis=historikk", "vis=papirkurv", "vis=endringer",
                  "vis=ny"):
        r = ed.get("/naeringsnettverket" if query != "vis=papirkurv" else "/",
                   query)
        assert r.status == 200, query
        assert r.header("Cache-Control") == "private, no-store", query


def test_a_save_shows_at_once_in_every_process(ed, ed_site):
    # Warm the render caches of the server's children and threads.
    for _ in range(20):
        assert "Markør sju-sju" not in ed_site.get("/helse-og-omsorg").text
    assert ed.save("/helse-og-omsorg",
                   body="<p>Markør sju-sju-tre-en.</p>").status == 303
    for _ in range(20):
        assert "Markør sju-sju-tre-en." in \
            ed_site.get("/helse-og-omsorg").text


def test_editor_on_a_page_that_does_not_exist_is_404(ed, ed_site):
    for query in ("", "vis=historikk", "vis=dokumenter", "vis=ny",
                  "vis=diff&fra=1&til=2"):
        r = ed.get("/finnes-ikke", query)
        assert r.status == 404, query
        assert "Siden finnes ikke" in r.text
    r = ed.post("/finnes-ikke", {"csrf": ed.csrf("/"), "title": "x",
                                 "revision": "1", "handling": "lagre"})
    assert r.status == 404
    assert "exit signal" not in ed_site.error_log()
