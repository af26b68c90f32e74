"""The foundation over real HTTP: the seed page, menu, documents, errors,
methods, ?format=xml, two sites on one server and broken databases."""
import os
import re
import shutil
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from conftest import DEMO_PDF, SRCDIR, TEMPLATES, quote

SEED = os.environ.get("NAERING_SEED") or os.path.join(
    SRCDIR, "..", "shared", "seed", "000_5afd80c98bd0b3d9.txt")

# Sentences of the seed page that must reach the visitor verbatim.
SEED_SENTENCES = [
    "Næringsnettverket er etablert for at kommunene i Knutepunkt Sørlandet "
    "skal ha en god samordnet innsats på næringsområdet.",
    "Lukas Wedemeyer fra Kristiansand kommune er leder av Næringsnettverket "
    "fra 16.04.15.",
    "I februar 2015 lyste KMD ut inntil 91,5 millioner kroner til fase 2 av "
    "utviklingsprogrammet for byregioner for perioden 2015-2017.",
    "Det vil legges vekt på næringssamarbeidet mellom kommunene, samt "
    "samarbeidet med regionens øvrige næringsaktører.",
]


def visible_text(html):
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


def seed_paragraphs():
    """The seed file's body paragraphs (title and page furniture left out)."""
    if not os.path.exists(SEED):
        return SEED_SENTENCES
    with open(SEED, encoding="utf-8") as f:
        lines = [re.sub(r"\s+", " ", l.replace("\xa0", " ")).strip()
                 for l in f]
    skip = {"", "Næringsnettverket", "Dokumenter (1)", "Login for redigering"}
    return [l for l in lines if l not in skip]


def test_seed_page_has_every_paragraph(site):
    r = site.get("/naeringsnettverket")
    assert r.status == 200
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    text = visible_text(r.text)
    for para in seed_paragraphs():
        assert para in text, para


def test_seed_page_structure(site):
    html = site.get("/naeringsnettverket").text
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in html
    assert "<h1>Næringsnettverket</h1>" in html
    assert "<h2>Utviklingsprogram for byregioner</h2>" in html
    assert ('<a href="mailto:lukas.wedemeyer@kristiansand.kommune.no">'
            'lukas.wedemeyer@kristiansand.kommune.no</a>') in html
    assert "<title>Næringsnettverket – Knutepunkt Sørlandet</title>" in html
    assert re.search(r'<h2 id="dokumenter-tittel">Dokumenter \(1\)</h2>', html)
    assert re.search(r'<a href="/redigering/naeringsnettverket"[^>]*>'
                     r'Login for redigering</a>', html)
    assert "Sist oppdatert" in html
    # The order a visitor reads: title, text, sub-heading, documents, login.
    order = [html.index(s) for s in ("<h1>", "Utviklingsprogram for",
                                     "Dokumenter (1)", "Login for redigering")]
    assert order == sorted(order)


def test_menu_marks_the_current_page(site):
    html = site.get("/naeringsnettverket").text
    nav = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    titles = re.findall(r"<a [^>]*>([^<]+)</a>", nav)
    assert titles[0] == "Forside"
    assert "Næringsnettverket" in titles
    # The demo's sections, with "Aktuelt" and "Møter" (issue 15).
    assert 4 <= len(titles) - 1 <= 8
    assert re.search(r'<a href="/naeringsnettverket" aria-current="page">'
                     r'Næringsnettverket</a>', nav)
    assert nav.count('aria-current="page"') == 1


def test_every_menu_page_answers(site):
    html = site.get("/").text
    nav = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    for href in re.findall(r'href="([^"]+)"', nav):
        r = site.get(quote(href))
        assert r.status == 200, href
        assert "<h1>" in r.text


def test_front_page(site):
    r = site.get("/")
    assert r.status == 200
    assert "<h1>Knutepunkt Sørlandet</h1>" in r.text
    assert '<a href="/" aria-current="page">Forside</a>' in r.text


def test_sub_page_has_section_menu_and_breadcrumbs(site):
    html = site.get("/om-knutepunkt-sorlandet/styret").text
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert crumbs, "no breadcrumbs"
    assert re.findall(r">([^<]+)</a>", crumbs.group(0)) == [
        "Forside", "Om Knutepunkt Sørlandet", "Styret"]
    section = re.search(r'<nav class="section-menu".*?</nav>', html, re.S)
    assert section and 'aria-current="page">Styret<' in section.group(0)


def test_document_is_listed_and_downloads(site):
    html = site.get("/naeringsnettverket").text
    m = re.search(r'<section class="documents".*?</section>', html, re.S)
    assert m
    link = re.search(r'<a href="([^"]+)">([^<]+)</a>', m.group(0))
    assert link.group(2) == "Strategisk næringsplan for Kristiansandsregionen"
    assert "(PDF, 2 kB," in visible_text(m.group(0))
    r = site.get(link.group(1))
    assert r.status == 200
    assert r.header("Content-Type") == "application/pdf"
    with open(DEMO_PDF, "rb") as f:
        assert r.body == f.read()
    cd = r.header("Content-Disposition")
    assert cd.startswith("inline;")
    assert "filename*=UTF-8''Strategisk%20n%C3%A6ringsplan.pdf" in cd


