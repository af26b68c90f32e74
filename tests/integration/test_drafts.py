"""An unpublished page hides its whole subtree from the public (issue 12).

Om Knutepunkt Sørlandet becomes a draft; its child Styret (published
itself, with a document and a grandchild) must then be gone from every
public surface: page view, ?format=xml, menu, breadcrumbs, search, feed,
sitemap, documents, old addresses.  The editor says why the child is
hidden.  Publishing the parent brings all of it back.
"""
import re

import pytest

from conftest import DEMO_PDF, db_rows, quote, serving
from editor_client import Editor

PARENT = "/om-knutepunkt-sorlandet"
CHILD = PARENT + "/styret"
GRANDCHILD = CHILD + "/arsmote"
WORD = "Skjærgårdsprotokollen"      # only on the grandchild
PUBLIC = ("/", "/naeringsnettverket", "/kontakt-oss", "/feed.atom",
          "/sitemap.xml", "/sok?q=styret", "/naeringsnettverket?format=xml")


@pytest.fixture(scope="module")
def dsite(demo_template_db):
    for apache in serving(demo_template_db):
        ed = Editor(apache)
        r = ed.post(CHILD, {"csrf": ed.csrf(CHILD), "handling": "opprett",
                            "slug": "arsmote", "title": "Årsmøtet 2026",
                            "body": "<p>%s</p>" % WORD,
                            "status": "publisert"})
        assert r.status == 303
        # The old address of the grandchild, to see it is not followed.
        r = ed.post(GRANDCHILD, {"csrf": ed.csrf(GRANDCHILD),
                                 "handling": "flytt", "parent": CHILD,
                                 "slug": "arsmote-2026"})
        assert r.status == 303
        upload_plan(apache, ed)
        yield apache


def upload_plan(apache, ed):
    """A document on the child, through the editor."""
    body = (b"--g\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
            + ed.csrf(CHILD).encode() + b"\r\n--g\r\nContent-Disposition: "
            b"form-data; name=\"handling\"\r\n\r\nlast-opp\r\n--g\r\n"
            b"Content-Disposition: form-data; name=\"fil1\"; "
            b"filename=\"plan.pdf\"\r\nContent-Type: application/pdf"
            b"\r\n\r\n" + open(DEMO_PDF, "rb").read() + b"\r\n--g--\r\n")
    r = ed.post(CHILD, None, raw=body,
                headers={"Content-Type": "multipart/form-data; boundary=g"})
    assert r.status == 303, r.status


@pytest.fixture
def ed(dsite):
    return Editor(dsite)


def title_of(site, path):
    return db_rows(site, "SELECT r.title FROM page p JOIN revision r"
                         " ON r.id = p.revision_id WHERE p.path = ?",
                   (path,))[0][0]


def visible(site):
    """What the public can see of the subtree, surface by surface."""
    g = GRANDCHILD + "-2026"
    front = site.get("/").text
    return {
        "parent page": site.get(PARENT).status,
        "child page": site.get(CHILD).status,
        "grandchild page": site.get(g).status,
        "child xml": site.get(CHILD + "?format=xml").status,
        "document": site.get(CHILD + "/dokumenter/plan.pdf").status,
        "old address": site.get(GRANDCHILD).status,
        "menu": ">Om Knutepunkt Sørlandet<" in re.search(
            r'<nav class="main-menu".*?</nav>', front, re.S).group(0),
        # (the search page repeats the query: a hit is a link to the page)
        "search": "arsmote-2026\"" in site.get(quote("/sok?q=" + WORD)).text,
        "feed": "arsmote" in site.get("/feed.atom").text,
        "sitemap": "styret" in site.get("/sitemap.xml").text,
    }


SHOWN = {"parent page": 200, "child page": 200, "grandchild page": 200,
         "child xml": 200, "document": 200, "old address": 301,
         "menu": True, "search": True, "feed": True, "sitemap": True}
HIDDEN = {"parent page": 404, "child page": 404, "grandchild page": 404,
          "child xml": 404, "document": 404, "old address": 404,
          "menu": False, "search": False, "feed": False, "sitemap": False}


def test_a_published_subtree_is_public(dsite):
    assert visible(dsite) == SHOWN


def test_a_draft_hides_its_whole_subtree_and_publishing_brings_it_back(
        dsite, ed):
    # As titles are written in menus, lists and XML (body text may say
    # "styret" in passing).
    titles = [">%s<" % title_of(dsite, p) for p in (PARENT, CHILD,
                                                    GRANDCHILD + "-2026")]
    assert ed.save(PARENT, status="utkast").status == 303
    try:
        assert visible(dsite) == HIDDEN
        # No title of the hidden pages anywhere in public output.
        for path in PUBLIC:
            body = dsite.get(quote(path)).text
            for t in titles:
                assert t not in body, (path, t)
        # The editor says why the published child is hidden.
        page = ed.get(CHILD).text
        assert "fordi en side over den er et utkast" in page
        assert "er et utkast og vises ikke" in ed.get(PARENT).text
    finally:
        assert ed.save(PARENT, status="publisert").status == 303
    assert visible(dsite) == SHOWN
    assert "fordi en side over den" not in ed.get(CHILD).text


def test_moving_a_page_below_a_draft_hides_it_and_out_shows_it(dsite, ed):
    r = ed.post("/", {"csrf": ed.csrf("/"), "handling": "opprett",
                      "slug": "utkast-seksjon", "title": "Utkast-seksjon",
                      "status": "utkast"})
    assert r.status == 303
    r = ed.post("/kontakt-oss", {"csrf": ed.csrf("/kontakt-oss"),
                                 "handling": "flytt",
                                 "parent": "/utkast-seksjon",
                                 "slug": "kontakt-oss"})
    assert r.status == 303
    assert dsite.get("/utkast-seksjon/kontakt-oss").status == 404
    assert "Kontakt oss" not in dsite.get("/feed.atom").text
    r = ed.post("/utkast-seksjon/kontakt-oss", {
        "csrf": ed.csrf("/utkast-seksjon/kontakt-oss"), "handling": "flytt",
        "parent": "/", "slug": "kontakt-oss"})
    assert r.status == 303
    assert dsite.get("/kontakt-oss").status == 200
    assert "Kontakt oss" in dsite.get("/feed.atom").text


def test_the_index_follows_the_subtree(dsite, ed):
    """Not only the search page: the index rows themselves go and come."""
    def rows():
        return db_rows(dsite, "SELECT count(*) FROM search WHERE rowid IN"
                              " (SELECT id FROM page WHERE path LIKE ?)",
                       (PARENT + "%",))[0][0]
    shown = rows()
    assert shown >= 3
    assert ed.save(PARENT, status="utkast").status == 303
    try:
        assert rows() == 0
    finally:
        assert ed.save(PARENT, status="publisert").status == 303
    assert rows() == shown
