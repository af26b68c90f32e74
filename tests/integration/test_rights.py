"""Editor rights that hold for every action (issue 12).

Two editors and nested restricted sections, set with nothing but Apache's
own <Location> and Require, as README.md tells an admin to:

    /samferdsel                       redaktor only (annen kept out)
    /om-knutepunkt-sorlandet          both
      /om-knutepunkt-sorlandet/styret   redaktor only, inside a shared section
    /helse-og-omsorg                  redaktor only
      /helse-og-omsorg/legevakt         both, inside a restricted section
    /kontakt-oss                      both
      /kontakt-oss/intern               redaktor only (no page there yet)

Each vector of the security review has a test named after it, and each
refusal is a 403 that names the page, with the database unchanged.
"""
import os
import re
import tempfile

import pytest

from conftest import db_rows, serving
from editor_client import Editor, field

RESTRICTED = """
<Location "/redigering/samferdsel">
    Require user redaktor
</Location>
<Location "/redigering/om-knutepunkt-sorlandet/styret">
    Require user redaktor
</Location>
<Location "/redigering/helse-og-omsorg">
    Require user redaktor
</Location>
<Location "/redigering/helse-og-omsorg/legevakt">
    Require valid-user
</Location>
<Location "/redigering/kontakt-oss/intern">
    Require user redaktor
</Location>
"""


@pytest.fixture(scope="module")
def rsite(demo_template_db):
    for apache in serving(demo_template_db, [("rights", RESTRICTED)]):
        red = Editor(apache, "redaktor")
        for slug in ("legevakt", "fastlege"):
            r = red.post("/helse-og-omsorg", {
                "csrf": red.csrf("/helse-og-omsorg"), "handling": "opprett",
                "slug": slug, "title": slug.capitalize(),
                "status": "publisert"})
            assert r.status == 303, r.status
        yield apache


@pytest.fixture
def annen(rsite):
    return Editor(rsite, "annen")


@pytest.fixture
def red(rsite):
    return Editor(rsite, "redaktor")


def snapshot(site):
    """Everything an editor's action could change."""
    return (db_rows(site, "SELECT id, path, parent_id, position, status,"
                          " revision_id, deleted_at FROM page ORDER BY id"),
            db_rows(site, "SELECT count(*) FROM revision"),
            db_rows(site, "SELECT id, title, filename, deleted_at, version_id"
                          " FROM document ORDER BY id"),
            db_rows(site, "SELECT value FROM setting"
                          " WHERE key = 'generation'"))


def page_id(site, path):
    return db_rows(site, "SELECT id FROM page WHERE path = ?"
                         " AND deleted_at IS NULL", (path,))[0][0]


def current_revision(site, path):
    return db_rows(site, "SELECT revision_id FROM page WHERE path = ?"
                         " AND deleted_at IS NULL", (path,))[0][0]


# Apache's own refusal of an authenticated user is 401 unless the admin
# sets AuthzSendForbiddenOnFailure On; the module's refusals are 403.
APACHE_NO = (401, 403)


def assert_refused(r, site, before, names=None):
    assert r.status == 403, (r.status, r.text[:500])
    assert "Ingen tilgang" in r.text
    if names:
        assert names in r.text, r.text
    assert snapshot(site) == before


# ---- 1. case variants of the editor path ----------------------------------------

@pytest.mark.parametrize("variant", [
    "/redigering/SAMFERDSEL", "/redigering/Samferdsel",
    "/redigering/samferdsel/", "/redigering//samferdsel",
    "/REDIGERING/samferdsel"])
def test_case_variant_of_the_editor_path_is_redirected_to_the_guarded_one(
        rsite, annen, variant):
    r = rsite.get(variant, annen.headers)
    # Apache's <Location> already covers a trailing or doubled slash (it
    # matches the merged path by prefix); the rest get a 301 to where it
    # does.  Never the form.
    assert r.status in (301,) + APACHE_NO, r.status
    if r.status == 301:
        assert r.header("Location").endswith("/redigering/samferdsel")
    assert "name=\"title\"" not in r.text
    assert rsite.get("/redigering/samferdsel",
                     annen.headers).status in APACHE_NO


