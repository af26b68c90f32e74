"""Languages and the accessibility the law asks for (issue 16): a page in
nynorsk or English is that language down to its dates and the texts
around it, translations point to each other, a marked passage keeps its
language, the footer can point at the statement in uustatus, editors are
warned at save time, and the editor's own pages are named and marked for
assistive technology."""
import re
import urllib.parse
import zlib

import pytest

from conftest import admin, db_rows, serving
from editor_client import Editor, field

UUSTATUS = "https://uustatus.no/nb/erklaringer/publisert/9f1c-knutepunkt"

RESTRICTED = """
<Location "/redigering/samferdsel">
    Require user redaktor
</Location>
"""


@pytest.fixture(scope="module")
def lsite(demo_template_db):
    yield from serving(demo_template_db, [("rights", RESTRICTED)])


@pytest.fixture(scope="module")
def red(lsite):
    return Editor(lsite, "redaktor")


def html_lang(text):
    m = re.search(r'<html lang="([^"]*)"', text)
    assert m, text[:300]
    return m.group(1)


def updated_line(text):
    m = re.search(r'<p class="updated">(.*?)</p>', text, re.S)
    assert m, text[-2000:]
    return re.sub(r"<[^>]+>", "", m.group(1)).strip()


def new_page(ed, parent, slug, title, body="<p>Tekst.</p>", **more):
    data = {"csrf": ed.csrf(parent), "handling": "opprett", "slug": slug,
            "title": title, "body": body, "status": "publisert"}
    data.update(more)
    r = ed.post(parent, data)
    assert r.status == 303, (r.status, r.text[:500])
    return (parent.rstrip("/") + "/" + slug) if parent != "/" else "/" + slug


# ---- a page's language -------------------------------------------------------

def test_a_nynorsk_page_is_nynorsk_down_to_its_dates(lsite, red):
    path = new_page(red, "/", "nynorsk-side", "Om regionen", sprak="nn",
                    body="<p>Eg bur i Agder.</p>")
    page = lsite.get(path).text
    assert html_lang(page) == "nn"
    assert "Hopp til hovudinnhaldet" in page         # the skip link
    assert 'placeholder="Søk på nettstaden"' in page
    assert "Framside" in page                         # the main menu
    line = updated_line(page)
    assert line.startswith("Sist oppdatert "), line
    month = re.search(r"\d{1,2}\. (\w+) \d{4}", line).group(1)
    assert month in ("januar", "februar", "mars", "april", "mai", "juni",
                     "juli", "august", "september", "oktober", "november",
                     "desember")
    assert 'content="nn_NO"' in page
    # month names are the same in bokmål and nynorsk; weekdays are not: a
    # nynorsk meeting on a Tuesday says "tysdag", from nn.xml
    meeting = new_page(red, "/moter", "nynorsk-mote", "Møte på nynorsk",
                       sprak="nn", starts="2026-02-03T09:00",
                       ends="2026-02-03T11:00")
    shown = lsite.get(meeting).text
    assert html_lang(shown) == "nn"
    assert "tysdag 3. februar 2026" in shown, shown[-3000:]
    assert "tirsdag" not in shown
    # the other pages stay bokmål
    assert html_lang(lsite.get("/kontakt-oss").text) == "nb"
    assert "Hopp til hovedinnholdet" in lsite.get("/kontakt-oss").text


def test_an_english_page_is_english_with_english_dates(lsite, red):
    path = new_page(red, "/", "about-the-region", "About the region", sprak="en",
                    body="<p>We are in Agder.</p>")
    page = lsite.get(path).text
    assert html_lang(page) == "en"
    assert "Skip to main content" in page
    assert "Sign in to edit" in page
    line = updated_line(page)
    assert re.fullmatch(r"Last updated \d{1,2} (January|February|March|April|"
                        r"May|June|July|August|September|October|November|"
                        r"December) \d{4}", line), line
    assert 'content="en_GB"' in page
    # search finds it by its own words, and the hit is read out in English
    hits = lsite.get("/sok?q=agder").text
    m = re.search(r'<li lang="en">\s*<h2><a href="/about-the-region">About the region'
                  r'</a></h2>', hits)
    assert m, hits[-3000:]


