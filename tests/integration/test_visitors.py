"""The public side over real HTTP: documents with validators and ranges,
search, feeds, sitemap, caching, canonical URLs, moved pages, headers."""
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import DEMO_PDF, admin

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DOC = "/naeringsnettverket/dokumenter/Strategisk%20n%C3%A6ringsplan.pdf"


def pdf_bytes():
    with open(DEMO_PDF, "rb") as f:
        return f.read()


def xmllint_ok(body):
    r = subprocess.run(["xmllint", "--noout", "-"], input=body,
                       capture_output=True)
    assert r.returncode == 0, r.stderr.decode()


def sql(apache, tmp_path, text, name="x.sql"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    admin("sql", apache.db, str(f))


# ---- documents --------------------------------------------------------------

def test_document_validators_give_304(site):
    r = site.get(DOC)
    etag, lm = r.header("ETag"), r.header("Last-Modified")
    assert r.status == 200 and etag and lm
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("Accept-Ranges") == "bytes"
    assert site.get(DOC, {"If-None-Match": etag}).status == 304
    assert site.get(DOC, {"If-Modified-Since": lm}).status == 304


def test_document_single_range(site):
    r = site.get(DOC, {"Range": "bytes=0-99"})
    assert r.status == 206
    assert r.body == pdf_bytes()[:100]
    assert r.header("Content-Range") == "bytes 0-99/%d" % len(pdf_bytes())


def test_document_suffix_and_multiple_ranges(site):
    data = pdf_bytes()
    r = site.get(DOC, {"Range": "bytes=-10"})
    assert r.status == 206 and r.body == data[-10:]
    r = site.get(DOC, {"Range": "bytes=0-9,20-29"})
    assert r.status == 206
    assert r.header("Content-Type").startswith("multipart/byteranges")
    assert data[0:10] in r.body and data[20:30] in r.body


def test_document_unsatisfiable_range_is_416(site):
    r = site.get(DOC, {"Range": "bytes=999999-"})
    assert r.status == 416
    assert pdf_bytes()[:20] not in r.body


def test_document_content_disposition_keeps_aeoeaa(site):
    cd = site.get(DOC).header("Content-Disposition")
    assert cd.startswith("inline;")
    assert 'filename="Strategisk n__ringsplan.pdf"' in cd
    assert "filename*=UTF-8''Strategisk%20n%C3%A6ringsplan.pdf" in cd


def test_non_pdf_document_is_an_attachment(new_server, tmp_path):
    apache = new_server()
    f = tmp_path / "Årsrapport 2015.txt"
    f.write_text("Årsrapport for næringsnettverket\n", encoding="utf-8")
    admin("attach", apache.db, "/naeringsnettverket", str(f), "Årsrapport 2015")
    apache.start()
    page = apache.get("/naeringsnettverket").text
    assert "Dokumenter (2)" in page
    r = apache.get("/naeringsnettverket/dokumenter/%C3%85rsrapport%202015.txt")
    assert r.status == 200
    assert r.body == f.read_bytes()
    cd = r.header("Content-Disposition")
    assert cd.startswith("attachment;")
    assert "filename*=UTF-8''%C3%85rsrapport%202015.txt" in cd


# ---- page caching -------------------------------------------------------------

def test_page_validators_give_304(site):
    r = site.get("/naeringsnettverket")
    etag, lm = r.header("ETag"), r.header("Last-Modified")
    assert etag and lm
    assert "public" in r.header("Cache-Control")
    r2 = site.get("/naeringsnettverket", {"If-None-Match": etag})
    assert r2.status == 304 and r2.body == b""
    assert site.get("/naeringsnettverket",
                    {"If-Modified-Since": lm}).status == 304
    # The XML of the same page is another representation.
    x = site.get("/naeringsnettverket?format=xml")
    assert x.header("ETag") != etag


def test_any_change_shown_on_a_page_changes_its_etag(new_server, tmp_path):
    apache = new_server()
    apache.start()
    before = apache.get("/naeringsnettverket")
    # Renaming another page changes this page's menu.
    sql(apache, tmp_path, """
        INSERT INTO revision (page_id, created_at, author, title, body)
          SELECT id, 1700000000, 'test', 'Samferdsel og vei', '<p>x</p>'
          FROM page WHERE path = '/samferdsel';
        UPDATE page SET revision_id = last_insert_rowid()
          WHERE path = '/samferdsel';""")
    after = apache.get("/naeringsnettverket",
                       {"If-None-Match": before.header("ETag")})
    assert after.status == 200
    assert "Samferdsel og vei" in after.text
    assert after.header("ETag") != before.header("ETag")


# ---- search -------------------------------------------------------------------

def hits(html):
    return re.findall(r'<li><h2><a href="([^"]+)">([^<]+)</a></h2>', html)


def test_search_prefix_finds_whole_words(site):
    r = site.get("/sok?q=n%C3%A6ringsplan")
    assert r.status == 200
    assert ("/naeringsnettverket", "Næringsnettverket") in hits(r.text)
    prefix = hits(site.get("/sok?q=n%C3%A6rings").text)
    assert ("/naeringsnettverket", "Næringsnettverket") in prefix


def test_search_keeps_aeoeaa_distinct(site):
    assert hits(site.get("/sok?q=n%C3%A6ringsplan").text)
    assert hits(site.get("/sok?q=naeringsplan").text) == []
    assert hits(site.get("/sok?q=N%C3%86RINGSPLAN").text)


def test_search_ranks_title_above_body(site):
    found = hits(site.get("/sok?q=samferdsel").text)
    assert found and found[0] == ("/samferdsel", "Samferdsel")


def test_search_shows_count_and_highlighted_snippets(site):
    html = site.get("/sok?q=Wedemeyer").text
    assert re.search(r'<p class="search-status" role="status">1 treff på', html)
    assert "<mark>Wedemeyer</mark>" in html
    assert 'value="Wedemeyer"' in html


def test_search_text_in_document_titles(site):
    found = hits(site.get("/sok?q=Kristiansandsregionen").text)
    assert ("/naeringsnettverket", "Næringsnettverket") in found


@pytest.mark.parametrize("q", [
    '"', '""', '*', '-', '-næring', 'NEAR', 'NEAR(a b)', 'a AND', 'AND',
    'OR', 'NOT', '(', ')', '(næring', 'næring)', 'title:næring', '^næring',
    'næring*', '"næring', "'", ";--", "%", "\\", "{}", "+", "næring OR plan",
    "\u00ab\u00bb", "\u2013",
])
def test_search_operators_are_plain_text(site, q):
    from urllib.parse import quote
    r = site.get("/sok?q=" + quote(q))
    assert r.status == 200, q
    assert "<h1>Søk</h1>" in r.text


def test_search_empty_and_huge_input(site):
    assert "Skriv ett eller flere ord" in site.get("/sok").text
    assert "Skriv ett eller flere ord" in site.get("/sok?q=").text
    big = "n%C3%A6ring+" * 1000
    r = site.get("/sok?q=" + big)
    assert r.status == 200
    r = site.get("/sok?q=%FF%FE")
    assert r.status == 200 and "Skriv ett eller flere ord" in r.text


def test_search_no_hits_is_friendly(site):
    r = site.get("/sok?q=zzqqxx")
    assert r.status == 200
    assert "Ingen treff på «zzqqxx»" in r.text


def test_search_pages_through_many_hits(new_server, tmp_path):
    apache = new_server()
    rows = []
    for i in range(25):
        pid = 100 + i
        rows.append("""
          INSERT INTO page (id, parent_id, slug, path, position, created_at)
            VALUES (%d, 1, 'tiltak-%d', '/tiltak-%d', %d, 0);
          INSERT INTO revision (id, page_id, created_at, author, title, body)
            VALUES (%d, %d, 0, 't', 'Tiltak %d', '<p>Bredbåndsutbygging %d</p>');
          UPDATE page SET revision_id = %d WHERE id = %d;""" % (
            pid, i, i, 10 + i, pid, pid, i, i, pid, pid))
    sql(apache, tmp_path, "\n".join(rows))
    apache.start()
    p1 = apache.get("/sok?q=bredb%C3%A5nd").text
    assert "25 treff" in p1 and "side 1 av 3" in p1
    assert len(hits(p1)) == 10
    assert 'rel="next"' in p1 and 'rel="prev"' not in p1
    p3 = apache.get("/sok?q=bredb%C3%A5nd&side=3").text
    assert len(hits(p3)) == 5 and 'rel="prev"' in p3
    assert set(hits(p1)).isdisjoint(hits(p3))


def test_search_field_on_every_page(site):
    for path in ("/", "/naeringsnettverket", "/finnes-ikke"):
        html = site.get(path).text
        assert re.search(r'<form class="search" role="search" action="/sok"',
                         html), path


def test_accessibility_statement_is_in_the_footer_not_the_menu(site):
    html = site.get("/").text
    nav = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    assert "Tilgjengelighetserklæring" not in nav
    assert "Samferdsel" in nav
    footer = re.search(r'<footer class="site-footer".*?</footer>', html,
                       re.S).group(0)
    assert 'href="/tilgjengelighet"' in footer
    assert site.get("/tilgjengelighet").status == 200


# ---- feed, sitemap, head ------------------------------------------------------

def test_atom_feed(site):
    r = site.get("/feed.atom")
    assert r.status == 200
    assert r.header("Content-Type") == "application/atom+xml; charset=utf-8"
    xmllint_ok(r.body)
    feed = ET.fromstring(r.body)
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert feed.find(ATOM + name).text, name
    assert feed.find(ATOM + "link[@rel='self']").get("href") == \
        site.url("/feed.atom")
    entries = feed.findall(ATOM + "entry")
    assert len(entries) >= 5
    titles = [e.find(ATOM + "title").text for e in entries]
    assert "Næringsnettverket" in titles
    for e in entries:
        assert e.find(ATOM + "id").text
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$",
                        e.find(ATOM + "updated").text)
        assert e.find(ATOM + "link").get("href").startswith(site.url("/"))