def test_case_variant_of_the_editor_path_never_takes_a_save(rsite, annen,
                                                             red):
    data = red.form("/samferdsel")
    data["title"] = "Kapret"
    before = snapshot(rsite)
    for variant in ("/SAMFERDSEL", "/Samferdsel", "/samferdsel/"):
        r = annen.post(variant, data)
        assert r.status in (404,) + APACHE_NO, (variant, r.status)
    assert snapshot(rsite) == before
    assert "Kapret" not in rsite.get("/samferdsel").text


# ---- 2. actions that take an id from the form ------------------------------------

def test_untrash_by_id_of_a_restricted_page_is_403(rsite, annen, red):
    r = red.post("/samferdsel", {"csrf": red.csrf("/samferdsel"),
                                 "handling": "slett", "bekreft": "ja"})
    assert r.status == 303
    pid = db_rows(rsite, "SELECT id FROM page WHERE path = '/samferdsel'")[0][0]
    try:
        before = snapshot(rsite)
        r = annen.post("/kontakt-oss", {"csrf": annen.csrf("/kontakt-oss"),
                                        "handling": "angre-sletting",
                                        "id": str(pid)})
        assert_refused(r, rsite, before, "Samferdsel")
        assert rsite.get("/samferdsel").status == 404
    finally:
        trash = red.get("/", "vis=papirkurv").text
        r = red.post("/", {"csrf": field(trash, "csrf"),
                           "handling": "angre-sletting", "id": str(pid)})
        assert r.status == 303
    assert rsite.get("/samferdsel").status == 200


def test_trash_and_recent_changes_list_only_pages_the_editor_may_edit(
        rsite, annen, red):
    """A closed section's titles (drafts too) are not shown to an editor
    kept out of it, in the trash or in the site's recent changes."""
    assert red.save("/samferdsel", title="Samferdsel: utkast til plan",
                    status="utkast").status == 303
    assert red.save("/kontakt-oss", title="Kontakt oss nå").status == 303
    r = red.post("/om-knutepunkt-sorlandet/styret", {
        "csrf": red.csrf("/om-knutepunkt-sorlandet/styret"),
        "handling": "slett", "bekreft": "ja"})
    assert r.status == 303
    pid = db_rows(rsite, "SELECT id FROM page WHERE path = "
                  "'/om-knutepunkt-sorlandet/styret'")[0][0]
    try:
        changes = annen.get("/", "vis=endringer").text
        assert "Kontakt oss nå" in changes
        assert "Samferdsel: utkast til plan" not in changes
        trash = annen.get("/", "vis=papirkurv").text
        assert "Styret" not in trash
        # Who may edit them sees them.
        assert "Samferdsel: utkast til plan" in red.get(
            "/", "vis=endringer").text
        assert "Styret" in red.get("/", "vis=papirkurv").text
    finally:
        trash = red.get("/", "vis=papirkurv").text
        assert red.post("/", {"csrf": field(trash, "csrf"),
                              "handling": "angre-sletting",
                              "id": str(pid)}).status == 303
        assert red.save("/samferdsel", title="Samferdsel",
                        status="publisert").status == 303


def test_restoring_a_revision_of_another_page_is_403(rsite, annen):
    rev = current_revision(rsite, "/samferdsel")
    before = snapshot(rsite)
    r = annen.post("/kontakt-oss", {"csrf": annen.csrf("/kontakt-oss"),
                                    "handling": "gjenopprett",
                                    "restore": str(rev)})
    assert_refused(r, rsite, before, "annen side")


def test_saving_on_a_revision_of_another_page_is_403(rsite, annen):
    data = annen.form("/kontakt-oss")
    data["revision"] = str(current_revision(rsite, "/samferdsel"))
    before = snapshot(rsite)
    assert_refused(annen.post("/kontakt-oss", data), rsite, before)