def test_the_language_has_a_history_and_an_older_form_keeps_it(lsite, red):
    path = new_page(red, "/", "sprakhistorie", "Språkhistorie", sprak="en")
    # A save from a form without the language field leaves it as it is.
    assert red.save(path, body="<p>Now longer.</p>").status == 303
    assert html_lang(lsite.get(path).text) == "en"
    assert red.save(path, sprak="standard").status == 303
    assert html_lang(lsite.get(path).text) == "nb"
    langs = [r[0] for r in db_rows(
        lsite, "SELECT r.lang FROM revision r JOIN page p ON p.id = r.page_id"
        " WHERE p.path = ? ORDER BY r.id", (path,))]
    assert langs == ["en", "en", ""]
    # The edit form shows the choice.
    form = red.get(path).text
    assert re.search(r'<option value="standard">', form)
    assert not re.search(r'<option value="en" selected', form)


def test_a_language_that_is_not_offered_is_refused(lsite, red):
    path = "/kontakt-oss"
    before = db_rows(lsite, "SELECT revision_id FROM page WHERE path = ?",
                     (path,))
    r = red.save(path, sprak="de")
    assert r.status == 400
    assert db_rows(lsite, "SELECT revision_id FROM page WHERE path = ?",
                   (path,)) == before


# ---- translations ---------------------------------------------------------------

def test_translations_point_to_each_other(lsite, red):
    nb = new_page(red, "/", "om-oss", "Om oss", body="<p>Norsk.</p>")
    en = new_page(red, "/", "about-us", "About us", sprak="en",
                  body="<p>English.</p>")
    nn = new_page(red, "/", "om-oss-nn", "Om oss", sprak="nn",
                  body="<p>Nynorsk.</p>")
    r = red.post(nb, {"csrf": red.csrf(nb), "handling": "koble-oversettelse",
                      "oversettelse": en})
    assert r.status == 303 and "oversettelse-koblet" in r.headers["Location"]
    # a pasted address with the mount point and a slash works too
    r = red.post(en, {"csrf": red.csrf(en), "handling": "koble-oversettelse",
                      "oversettelse": lsite.url(nn) + "/"})
    assert r.status == 303, r.status
    for path in (nb, en, nn):
        page = lsite.get(path).text
        links = dict(re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page))
        assert set(links) == {"nb", "en", "nn"}, (path, links)
        assert links["en"].endswith("/about-us")
        assert links["nb"].endswith("/om-oss")
        switch = re.search(r'<nav class="languages[^"]*"[^>]*>(.*?)</nav>',
                           page, re.S).group(1)
        # each link in its own language, never to the page itself
        assert ('hreflang="en" lang="en">English</a>' in switch) == (path != en)
        assert ('lang="nn">Nynorsk</a>' in switch) == (path != nn)
        assert 'href="%s"' % path not in switch
    # The editor lists them and takes one out again, by the form it shows.
    form = red.get(nb).text
    m = re.search(r'<form [^>]*aria-label="Fjern koblingen: About us '
                  r'\(Engelsk\)">.*?name="id" value="(\d+)"', form, re.S)
    assert m, form[-4000:]
    r = red.post(nb, {"csrf": red.csrf(nb), "handling": "fjern-oversettelse",
                      "id": m.group(1)})
    assert r.status == 303, r.status
    page = lsite.get(en).text
    assert 'hreflang' not in page
    assert 'hreflang="nn"' in lsite.get(nb).text


def link(ed, a, b):
    return ed.post(a, {"csrf": ed.csrf(a), "handling": "koble-oversettelse",
                       "oversettelse": b})


def unlink(ed, a, b, lsite):
    pid = db_rows(lsite, "SELECT id FROM page WHERE path = ?", (b,))[0][0]
    return ed.post(a, {"csrf": ed.csrf(a), "handling": "fjern-oversettelse",
                       "id": pid})