def test_sitemap(site):
    r = site.get("/sitemap.xml")
    assert r.status == 200
    assert r.header("Content-Type") == "application/xml; charset=utf-8"
    xmllint_ok(r.body)
    root = ET.fromstring(r.body)
    assert root.tag == SM + "urlset"
    locs = [u.find(SM + "loc").text for u in root.findall(SM + "url")]
    assert site.url("/") in locs
    assert site.url("/naeringsnettverket") in locs
    assert site.url("/om-knutepunkt-sorlandet/styret") in locs
    assert all(u.find(SM + "lastmod").text for u in root.findall(SM + "url"))


def test_page_head_has_feed_canonical_and_open_graph(site):
    html = site.get("/naeringsnettverket").text
    assert '<link rel="alternate" type="application/atom+xml" href="/feed.atom"' in html
    assert '<link rel="canonical" href="%s">' % site.url("/naeringsnettverket") in html
    assert '<meta property="og:title" content="Næringsnettverket">' in html
    assert '<meta name="description" content="' in html
    assert '<meta property="og:description" content="' in html


def test_drafts_are_hidden_everywhere(new_server, tmp_path):
    apache = new_server()
    sql(apache, tmp_path, """
        INSERT INTO page (id, parent_id, slug, path, position, status, created_at)
          VALUES (90, 1, 'hemmelig', '/hemmelig', 99, 'draft', 0);
        INSERT INTO revision (id, page_id, created_at, author, title, body)
          VALUES (90, 90, 0, 't', 'Hemmelig utkast', '<p>Kladdetekst</p>');
        UPDATE page SET revision_id = 90 WHERE id = 90;""")
    apache.start()
    assert apache.get("/hemmelig").status == 404
    assert "Hemmelig utkast" not in apache.get("/").text
    assert "hemmelig" not in apache.get("/sitemap.xml").text
    assert "Hemmelig" not in apache.get("/feed.atom").text
    assert hits(apache.get("/sok?q=Kladdetekst").text) == []