def test_diff_of_another_pages_revisions_is_403(rsite, annen):
    rev = current_revision(rsite, "/samferdsel")
    own = current_revision(rsite, "/kontakt-oss")
    r = annen.get("/kontakt-oss", "vis=diff&fra=%d&til=%d" % (own, rev))
    assert r.status == 403
    assert "Samferdsel" not in r.text.split("<main", 1)[1]


def docs_of(site, path):
    return db_rows(site, "SELECT d.id, d.version_id FROM document d"
                         " JOIN page p ON p.id = d.page_id"
                         " WHERE p.path = ? AND d.deleted_at IS NULL",
                   (path,))


@pytest.mark.parametrize("action", ["dok-tittel", "dok-slett", "dok-opp",
                                    "dok-ned"])
def test_document_action_by_id_of_another_page_is_403(rsite, annen, action):
    # The network page's PDF, named from a page annen may edit.
    doc, _ = docs_of(rsite, "/naeringsnettverket")[0]
    before = snapshot(rsite)
    r = annen.post("/kontakt-oss", {"csrf": annen.csrf("/kontakt-oss"),
                                    "handling": action, "dok": str(doc),
                                    "tittel": "Kapret"})
    assert_refused(r, rsite, before, "annen side")


def test_document_version_restore_of_another_page_is_403(rsite, annen):
    _, version = docs_of(rsite, "/naeringsnettverket")[0]
    before = snapshot(rsite)
    r = annen.post("/kontakt-oss", {"csrf": annen.csrf("/kontakt-oss"),
                                    "handling": "dok-versjon",
                                    "versjon": str(version)})
    assert_refused(r, rsite, before)


def test_document_version_download_of_another_page_is_403(rsite, annen):
    _, version = docs_of(rsite, "/naeringsnettverket")[0]
    r = annen.get("/kontakt-oss", "vis=dokumentversjon&versjon=%d" % version)
    assert r.status == 403
    assert not r.body.startswith(b"%PDF")


def test_replacing_a_document_of_another_page_is_403(rsite, annen):
    doc, _ = docs_of(rsite, "/naeringsnettverket")[0]
    boundary = "naeringgrense"
    csrf = annen.csrf("/kontakt-oss")
    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s"
            "\r\n--%s\r\nContent-Disposition: form-data; name=\"handling\""
            "\r\n\r\nerstatt\r\n--%s\r\nContent-Disposition: form-data; "
            "name=\"dok\"\r\n\r\n%d\r\n--%s\r\nContent-Disposition: "
            "form-data; name=\"fil1\"; filename=\"x.pdf\"\r\nContent-Type: "
            "application/pdf\r\n\r\n%%PDF-1.4 kapret\r\n--%s--\r\n"
            % (boundary, csrf, boundary, boundary, doc, boundary,
               boundary)).encode()
    before = snapshot(rsite)
    r = annen.post("/kontakt-oss", None, raw=body, headers={
        "Content-Type": "multipart/form-data; boundary=" + boundary})
    assert_refused(r, rsite, before)


# ---- 3. moving or trashing an ancestor -----------------------------------------

def test_moving_an_ancestor_of_a_restricted_section_is_403(rsite, annen):
    before = snapshot(rsite)
    r = annen.post("/om-knutepunkt-sorlandet", {
        "csrf": annen.csrf("/om-knutepunkt-sorlandet"), "handling": "flytt",
        "parent": "/", "slug": "om-oss"})
    assert_refused(r, rsite, before, "Styret")
    assert rsite.get("/om-knutepunkt-sorlandet/styret").status == 200


def test_renaming_an_ancestor_of_a_restricted_section_is_403(rsite, annen):
    before = snapshot(rsite)
    r = annen.post("/om-knutepunkt-sorlandet", {
        "csrf": annen.csrf("/om-knutepunkt-sorlandet"), "handling": "flytt",
        "parent": "/", "slug": "om-knutepunkt-sorlandet-2"})
    assert_refused(r, rsite, before, "/om-knutepunkt-sorlandet/styret")