def alternates(lsite, path):
    return sorted(re.findall(r'<link rel="alternate" hreflang="[^"]+" '
                             r'href="[^"]*?(/[^"/]*)"', lsite.get(path).text))


def test_a_group_left_behind_is_not_joined_by_a_new_pair(lsite, red):
    a = new_page(red, "/", "gruppe-a", "A")
    b = new_page(red, "/", "group-b", "B", sprak="en")
    d = new_page(red, "/", "gruppe-d", "D", sprak="nn")
    c = new_page(red, "/", "group-c", "C", sprak="en")
    assert link(red, a, b).status == 303
    assert link(red, b, d).status == 303
    assert unlink(red, a, a, lsite).status == 303
    assert alternates(lsite, b) == ["/group-b", "/gruppe-d"]
    assert link(red, a, c).status == 303
    # C is with A only; B and D are as they were
    assert alternates(lsite, c) == ["/group-c", "/gruppe-a"]
    assert alternates(lsite, b) == ["/group-b", "/gruppe-d"]


def test_two_pages_of_one_language_are_not_linked(lsite, red):
    a = new_page(red, "/", "sprak-en-1", "One", sprak="en")
    b = new_page(red, "/", "sprak-en-2", "Two", sprak="en")
    r = link(red, a, b)
    assert r.status == 303 and "oversettelse-samme-sprak" in \
        r.headers["Location"]
    assert alternates(lsite, a) == []


def test_a_page_saved_in_a_language_its_group_has_leaves_the_group(
        lsite, red):
    """hreflang names one page per language: a page of a group saved in
    the language of another page there is saved, and taken out of the
    group, with a notice that says so; so is a restore of an older text
    in such a language."""
    nb = new_page(red, "/", "reise-nb", "Reise")
    en = new_page(red, "/", "travel-en", "Travel", sprak="en")
    nn = new_page(red, "/", "reise-nn", "Reise på nynorsk", sprak="nn")
    assert link(red, nb, en).status == 303
    assert link(red, nb, nn).status == 303
    r = red.save(nn, sprak="en", body="<p>Now in English.</p>")
    assert r.status == 303
    assert "oversettelse-forlatt" in r.headers["Location"]
    assert "Now in English." in lsite.get(nn).text
    assert html_lang(lsite.get(nn).text) == "en"
    assert alternates(lsite, nn) == []
    assert alternates(lsite, nb) == ["/reise-nb", "/travel-en"]
    # a save that keeps the language keeps the group
    r = red.save(en, body="<p>Still English.</p>")
    assert r.status == 303 and "oversettelse-forlatt" not in \
        r.headers["Location"]
    assert alternates(lsite, en) == ["/reise-nb", "/travel-en"]
    # restored to its nynorsk text, it may join again
    (first,), = db_rows(lsite, "SELECT min(r.id) FROM revision r JOIN page"
                        " p ON p.id = r.page_id WHERE p.path = ?", (nn,))
    r = red.post(nn, {"csrf": red.csrf(nn), "handling": "gjenopprett",
                      "restore": first})
    assert r.status == 303 and "oversettelse-forlatt" not in \
        r.headers["Location"]
    assert html_lang(lsite.get(nn).text) == "nn"
    assert link(red, nn, en).status == 303
    # and a restore of a text in a language the group has takes it out
    (english,), = db_rows(lsite, "SELECT max(r.id) FROM revision r JOIN"
                          " page p ON p.id = r.page_id WHERE p.path = ?"
                          " AND r.lang = 'en'", (nn,))
    r = red.post(nn, {"csrf": red.csrf(nn), "handling": "gjenopprett",
                      "restore": english})
    assert r.status == 303 and "oversettelse-forlatt" in r.headers["Location"]
    assert alternates(lsite, nn) == []
    assert alternates(lsite, en) == ["/reise-nb", "/travel-en"]


