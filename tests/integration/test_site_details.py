"""A new site from "naering-admin init" and the site's own details (issue
19): the footer's links lead somewhere, and what the footer says about
the organisation comes from the site's details, which editors of the
front page change in the editor, with history, conflicts and nothing
lost."""
import os
import re
import shutil
import sqlite3
import tempfile

import pytest

from conftest import admin, make_server, serving
from editor_client import Editor, field, textarea

STATEMENT_HEADINGS = ["Samsvarsstatus",
                      "Innhold som ikke er universelt utformet",
                      "Utarbeidelse av erklæringen",
                      "Tilbakemelding og kontakt", "Håndheving"]


def footer(text):
    m = re.search(r'<footer class="site-footer">.*?</footer>', text, re.S)
    assert m, text[-2000:]
    return m.group(0)


def site_from_init(*options):
    d = tempfile.mkdtemp(prefix="naering-init-")
    db = os.path.join(d, "site.db")
    admin("init", db, *options)
    apache = make_server(db)
    shutil.rmtree(d)
    return apache


@pytest.fixture
def new_site():
    made = []

    def make(*options):
        apache = site_from_init(*options)
        made.append(apache)
        apache.start()
        return apache

    yield make
    for apache in made:
        apache.stop()
        shutil.rmtree(apache.rundir, ignore_errors=True)


# ---- a new site ----------------------------------------------------------------

def test_a_new_site_has_the_statement_its_footer_links_to(new_site):
    apache = new_site()
    front = apache.get("/")
    assert front.status == 200
    foot = footer(front.text)
    assert '<p class="footer-name">Knutepunkt Sørlandet</p>' in foot
    # No text of some other organisation ends up on a new site.
    assert "Et samarbeid mellom kommunene" not in front.text
    links = re.findall(r'href="([^"]+)"', foot)
    assert "/tilgjengelighet" in links and "/feed.atom" in links
    for link in links:
        assert apache.get(link).status == 200, link
    page = apache.get("/tilgjengelighet").text
    assert "<h1>Tilgjengelighetserklæring</h1>" in page
    assert re.findall(r"<h2>([^<]+)</h2>", page)[:5] == STATEMENT_HEADINGS
    # Published, found by search, but not in the menus.
    menu = re.search(r'<nav class="main-menu".*?</nav>', front.text, re.S)
    assert menu is None or "/tilgjengelighet" not in menu.group(0)
    assert "Tilgjengelighetserklæring" in apache.get("/sok?q=samsvarsstatus").text


def test_a_bare_site_has_no_dead_link_in_its_footer(new_site):
    apache = new_site("--bare")
    foot = footer(apache.get("/").text)
    assert re.findall(r'href="([^"]+)"', foot) == ["/feed.atom"]
    assert apache.get("/tilgjengelighet").status == 404


def test_init_of_an_existing_site_seeds_nothing(tmp_path):
    db = str(tmp_path / "site.db")
    admin("init", db)
    admin("init", db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM page WHERE path = "
                       "'/tilgjengelighet'").fetchone()[0] == 1
    con.close()
    assert admin("init", db, "--tom", check=False).returncode == 1


# ---- the site's details in the editor -----------------------------------------

@pytest.fixture(scope="module")
def site(demo_template_db):
    yield from serving(demo_template_db, [("rights", """
<LocationMatch "^/redigering/?$">
    Require user redaktor
</LocationMatch>
""")])


def details_form(ed):
    r = ed.get("/", "vis=nettsted")
    assert r.status == 200, r.status
    return r, {
        "csrf": field(r.text, "csrf"),
        "revision": field(r.text, "revision"),
        "handling": "lagre-nettsted",
        "organisation": field(r.text, "organisation"),
        "about": field(r.text, "about"),
        "address": textarea(r.text, "address"),
        "phone": field(r.text, "phone"),
        "email": field(r.text, "email"),
        "statement": field(r.text, "statement"),
    }


def history_count(apache):
    con = sqlite3.connect(apache.db)
    try:
        return con.execute("SELECT count(*) FROM site_revision").fetchone()[0]
    finally:
        con.close()


NEW = {"organisation": "Knutepunkt Sørlandet IKS",
       "about": "Sju kommuner som samarbeider om næring og samferdsel.",
       "address": "Rådhusgata 1\n4611 Kristiansand",
       "phone": "+47 38 00 00 00", "email": "post@knutepunkt.example.no",
       "statement": "https://uustatus.no/nb/erklaringer/publisert/1234"}