@pytest.mark.parametrize("confirm", [{}, {"bekreft": "ja"}])
def test_trashing_an_ancestor_of_a_restricted_section_is_403(rsite, annen,
                                                            confirm):
    """Refused before the question about links, and refused by the store's
    guard when the form says it was confirmed already."""
    before = snapshot(rsite)
    r = annen.post("/om-knutepunkt-sorlandet", dict({
        "csrf": annen.csrf("/om-knutepunkt-sorlandet"), "handling": "slett"},
        **confirm))
    assert_refused(r, rsite, before, "Styret")
    assert rsite.get("/om-knutepunkt-sorlandet").status == 200


def test_the_same_move_is_allowed_to_who_may_edit_every_page(rsite, red):
    r = red.post("/om-knutepunkt-sorlandet", {
        "csrf": red.csrf("/om-knutepunkt-sorlandet"), "handling": "flytt",
        "parent": "/", "slug": "om-oss"})
    assert r.status == 303
    assert rsite.get("/om-oss/styret").status == 200
    r = red.post("/om-oss", {"csrf": red.csrf("/om-oss"), "handling": "flytt",
                             "parent": "/",
                             "slug": "om-knutepunkt-sorlandet"})
    assert r.status == 303
    assert rsite.get("/om-knutepunkt-sorlandet/styret").status == 200


# ---- 4. moving into a restricted section ------------------------------------------

def test_moving_into_a_restricted_section_is_403(rsite, annen):
    before = snapshot(rsite)
    r = annen.post("/kontakt-oss", {
        "csrf": annen.csrf("/kontakt-oss"), "handling": "flytt",
        "parent": "/samferdsel", "slug": "kontakt-oss"})
    assert_refused(r, rsite, before, "/samferdsel")


def test_moving_to_a_restricted_address_is_403(rsite, annen):
    """The parent is open to annen, the new address is not."""
    r = annen.post("/om-knutepunkt-sorlandet", {
        "csrf": annen.csrf("/om-knutepunkt-sorlandet"), "handling": "opprett",
        "slug": "flyttbar", "title": "Flyttbar", "status": "publisert"})
    assert r.status == 303
    before = snapshot(rsite)
    r = annen.post("/om-knutepunkt-sorlandet/flyttbar", {
        "csrf": annen.csrf("/om-knutepunkt-sorlandet/flyttbar"),
        "handling": "flytt", "parent": "/kontakt-oss", "slug": "intern"})
    assert_refused(r, rsite, before, "/kontakt-oss/intern")


def test_creating_a_page_at_a_restricted_address_is_403(rsite, annen):
    before = snapshot(rsite)
    r = annen.post("/kontakt-oss", {
        "csrf": annen.csrf("/kontakt-oss"), "handling": "opprett",
        "slug": "intern", "title": "Intern", "status": "publisert"})
    assert_refused(r, rsite, before, "/kontakt-oss/intern")


def test_reordering_in_a_list_the_user_may_not_edit_is_403(rsite, annen):
    before = snapshot(rsite)
    r = annen.post("/helse-og-omsorg/legevakt", {
        "csrf": annen.csrf("/helse-og-omsorg/legevakt"), "handling": "ned"})
    assert_refused(r, rsite, before, "/helse-og-omsorg")
    # ... while the page itself is annen's to edit.
    assert annen.save("/helse-og-omsorg/legevakt",
                      summary="Åpent hele døgnet").status == 303


# ---- reads by id, and the pages Apache itself guards --------------------------

@pytest.mark.parametrize("view", ["", "vis=historikk", "vis=dokumenter",
                                  "vis=ny"])
def test_restricted_pages_are_403_in_every_view(rsite, annen, view):
    for path in ("/samferdsel", "/om-knutepunkt-sorlandet/styret",
                 "/helse-og-omsorg"):
        assert annen.get(path, view).status in APACHE_NO, (path, view)