def test_a_translation_link_to_nothing_changes_nothing(lsite, red):
    r = red.post("/kontakt-oss", {"csrf": red.csrf("/kontakt-oss"),
                                  "handling": "koble-oversettelse",
                                  "oversettelse": "/finnes-ikke"})
    assert r.status == 303 and "oversettelse-ukjent" in r.headers["Location"]
    page = red.get("/kontakt-oss", "melding=oversettelse-ukjent").text
    assert "Fant ingen annen side på den adressen" in page
    assert db_rows(lsite, "SELECT count(*) FROM translation t JOIN page p"
                   " ON p.id = t.page_id WHERE p.path = '/kontakt-oss'") \
        == [(0,)]


def test_no_translation_link_to_a_page_apache_keeps_from_the_editor(lsite):
    annen = Editor(lsite, "annen")
    r = annen.post("/kontakt-oss", {"csrf": annen.csrf("/kontakt-oss"),
                                    "handling": "koble-oversettelse",
                                    "oversettelse": "/samferdsel"})
    assert r.status == 403
    assert "Samferdsel" in r.text
    assert db_rows(lsite, "SELECT count(*) FROM translation t JOIN page p"
                   " ON p.id = t.page_id WHERE p.path IN"
                   " ('/kontakt-oss', '/samferdsel')") == [(0,)]


def test_no_translation_link_that_changes_a_page_apache_keeps_from_the_editor(
        lsite, red):
    # samferdsel is linked with a page anyone may edit; annen may edit
    # neither group as a whole, so may neither join nor leave it
    en = new_page(red, "/", "transport", "Transport", sprak="en")
    assert link(red, "/samferdsel", en).status == 303
    annen = Editor(lsite, "annen")
    other = new_page(annen, "/", "transport-nn", "Samferdsel", sprak="nn")
    assert link(annen, other, en).status == 403
    assert unlink(annen, en, en, lsite).status == 403
    assert alternates(lsite, en) == ["/samferdsel", "/transport"]


def test_translations_survive_export_and_import(lsite, red, tmp_path):
    a = new_page(red, "/", "eksport-nb", "Eksport")
    b = new_page(red, "/", "export-en", "Export", sprak="en")
    assert link(red, a, b).status == 303
    exp = lsite.rundir + "/eksport"     # naering-admin works as www-data
    admin("export", lsite.db, exp)
    new = str(tmp_path / "ny.db")
    admin("init", new)
    admin("import", exp, new)
    import sqlite3
    rows = sqlite3.connect(new).execute(
        "SELECT p.path, r.lang FROM translation t JOIN page p"
        " ON p.id = t.page_id JOIN revision r ON r.id = p.revision_id"
        " WHERE p.path IN ('/eksport-nb', '/export-en') ORDER BY p.path"
    ).fetchall()
    assert rows == [("/eksport-nb", ""), ("/export-en", "en")]


# ---- marked passages ---------------------------------------------------------------

def test_a_marked_passage_keeps_its_language(lsite, red):
    body = ('<p>Ordet <span lang="EN-GB">stakeholder</span> og '
            '<span lang="se">Bures boahtin</span>, men ikke '
            '<span lang="NO-BOK">dette</span> eller '
            '<span lang="tull tøys">dette</span>.</p>')
    assert red.save("/kontakt-oss", body=body).status == 303
    page = lsite.get("/kontakt-oss").text
    assert '<span lang="en-GB">stakeholder</span>' in page
    assert '<span lang="se">Bures boahtin</span>' in page
    assert "NO-BOK" not in page and "tøys" not in page
    assert "men ikke dette eller dette." in page


# ---- the accessibility statement ---------------------------------------------------

def test_the_statement_url_changes_every_footer(new_server):
    apache = new_server()
    apache.add_conf("statement", "NaeringStatementURL %s\n" % UUSTATUS)
    apache.start()
    for path in ("/", "/kontakt-oss", "/sok?q=region", "/finnes-ikke"):
        r = apache.get(path)
        foot = re.search(r'<footer class="site-footer">.*?</footer>', r.text,
                         re.S).group(0)
        assert ('<a href="%s">Tilgjengelighetserklæring</a>' % UUSTATUS) \
            in foot, (path, foot)
        assert 'href="/tilgjengelighet"' not in foot


