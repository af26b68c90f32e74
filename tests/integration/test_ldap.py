"""Editors from LDAP: a real OpenLDAP slapd, Apache's own mod_ldap and
mod_authnz_ldap in front of /redigering, group rights per section, and a
site that keeps serving visitors when the directory is gone.  No code of
ours takes part in the login: the module sees r->user, as with htpasswd."""
import os
import shutil
import sqlite3
import subprocess

import pytest

from conftest import free_port, make_server
from editor_client import Editor, auth

if not os.path.exists("/usr/sbin/slapd"):
    pytest.skip("OpenLDAP slapd is not installed (/usr/sbin/slapd); "
                "apt-get install slapd ldap-utils", allow_module_level=True)

import ldap_server  # noqa: E402  (after the skip: it needs the slapd tools)
from ldap_server import USERS, PEOPLE, group_dn  # noqa: E402

PAGE = "/redigering/naeringsnettverket"


def apache_modules():
    try:
        out = subprocess.run(["apxs", "-q", "LIBEXECDIR"], check=True,
                             capture_output=True, text=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "/usr/lib/apache2/modules"


def ldap_conf(ldap_url):
    """The configuration an admin writes: it comes after the template's
    htpasswd <Location "/redigering"> (extra/*.conf is included last), and
    sections for the same path merge in order, so AuthBasicProvider and
    Require here replace "file" and "valid-user" there (AuthMerging is Off
    by default: a section's Require replaces the one it inherits, which is
    also why the stricter Samferdsel section needs no redaktorer group)."""
    mods = apache_modules()
    return """
LoadModule ldap_module %(mods)s/mod_ldap.so
LoadModule authnz_ldap_module %(mods)s/mod_authnz_ldap.so

# Plain ldap:// needs none of LDAPTrustedMode / LDAPVerifyServerCert:
# they only matter for ldaps:// and STARTTLS.
LDAPConnectionTimeout 2

<Location "/redigering">
    AuthType Basic
    AuthName "Redigering"
    AuthBasicProvider ldap
    AuthLDAPURL "%(url)s/%(people)s?uid"
    AuthLDAPGroupAttribute member
    AuthLDAPGroupAttributeIsDN on
    Require ldap-group %(redaktorer)s
</Location>

<Location "/redigering/samferdsel">
    Require ldap-group %(samferdsel)s
</Location>
""" % {"mods": mods, "url": ldap_url, "people": PEOPLE,
       "redaktorer": group_dn("redaktorer"),
       "samferdsel": group_dn("samferdsel")}


@pytest.fixture(scope="module")
def slapd():
    server = ldap_server.Slapd()
    try:
        server.start()
        # The directory itself is right before Apache is asked anything:
        # a failure below is then Apache's, not the test data's.
        for uid, password in USERS.items():
            r = server.whoami(uid, password)
            assert r.returncode == 0, (uid, r.stderr, server.log())
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="module")
def ldap_site(demo_template_db, slapd):
    apache = make_server(demo_template_db)
    apache.add_conf("ldap", ldap_conf(slapd.url))
    apache.start()
    yield apache
    apache.stop()
    log = apache.error_log()
    shutil.rmtree(apache.rundir, ignore_errors=True)
    assert "exit signal" not in log, log


def login(user, password=None):
    return auth(user, USERS.get(user, "") if password is None else password)


# ---- login ------------------------------------------------------------------

def test_ldap_user_with_the_right_password_gets_the_edit_form(ldap_site):
    r = ldap_site.get(PAGE, login("redaktor"))
    assert r.status == 200, ldap_site.error_log()
    assert 'name="title"' in r.text and 'name="csrf"' in r.text
    assert "Innlogget som <strong>redaktor</strong>" in r.text


def test_wrong_password_is_refused(ldap_site):
    r = ldap_site.get(PAGE, login("redaktor", "feil-passord"))
    assert r.status == 401
    assert 'Basic realm="Redigering"' in r.header("WWW-Authenticate")
    # Another user's password is just as wrong.
    assert ldap_site.get(PAGE, login("redaktor", USERS["raadgiver"])).status \
        == 401
    assert ldap_site.get(PAGE).status == 401