# ---- canonical URLs and moves -------------------------------------------------

def test_percent_encoded_aeoeaa_and_case(new_server, tmp_path):
    apache = new_server()
    sql(apache, tmp_path, """
        INSERT INTO page (id, parent_id, slug, path, position, created_at)
          VALUES (80, 1, 'næringsliv', '/næringsliv', 50, 0);
        INSERT INTO revision (id, page_id, created_at, author, title, body)
          VALUES (80, 80, 0, 't', 'Næringsliv', '<p>Bedrifter</p>');
        UPDATE page SET revision_id = 80 WHERE id = 80;""")
    apache.start()
    r = apache.get("/n%C3%A6ringsliv")
    assert r.status == 200 and "<h1>Næringsliv</h1>" in r.text
    r = apache.get("/N%C3%86RINGSLIV/")
    assert r.status == 301
    assert r.header("Location") == apache.url("/n%c3%a6ringsliv")


def test_moved_page_redirects_from_old_paths(new_server):
    apache = new_server()
    admin("move", apache.db, "/om-knutepunkt-sorlandet/styret",
          "/naeringsnettverket", "styre-og-ledelse")
    admin("move", apache.db, "/naeringsnettverket", "/", "naeringssamarbeid")
    apache.start()
    new = "/naeringssamarbeid/styre-og-ledelse"
    assert apache.get(new).status == 200
    for old in ("/om-knutepunkt-sorlandet/styret",
                "/naeringsnettverket/styre-og-ledelse"):
        r = apache.get(old)
        assert r.status == 301, old
        assert r.header("Location") == apache.url(new)
    r = apache.get("/naeringsnettverket")
    assert r.status == 301
    assert r.header("Location") == apache.url("/naeringssamarbeid")
    # Documents follow their page.
    assert apache.get("/naeringssamarbeid/dokumenter/"
                      "Strategisk%20n%C3%A6ringsplan.pdf").status == 200