def test_without_the_directive_the_local_statement_has_the_feedback_route(
        lsite):
    foot = re.search(r'<footer class="site-footer">.*?</footer>',
                     lsite.get("/").text, re.S).group(0)
    assert 'href="/tilgjengelighet">Tilgjengelighetserklæring</a>' in foot
    page = lsite.get("/tilgjengelighet").text
    m = re.search(r'<p class="statement-feedback">(.*?)</p>', page, re.S)
    assert m and "mailto:" in m.group(1), page[-3000:]


@pytest.mark.parametrize("value", ["http://uustatus.no/x", "uustatus.no",
                                   "https://", "https://a b"])
def test_a_statement_url_that_is_not_https_stops_the_start(new_server, value):
    apache = new_server()
    apache.add_conf("statement", "NaeringStatementURL \"%s\"\n" % value)
    assert apache.start(expect_failure=True) != 0
    assert "NaeringStatementURL" in apache.proc.stdout.read().decode()


def test_the_site_language_directive(new_server):
    apache = new_server()
    apache.add_conf("lang", "NaeringLanguage nn\n")
    apache.start()
    page = apache.get("/kontakt-oss").text
    assert html_lang(page) == "nn" and "Hopp til hovudinnhaldet" in page
    assert html_lang(apache.get("/finnes-ikke").text) == "nn"


def test_a_wrong_site_language_stops_the_start(new_server):
    apache = new_server()
    apache.add_conf("lang", "NaeringLanguage se\n")
    assert apache.start(expect_failure=True) != 0


# ---- checks at save time -------------------------------------------------------------

def test_a_save_warns_beside_the_text_and_still_saves(lsite, red):
    body = ("<h2>Tilbud</h2><h4>Detaljer</h4>"
            '<p>Les om tilbudet <a href="/samferdsel">her</a>.</p>'
            "<table><tr><td>a</td><td>b</td></tr></table>")
    r = red.save("/om-knutepunkt-sorlandet", body=body)
    assert r.status == 303
    assert "<h4>Detaljer</h4>" in lsite.get("/om-knutepunkt-sorlandet").text
    form = red.get("/om-knutepunkt-sorlandet", "melding=lagret").text
    m = re.search(r'<section class="a11y-warnings".*?</section>', form, re.S)
    assert m, form[:3000]
    warn = m.group(0)
    assert "hopper over et nivå" in warn
    assert "Lenketeksten sier ikke hvor lenken går" in warn
    assert "«her»" in warn
    assert "ingen overskriftsceller" in warn
    assert "https://www.w3.org/WAI/WCAG21/quickref/#link-purpose-in-context" \
        in warn
    # The site report lists the page, counted by kind.
    report = red.get("/", "vis=tilgjengelighet").text
    assert 'aria-current="page"' in report
    assert "/om-knutepunkt-sorlandet" in report
    # Fixed: the warnings go.
    r = red.save("/om-knutepunkt-sorlandet",
                 body="<h2>Tilbud</h2><h3>Detaljer</h3><p>Tekst.</p>")
    assert r.status == 303
    form = red.get("/om-knutepunkt-sorlandet").text
    assert 'class="a11y-warnings"' not in form


# ---- the editor's own pages ------------------------------------------------------------

def test_the_parent_picker_shows_titles_drafts_and_searches(lsite, red):
    draft = new_page(red, "/", "utkastside", "Et utkast til forelder",
                     status="utkast")
    form = red.get("/om-knutepunkt-sorlandet").text
    select = re.search(r'<select id="f-parent".*?</select>', form, re.S)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                         select.group(0))
    paths = [p for p, _ in options]
    assert "/" in paths and "/kontakt-oss" in paths and draft in paths
    # the page itself and its subtree are not places it can go
    assert "/om-knutepunkt-sorlandet" not in paths
    assert "/om-knutepunkt-sorlandet/styret" not in paths
    labels = dict(options)
    assert labels["/kontakt-oss"].strip().startswith("Kontakt")
    assert "(utkast)" in labels[draft]
    # search finds a page below the top level by its title
    found = red.get("/kontakt-oss", "forelder=" + urllib.parse.quote("styret")
                    ).text
    select = re.search(r'<select id="f-parent".*?</select>', found, re.S)
    assert 'value="/om-knutepunkt-sorlandet/styret"' in select.group(0)
    assert field(found, "forelder") == "styret"
    assert len(form.encode()) < 100_000
    # indented by depth with no-break spaces (a browser keeps those)
    labels = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                             select.group(0)))
    assert labels["/om-knutepunkt-sorlandet/styret"].startswith("\u00a0" * 3)