def test_unknown_user_is_refused(ldap_site):
    r = ldap_site.get(PAGE, login("ukjent", "hva-som-helst"))
    assert r.status == 401
    assert 'Basic realm="Redigering"' in r.header("WWW-Authenticate")


# ---- groups -----------------------------------------------------------------

def test_section_rights_come_from_ldap_groups(ldap_site):
    # redaktor is in cn=redaktorer but not in cn=samferdsel.  The password
    # is right, the group is wrong: mod_authz_core answers 401, not 403,
    # because the request carried Basic credentials (a 401 lets the browser
    # ask for another user; AuthzSendForbiddenOnFailure would make it 403).
    r = ldap_site.get("/redigering/samferdsel", login("redaktor"))
    assert r.status == 401
    assert 'Basic realm="Redigering"' in r.header("WWW-Authenticate")
    r = ldap_site.get("/redigering/samferdsel", login("raadgiver"))
    assert r.status == 200
    assert "Innlogget som <strong>raadgiver</strong>" in r.text
    # The rest of the site is still redaktor's.
    assert ldap_site.get(PAGE, login("redaktor")).status == 200


def test_user_in_no_group_cannot_edit(ldap_site):
    # ekstern has a valid password but is in no group: no editor page.
    for path in (PAGE, "/redigering/samferdsel", "/redigering"):
        r = ldap_site.get(path, login("ekstern"))
        assert r.status == 401, (path, r.status)
        assert "Innlogget som" not in r.text


# ---- saving -----------------------------------------------------------------