def test_move_refuses_bad_targets(new_server):
    apache = new_server()
    r = admin("move", apache.db, "/naeringsnettverket", "/", "samferdsel",
              check=False)
    assert r.returncode == 1 and "already exists" in r.stderr
    r = admin("move", apache.db, "/om-knutepunkt-sorlandet",
              "/om-knutepunkt-sorlandet/styret", "x", check=False)
    assert r.returncode == 1 and "below itself" in r.stderr
    r = admin("move", apache.db, "/", "/samferdsel", "x", check=False)
    assert r.returncode == 1
    r = admin("move", apache.db, "/samferdsel", "/", "sok", check=False)
    assert r.returncode == 1


# ---- headers and presentation -------------------------------------------------

def test_security_headers_on_every_response_type(site):
    etag = site.get("/").header("ETag")
    responses = {
        "page": site.get("/"),
        "304": site.get("/", {"If-None-Match": etag}),
        "404": site.get("/finnes-ikke"),
        "301": site.get("/naeringsnettverket/"),
        "405": site.request("DELETE", "/"),
        "document": site.get(DOC),
        "search": site.get("/sok?q=plan"),
        "feed": site.get("/feed.atom"),
        "sitemap": site.get("/sitemap.xml"),
        "css": site.get("/ressurser/naering.css"),
        "401": site.get("/redigering/"),
    }
    for kind, r in responses.items():
        assert r.header("X-Content-Type-Options") == "nosniff", kind
        csp = r.header("Content-Security-Policy") or ""
        assert "frame-ancestors 'self'" in csp, kind
        assert "'unsafe-inline'" not in csp, kind
        assert r.header("Referrer-Policy") == \
            "strict-origin-when-cross-origin", kind


def test_norwegian_dates_and_skip_link(site):
    html = site.get("/naeringsnettverket").text
    assert re.search(r'Sist oppdatert <time datetime="2015-04-16T[^"]+">'
                     r'16\. april 2015</time>', html)
    assert '<a class="skip" href="#innhold">Hopp til hovedinnholdet</a>' in html
    assert '<main id="innhold"' in html
    css = site.get("/ressurser/naering.css").text
    assert "@media print" in css and "@media (min-width" in css


def test_accessibility_statement_linked_from_every_page(site):
    for path in ("/", "/naeringsnettverket", "/sok?q=plan", "/finnes-ikke"):
        html = site.get(path).text
        assert re.search(r'<footer class="site-footer">.*<a href="/tilgjengelighet">'
                         r'Tilgjengelighetserklæring</a>', html, re.S), path
    page = site.get("/tilgjengelighet")
    assert page.status == 200
    assert "<h1>Tilgjengelighetserklæring</h1>" in page.text
    assert 'href="mailto:post@knutepunkt-sorlandet.no"' in page.text


def test_cache_is_not_poisoned_through_the_host_header(site):
    for _ in range(8):
        r = site.get("/samferdsel", {"Host": "evil.example"})
        assert r.status == 200
    for _ in range(8):
        html = site.get("/samferdsel").text
        assert "evil.example" not in html
        assert '<link rel="canonical" href="%s">' % site.url("/samferdsel") \
            in html


def test_unknown_query_parameters_still_serve_the_page(site):
    plain = site.get("/samferdsel")
    for i in range(5):
        r = site.get("/samferdsel?utm_source=nyhetsbrev&x=%d" % i)
        assert r.status == 200
        assert r.body == plain.body