def test_the_parent_is_offered_on_a_site_with_many_top_level_pages(lsite):
    script = "".join(
        "INSERT INTO page (parent_id, slug, path, position, status,"
        " created_at) VALUES (1, 'a-%03d', '/a-%03d', %d, 'published', 0);"
        "INSERT INTO revision (page_id, created_at, author, title)"
        " VALUES (last_insert_rowid(), 0, 'test', 'A %03d');"
        "UPDATE page SET revision_id = last_insert_rowid()"
        " WHERE path = '/a-%03d';" % (i, i, 100 + i, i, i) for i in range(120))
    path = lsite.rundir + "/mange.sql"
    with open(path, "w") as f:
        f.write(script)
    assert admin("sql", lsite.db, path).returncode == 0
    form = Editor(lsite, "redaktor").get("/om-knutepunkt-sorlandet/styret").text
    select = re.search(r'<select id="f-parent".*?</select>', form, re.S).group(0)
    assert re.search(r'<option value="/om-knutepunkt-sorlandet" '
                     r'selected>', select), select[-2000:]
    assert len(re.findall(r"<option ", select)) <= 102


def test_editor_forms_landmarks_and_the_bar(lsite, red):
    form = red.get("/om-knutepunkt-sorlandet").text
    names = re.findall(r'<form [^>]*aria-label="([^"]+)"', form)
    assert len(names) == len(set(names)) and len(names) >= 5, names
    for want in ("Flytt siden", "Endre rekkefølgen", "Slett siden"):
        assert want in names
    bar = re.search(r'<nav class="editor-bar".*?</nav>', form, re.S).group(0)
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', bar)
    assert len(current) == 1 and current[0].endswith("/om-knutepunkt-sorlandet")
    hist = red.get("/om-knutepunkt-sorlandet", "vis=historikk").text
    bar = re.search(r'<nav class="editor-bar".*?</nav>', hist, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', bar)[0] \
        .endswith("vis=historikk")
    # the skip link is inside the header landmark
    header = re.search(r"<header[^>]*>.*?</header>", lsite.get("/").text,
                       re.S).group(0)
    assert 'class="skip"' in header


def test_favicon(lsite):
    r = lsite.get("/favicon.ico")
    assert r.status == 200
    assert r.headers["Content-Type"] == "image/x-icon"
    assert r.body[:4] == b"\x00\x00\x01\x00"
    assert '<link rel="icon" href="/ressurser/favicon.ico"' in \
        lsite.get("/").text


@pytest.mark.parametrize("pasted", [
    "{url}?x=1", "{url}#avsnitt", "/redigering{path}",
    "{site}/redigering{path}?vis=historikk", "{path}/", "pasted-{path}"])
def test_a_pasted_address_of_a_page_or_its_editor_finds_it(lsite, red,
                                                            pasted):
    a = new_page(red, "/", "limt-%d" % (zlib.crc32(pasted.encode())), "Limt")
    b = new_page(red, "/", "pasted-%d" % (zlib.crc32(pasted.encode())),
                 "Pasted", sprak="en")
    typed = pasted.format(url=lsite.url(b), path=b, site=lsite.url(""))
    if typed.startswith("pasted-"):
        typed = typed[len("pasted-/"):]         # no leading slash at all
    r = link(red, a, typed)
    assert r.status == 303 and "oversettelse-koblet" in r.header("Location"), \
        (typed, r.header("Location"))
    assert alternates(lsite, a) == sorted([a, b])