def test_ldap_user_saves_a_page(ldap_site):
    ed = Editor(ldap_site, "raadgiver", USERS["raadgiver"])
    r = ed.save("/naeringsnettverket", title="Næringsnettverk for regionen",
                comment="Fra LDAP")
    assert r.status == 303, (r.status, ldap_site.error_log())
    assert r.header("Location").endswith(
        "/redigering/naeringsnettverket?melding=lagret")
    page = ldap_site.get("/naeringsnettverket")
    assert page.status == 200
    assert "<h1>Næringsnettverk for regionen</h1>" in page.text
    con = sqlite3.connect(ldap_site.db)
    try:
        author, comment = con.execute(
            "SELECT author, comment FROM revision ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert (author, comment) == ("raadgiver", "Fra LDAP")


# ---- the user name ----------------------------------------------------------

def test_remote_user_attribute_gives_one_author_name(new_server, slapd):
    # LDAP matches uid without regard to case or surrounding spaces, and by
    # default Apache passes on the name as typed: "REDAKTOR" logs in and
    # would be the author "REDAKTOR".  AuthLDAPRemoteUserAttribute uid makes
    # r->user the directory's own uid, so history shows one name per person.
    apache = new_server()
    apache.add_conf("ldap", ldap_conf(slapd.url).replace(
        "    Require ldap-group",
        "    AuthLDAPRemoteUserAttribute uid\n    Require ldap-group", 1))
    apache.start()
    for typed in ("REDAKTOR", " Redaktor "):
        r = apache.get(PAGE, login(typed, USERS["redaktor"]))
        assert r.status == 200, (typed, r.status)
        assert "Innlogget som <strong>redaktor</strong>" in r.text
    ed = Editor(apache, "REDAKTOR", USERS["redaktor"])
    assert ed.save("/naeringsnettverket", comment="Store bokstaver").status \
        == 303
    con = sqlite3.connect(apache.db)
    try:
        author = con.execute(
            "SELECT author FROM revision ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    assert author == "redaktor"


# ---- the directory is gone --------------------------------------------------

def test_editor_fails_closed_without_ldap_but_the_site_serves(new_server):
    # An Apache whose LDAP server never answers: nothing listens on the port.
    # mod_authnz_ldap reports LDAP_SERVER_DOWN as AUTH_GENERAL_ERROR, which
    # mod_auth_basic turns into 500 (Apache's own error page, not 503).
    apache = new_server()
    apache.add_conf("ldap", ldap_conf("ldap://127.0.0.1:%d" % free_port()))
    apache.start()
    r = apache.get(PAGE, login("redaktor"))
    assert r.status == 500
    assert "Innlogget som" not in r.text and 'name="csrf"' not in r.text
    # No credentials: still the ordinary login prompt.
    assert apache.get(PAGE).status == 401
    for path in ("/", "/naeringsnettverket", "/samferdsel"):
        assert apache.get(path).status == 200, path
    assert "Can't contact LDAP server" in apache.error_log()


def test_slapd_stopped_editor_fails_site_serves(ldap_site, slapd):
    # An editor who logged in a moment ago...
    assert ldap_site.get(PAGE, login("redaktor")).status == 200
    slapd.stop()
    try:
        assert not slapd.running()
        # ...keeps editing: mod_ldap caches the bind and the group compare
        # (LDAPCacheTTL / LDAPOpCacheTTL, 600 s by default) in shared memory.
        r = ldap_site.get(PAGE, login("redaktor"))
        assert r.status == 200
        assert "Innlogget som <strong>redaktor</strong>" in r.text
        # Whatever the cache cannot answer fails closed with 500: a wrong
        # password is not let through, an unknown user is not let in.
        for user, password in (("redaktor", "feil-passord"),
                               ("ukjent", "hva-som-helst")):
            r = ldap_site.get(PAGE, login(user, password))
            assert r.status == 500, (user, r.status)
            assert 'name="csrf"' not in r.text
        # Visitors notice nothing.
        for path in ("/", "/naeringsnettverket", "/samferdsel"):
            assert ldap_site.get(path).status == 200, path
    finally:
        # The same port and database: later tests (in any order) see LDAP.
        slapd.start()


# ---- the name the public sees -------------------------------------------------

def test_the_public_sees_the_display_name_never_the_login(new_server, slapd):
    """NaeringDisplayName AUTHENTICATE_CN: mod_authnz_ldap puts each
    attribute AuthLDAPURL asks for in AUTHENTICATE_<NAME>; the feed and the
    XML show the cn, the editors' history the uid."""
    apache = new_server()
    apache.add_conf("ldap", ldap_conf(slapd.url).replace(
        "?uid\"", "?uid,cn\"\n    NaeringDisplayName AUTHENTICATE_CN", 1))
    apache.start()
    ed = Editor(apache, "raadgiver", USERS["raadgiver"])
    assert ed.save("/samferdsel", comment="Med navn").status == 303
    feed = apache.get("/feed.atom").text
    xml = apache.get("/samferdsel?format=xml").text
    assert "<name>Raadgiver</name>" in feed, feed[:2000]
    assert 'by="Raadgiver"' in xml
    for text in (feed, xml, apache.get("/samferdsel").text):
        assert "raadgiver" not in text
    history = ed.get("/samferdsel", "vis=historikk").text
    assert ">raadgiver<" in history


def test_ldap_group_rights_hold_for_every_page_an_action_touches(ldap_site):
    """redaktor may not edit Samferdsel (ldap-group): moving a page into
    it is asked of Apache with a sub-request, and refused."""
    ed = Editor(ldap_site, "redaktor", USERS["redaktor"])
    paths = lambda: sqlite3.connect(ldap_site.db).execute(
        "SELECT path FROM page ORDER BY id").fetchall()
    before = paths()
    r = ed.post("/kontakt-oss", {"csrf": ed.csrf("/kontakt-oss"),
                                 "handling": "flytt", "parent": "/samferdsel",
                                 "slug": "kontakt-oss"})
    assert r.status == 403, r.status
    assert "/samferdsel" in r.text
    assert paths() == before
    raadgiver = Editor(ldap_site, "raadgiver", USERS["raadgiver"])
    r = raadgiver.post("/kontakt-oss", {
        "csrf": raadgiver.csrf("/kontakt-oss"), "handling": "flytt",
        "parent": "/samferdsel", "slug": "kontakt-oss"})
    assert r.status == 303
    r = raadgiver.post("/samferdsel/kontakt-oss", {
        "csrf": raadgiver.csrf("/samferdsel/kontakt-oss"),
        "handling": "flytt", "parent": "/", "slug": "kontakt-oss"})
    assert r.status == 303