def test_a_refusal_is_logged(rsite, annen):
    annen.post("/om-knutepunkt-sorlandet", {
        "csrf": annen.csrf("/om-knutepunkt-sorlandet"), "handling": "slett"})
    log = rsite.error_log()
    assert re.search(r"naering: editor annen: POST /redigering/om-knutepunkt-"
                     r"sorlandet refused: .*/om-knutepunkt-sorlandet/styret",
                     log), log[-2000:]


# ---- no login names in public output ----------------------------------------

def test_no_login_names_in_public_output(rsite, annen):
    assert annen.save("/kontakt-oss", comment="Fra annen").status == 303
    for path in ("/feed.atom", "/kontakt-oss?format=xml", "/kontakt-oss",
                 "/sitemap.xml", "/sok?q=kontakt"):
        text = rsite.get(path).text
        for login in ("annen", "redaktor"):
            assert ">%s<" % login not in text and '"%s"' % login not in text, \
                (path, login)
    assert "<name>Knutepunkt Sørlandet</name>" in rsite.get("/feed.atom").text
    assert ">annen<" in annen.get("/kontakt-oss", "vis=historikk").text


# ---- unknown actions --------------------------------------------------------------

@pytest.mark.parametrize("action", ["", "dok-", "dok-annet", "LAGRE",
                                    "slett ", "papirkurv"])
def test_unknown_action_is_400(rsite, annen, action):
    before = snapshot(rsite)
    data = annen.form("/kontakt-oss")
    data["handling"] = action
    r = annen.post("/kontakt-oss", data)
    assert r.status == 400, (action, r.status)
    assert snapshot(rsite) == before


def test_no_action_is_400_not_a_save(rsite, annen):
    before = snapshot(rsite)
    data = annen.form("/kontakt-oss")
    del data["handling"]
    data["title"] = "Uten handling"
    assert annen.post("/kontakt-oss", data).status == 400
    assert snapshot(rsite) == before


# ---- other forms of Require --------------------------------------------------------

@pytest.fixture(scope="module")
def forms_site(demo_template_db):
    """group (mod_authz_groupfile), expr and <LocationMatch>."""
    groups = tempfile.NamedTemporaryFile("w", suffix=".groups", delete=False)
    groups.write("samferdsel: redaktor\n")
    groups.close()
    os.chmod(groups.name, 0o644)
    mods = "/usr/lib/apache2/modules"
    conf = """
LoadModule authz_groupfile_module %s/mod_authz_groupfile.so
<Location "/redigering/samferdsel">
    AuthGroupFile "%s"
    Require group samferdsel
</Location>
<Location "/redigering/helse-og-omsorg">
    Require expr %%{REMOTE_USER} == 'redaktor'
</Location>
<LocationMatch "^/redigering/om-knutepunkt-sorlandet/sty">
    Require user redaktor
</LocationMatch>
""" % (mods, groups.name)
    yield from serving(demo_template_db, [("forms", conf)])
    os.unlink(groups.name)


@pytest.mark.parametrize("parent,form", [
    ("/samferdsel", "group"), ("/helse-og-omsorg", "expr")])
def test_every_require_form_guards_moves(forms_site, parent, form):
    annen = Editor(forms_site, "annen")
    before = snapshot(forms_site)
    r = annen.post("/kontakt-oss", {
        "csrf": annen.csrf("/kontakt-oss"), "handling": "flytt",
        "parent": parent, "slug": "kontakt-oss"})
    assert_refused(r, forms_site, before, parent)
    red = Editor(forms_site, "redaktor")
    assert red.get(parent).status == 200, form


def test_location_match_guards_a_subtree(forms_site):
    annen = Editor(forms_site, "annen")
    before = snapshot(forms_site)
    r = annen.post("/om-knutepunkt-sorlandet", {
        "csrf": annen.csrf("/om-knutepunkt-sorlandet"), "handling": "slett"})
    assert_refused(r, forms_site, before, "Styret")