def test_unknown_path_gives_themed_404_with_menu(site):
    for path in ("/finnes-ikke", "/naeringsnettverket/finnes-ikke",
                 "/a.php", "/naeringsnettverket/dokumenter/nei.pdf"):
        r = site.get(path)
        assert r.status == 404, path
        assert r.header("Content-Type") == "text/html; charset=utf-8"
        assert "<h1>Siden finnes ikke</h1>" in r.text
        assert '<nav class="main-menu"' in r.text
        assert '<html lang="nb">' in r.text


def test_head_matches_get(site):
    g = site.get("/naeringsnettverket")
    h = site.request("HEAD", "/naeringsnettverket")
    assert h.status == 200
    assert h.body == b""
    assert h.header("Content-Length") == str(len(g.body))
    assert h.header("Content-Type") == g.header("Content-Type")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_get_405_with_allow(site, method):
    r = site.request(method, "/naeringsnettverket", body=b"x")
    assert r.status == 405
    allow = r.header("Allow")
    assert allow and "GET" in allow and "HEAD" in allow


def test_format_xml_is_what_the_templates_see(site):
    r = site.get("/naeringsnettverket?format=xml")
    assert r.status == 200
    assert r.header("Content-Type") == "application/xml; charset=utf-8"
    root = ET.fromstring(r.body)
    assert root.tag == "naering" and root.get("view") == "page"
    assert root.find("site").get("name") == "Knutepunkt Sørlandet"
    page = root.find("page")
    assert page.findtext("title") == "Næringsnettverket"
    assert page.find("body/div/h2").text == "Utviklingsprogram for byregioner"
    assert page.findtext("contact/email") == \
        "lukas.wedemeyer@kristiansand.kommune.no"
    docs = page.find("documents")
    assert docs.get("count") == "1"
    doc = docs.find("document")
    assert doc.get("mime") == "application/pdf"
    assert int(doc.get("size")) == os.path.getsize(DEMO_PDF)
    assert doc.get("filename") == "Strategisk næringsplan.pdf"
    # The public XML never names a login (issue 12): the site does.
    assert page.find("updated").get("by") == "Knutepunkt Sørlandet"
    assert b"redaktor" not in r.body
    current = root.findall(".//menu//item[@current='true']")
    assert [i.findtext("title") for i in current] == ["Næringsnettverket"]
    assert [c.text for c in root.find("breadcrumbs")] == \
        ["Knutepunkt Sørlandet", "Næringsnettverket"]
    assert root.find("editor").get("url") == "/redigering/naeringsnettverket"


def test_canonical_redirects(site):
    for path, target in (("/naeringsnettverket/", "/naeringsnettverket"),
                         ("/Naeringsnettverket", "/naeringsnettverket"),
                         ("//om-knutepunkt-sorlandet//styret",
                          "/om-knutepunkt-sorlandet/styret")):
        r = site.get(path)
        assert r.status == 301, path
        assert r.header("Location") == site.url(target)


def test_security_headers_on_every_response(site):
    for path in ("/", "/finnes-ikke", "/ressurser/naering.css",
                 "/naeringsnettverket?format=xml"):
        r = site.get(path)
        csp = r.header("Content-Security-Policy") or ""
        assert "frame-ancestors" in csp and "unsafe-inline" not in csp, path
        assert r.header("X-Content-Type-Options") == "nosniff", path
        assert r.header("Referrer-Policy"), path


def test_stylesheet_is_served(site):
    r = site.get("/ressurser/naering.css")
    assert r.status == 200
    assert r.header("Content-Type") == "text/css; charset=utf-8"
    with open(os.path.join(TEMPLATES, "ressurser", "naering.css"), "rb") as f:
        assert r.body == f.read()


def test_editor_path_needs_login(site):
    r = site.get("/redigering/naeringsnettverket")
    assert r.status == 401
    assert "Basic" in r.header("WWW-Authenticate")


def test_no_module_warnings_in_error_log(site):
    site.get("/naeringsnettverket")
    site.get("/finnes-ikke")
    log = site.error_log()
    bad = [l for l in log.splitlines()
           if "[naering:" in l and not "[naering:info]" in l
           and not re.search(r"\[naering:notice\].* naering: mod_naering "
                             r"\d+\.\d+\.\d+ \(schema", l)]
    assert bad == []


# ---- servers of their own ---------------------------------------------------