def test_an_editor_changes_the_footer_of_every_page(site):
    ed = Editor(site)
    _, data = details_form(ed)
    data.update(NEW)
    r = ed.post("/", data)
    assert r.status == 303
    assert r.header("Location").endswith(
        "/redigering?vis=nettsted&melding=nettsted-lagret")
    assert "Nettstedsinformasjonen er lagret" in ed.get(
        "/", "vis=nettsted&melding=nettsted-lagret").text
    for path in ["/", "/samferdsel", "/sok?q=vei", "/finnes-ikke"]:
        foot = footer(site.get(path).text)
        assert "Knutepunkt Sørlandet IKS" in foot, path
        assert "Sju kommuner som samarbeider" in foot
        assert "Rådhusgata 1<br>4611 Kristiansand<br>" in foot
        assert '<a href="tel:+4738000000">+47 38 00 00 00</a>' in foot
        assert '<a href="mailto:post@knutepunkt.example.no">' in foot
        assert ('<a href="https://uustatus.no/nb/erklaringer/publisert/1234">'
                "Tilgjengelighetserklæring</a>") in foot
    xml = site.get("/?format=xml").text
    assert ('<footer statement="https://uustatus.no/nb/erklaringer/'
            'publisert/1234">') in xml
    assert "<line>4611 Kristiansand</line>" in xml


def test_problems_are_shown_beside_the_fields_and_nothing_is_saved(site):
    ed = Editor(site)
    before = history_count(site)
    _, data = details_form(ed)
    data.update(email="ikke en adresse", statement="javascript:alert(1)",
                address="\n".join("Linje %d" % i for i in range(7)),
                about="Skrevet før feilen")
    r = ed.post("/", data)
    assert r.status == 400
    assert 'class="error-summary"' in r.text
    assert "Ser ikke ut som en e-postadresse." in r.text
    assert "begynner med https://" in r.text
    assert "Kan ha høyst seks linjer." in r.text
    # What was typed is still there, to fix and send again.
    assert field(r.text, "about") == "Skrevet før feilen"
    assert field(r.text, "statement") == "javascript:alert(1)"
    assert history_count(site) == before
    assert "javascript:" not in site.get("/").text


def test_a_stale_save_is_a_conflict_that_loses_nothing(site):
    first, second = Editor(site), Editor(site)     # two browsers
    _, a = details_form(first)
    _, b = details_form(second)
    a["about"] = "Lagret av den første."
    b["about"] = "Skrevet av den andre samtidig."
    assert first.post("/", a).status == 303
    r = second.post("/", b)
    assert r.status == 409
    assert "Noen andre har lagret nettstedsinformasjonen" in r.text
    assert field(r.text, "about") == "Skrevet av den andre samtidig."
    assert "Lagret av den første." in footer(site.get("/").text)
    # Sent again from the conflict page, it is the newest.
    b["revision"] = field(r.text, "revision")
    b["csrf"] = field(r.text, "csrf")
    assert second.post("/", b).status == 303
    assert "Skrevet av den andre samtidig." in footer(site.get("/").text)


def test_an_earlier_version_can_be_brought_back(site):
    ed = Editor(site)
    r, data = details_form(ed)
    data["organisation"] = "Midlertidig navn"
    assert ed.post("/", data).status == 303
    r, _ = details_form(ed)
    ids = re.findall(r'name="handling" value="nettsted-tilbake">'
                     r'<input type="hidden" name="id" value="(\d+)"', r.text)
    before = history_count(site)
    r = ed.post("/", {"csrf": field(r.text, "csrf"),
                      "handling": "nettsted-tilbake", "id": ids[0]})
    assert r.status == 303
    assert "Midlertidig navn" not in footer(site.get("/").text)
    # History only grows: the restore is a new version.
    assert history_count(site) == before + 1
    r = ed.post("/", {"csrf": field(ed.get("/", "vis=nettsted").text,
                                    "csrf"),
                      "handling": "nettsted-tilbake", "id": "999999"})
    assert r.status == 404


def test_only_the_front_pages_editors_may_change_them(site):
    """annen may edit Samferdsel but not the front page (the
    LocationMatch above): the details are refused from every URL."""
    ed, other = Editor(site), Editor(site, "annen")
    assert other.get("/samferdsel").status == 200
    r = other.get("/samferdsel", "vis=nettsted")
    assert r.status == 403
    _, data = details_form(ed)
    data["organisation"] = "Endret uten lov"
    data["csrf"] = field(other.get("/samferdsel").text, "csrf")
    before = history_count(site)
    r = other.post("/samferdsel", data)
    assert r.status == 403
    assert history_count(site) == before
    assert "Endret uten lov" not in site.get("/").text