def test_two_sites_on_one_server(new_server, tmp_path):
    apache = new_server()
    other = os.path.join(apache.rundir, "other.db")
    from conftest import admin
    admin("init", other, "--bare")
    admin("sql", other, write(tmp_path / "o.sql", """
        INSERT INTO page (id, parent_id, slug, path, position, created_at)
          VALUES (2, 1, 'om-oss', '/om-oss', 1, 0);
        INSERT INTO revision (id, page_id, created_at, author, title, body)
          VALUES (2, 2, 0, 'test', 'Om oss i Vennesla', '<p>Andre nettsted.</p>');
        UPDATE page SET revision_id = 2 WHERE id = 2;"""))
    apache.add_conf("other", """
<Location "/vennesla">
    SetHandler naering
    NaeringDatabase "%s"
    NaeringSiteName "Vennesla næringsforum"
</Location>
""" % other)
    apache.start()
    a = apache.get("/vennesla/om-oss")
    assert a.status == 200
    assert "<h1>Om oss i Vennesla</h1>" in a.text
    assert '<a class="site-name" href="/vennesla/">Vennesla næringsforum</a>' \
        in a.text
    assert apache.get("/vennesla/naeringsnettverket").status == 404
    assert apache.get("/om-oss").status == 404
    b = apache.get("/naeringsnettverket")
    assert b.status == 200 and "Knutepunkt Sørlandet" in b.text
    # A prefix that only looks like the mount point is not the site.
    assert apache.get("/venneslaxyz").status == 404


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def broken_site(apache, name, db):
    apache.add_conf(name, """
<Location "/%s">
    SetHandler naering
    NaeringDatabase "%s"
</Location>
""" % (name, db))


def test_broken_databases_answer_with_clear_errors(new_server):
    apache = new_server()
    corrupt = os.path.join(apache.rundir, "corrupt.db")
    with open(corrupt, "wb") as f:
        f.write(b"this is not a database at all" * 200)
    newer = os.path.join(apache.rundir, "newer.db")
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 999")
    con.close()
    broken_site(apache, "mangler", "/finnes/ikke/site.db")
    broken_site(apache, "korrupt", corrupt)
    broken_site(apache, "nyere", newer)
    apache.start()

    r = apache.get("/mangler/")
    assert r.status == 503
    assert "Midlertidig utilgjengelig" in r.text
    r = apache.get("/korrupt/")
    assert r.status == 500
    assert "Noe gikk galt" in r.text
    r = apache.get("/nyere/")
    assert r.status == 503
    # The demo site on the same server is not affected.
    assert apache.get("/naeringsnettverket").status == 200
    log = apache.error_log()
    assert "/finnes/ikke/site.db: cannot open" in log
    assert "corrupt.db: not a SQLite database or corrupt" in log
    assert "schema version 999 is newer" in log
    assert "exit signal" not in log


def test_missing_database_is_not_created(new_server):
    """A file that is not there is an error, not an empty new site: it may
    have been moved away, and an empty site in its place loses content."""
    apache = new_server()
    missing = os.path.join(apache.rundir, "tom", "site.db")
    os.makedirs(os.path.dirname(missing))
    broken_site(apache, "ny", missing)
    apache.start()
    r = apache.get("/ny/")
    assert r.status == 503 and "Midlertidig utilgjengelig" in r.text
    assert not os.path.exists(missing)
    assert "naering-admin init creates it" in apache.error_log()


def test_old_database_is_migrated(new_server):
    apache = new_server()
    old = os.path.join(apache.rundir, "old", "site.db")
    os.makedirs(os.path.dirname(old))
    con = sqlite3.connect(old)
    with open(os.path.join(SRCDIR, "sql", "001_initial.sql"),
              encoding="utf-8") as f:
        con.executescript(f.read())
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    broken_site(apache, "gammel", old)
    apache.start()
    r = apache.get("/gammel/")
    assert r.status == 200
    assert "<h1>Forside</h1>" in r.text
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] >= 3
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name IN "
                       "('search', 'path_history', 'document_event')"
                       ).fetchone()[0] == 3
    con.close()


def test_editor_without_auth_block_is_refused(new_server):
    apache = new_server()
    apache.add_conf("open", """
<Location "/aapen">
    SetHandler naering
    NaeringDatabase "%s"
</Location>
""" % apache.db)
    apache.start()
    r = apache.get("/aapen/redigering/naeringsnettverket")
    assert r.status == 403
    assert "Ingen tilgang" in r.text
    assert "editor request without an authenticated user" in apache.error_log()


def test_broken_templates_stop_the_start_with_a_message(new_server, tmp_path):
    apache = new_server()
    bad = tmp_path / "xslt"
    bad.mkdir()
    (bad / "nb.xml").write_text("<strings><s key='a'>A</s></strings>", "utf-8")
    (bad / "site.xsl").write_text("<xsl:stylesheet this is broken", "utf-8")
    apache.write_conf(apache.db, templates=str(bad))
    assert apache.start(expect_failure=True) != 0
    assert "cannot compile the stylesheet" in apache.error_log()


def test_broken_string_table_stops_the_start_with_a_message(new_server,
                                                            tmp_path):
    apache = new_server()
    bad = tmp_path / "xslt"
    shutil.copytree(TEMPLATES, bad)
    (bad / "nb.xml").write_text(
        "<strings>\n<s key='a'>A</s>\n<s key='a'>B</s>\n</strings>", "utf-8")
    apache.write_conf(apache.db, templates=str(bad))
    assert apache.start(expect_failure=True) != 0
    log = apache.error_log()
    assert "nb.xml: line 3: a key given twice" in log
