"""Hostile input over real HTTP (issue 7, "Bad input over HTTP").

One Apache with the module and a copy of the demo site serves the whole
file.  Requests that http.client would refuse or normalise (raw bytes,
CR/LF, broken framing, unknown methods, bodies that stop half-way) go over
a raw socket.  After every test the site must be healthy: no child crash in
the error log, PRAGMA integrity_check "ok", no 5xx in the access log, and
200 on "/".

Known bugs are marked xfail(strict=True) with the reason: the test states
the correct behaviour and turns red once the bug is fixed, so the mark can
go.  Document upload is not covered here.
"""
import html
import html.parser
import os
import re
import shutil
import socket
import time
import urllib.parse
import uuid
import xml.dom.minidom

import pytest

from conftest import admin, db_rows, make_server, own_tree
from editor_client import Editor, add_users, auth, textarea

DOC = "/naeringsnettverket/dokumenter/Strategisk%20n%C3%A6ringsplan.pdf"
PASSWD = ("root:x:0:0", "daemon:x:1:1", "/usr/sbin/nologin")
SECRETS = PASSWD + ("SQLite format 3", "$2y$", "$apr1$", "<xsl:stylesheet",
                    "LoadModule", "AuthUserFile")
AUTH = auth("redaktor")["Authorization"]


# ---- the server and its health ----------------------------------------------

@pytest.fixture(scope="module")
def hs(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.start()
    # The children open the database (and its WAL) as www-data before the
    # tests read it.
    assert apache.get("/").status == 200
    yield apache
    apache.stop()
    log = apache.error_log()
    access = read_access(apache, 0)
    shutil.rmtree(apache.rundir, ignore_errors=True)
    assert "exit signal" not in log and "Segmentation fault" not in log, \
        log[-4000:]
    assert not server_errors(access), server_errors(access)


def read_access(apache, offset):
    try:
        with open(os.path.join(apache.rundir, "access.log"), "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def access_size(apache):
    try:
        return os.path.getsize(os.path.join(apache.rundir, "access.log"))
    except FileNotFoundError:
        return 0


def server_errors(access):
    """Access log lines (LogFormat "%h %u %t \"%r\" %>s %b %D") with a 5xx.
    501 is httpd's answer to a transfer coding it does not know, which
    RFC 9112 asks for; every other 5xx is a failure."""
    bad = []
    for line in access.splitlines():
        m = re.search(r" (\d{3}) (?:\d+|-) \d+$", line)
        if m and m.group(1).startswith("5") and m.group(1) != "501":
            bad.append(line)
    return bad


def generation(apache):
    """Bumped by every write of the store, in the write's transaction: an
    unchanged generation means nothing was stored."""
    return db_rows(apache, "SELECT value FROM setting"
                           " WHERE key = 'generation'")[0][0]


def current(apache, path):
    """The current revision of a page: title, summary, body, comment."""
    rows = db_rows(apache, "SELECT r.title, r.summary, r.body, r.comment,"
                           " r.contact_name, r.contact_email, r.contact_phone"
                           " FROM page p JOIN revision r"
                           " ON r.id = p.revision_id WHERE p.path = ?",
                   (path,))
    return rows[0] if rows else None


def assert_healthy(apache, offset):
    log = apache.error_log()
    assert "exit signal" not in log, log[-4000:]
    assert "Segmentation fault" not in log, log[-4000:]
    assert db_rows(apache, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(apache, "PRAGMA foreign_key_check") == []
    tables = {r[0] for r in db_rows(apache, "SELECT name FROM sqlite_schema"
                                            " WHERE type = 'table'")}
    assert {"page", "revision", "document", "document_version",
            "setting"} <= tables, tables
    assert apache.get("/").status == 200
    time.sleep(0.05)        # the last request's access log line
    bad = server_errors(read_access(apache, offset))
    assert not bad, bad


@pytest.fixture(autouse=True)
def healthy_afterwards(hs):
    offset = access_size(hs)
    yield
    assert_healthy(hs, offset)


# ---- raw HTTP ---------------------------------------------------------------

class Raw:
    def __init__(self, data):
        self.raw = data
        head, sep, body = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0]) if lines else None
        self.status = int(m.group(1)) if m else None
        self.headers = []
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            self.headers.append((name.strip().lower().decode("latin-1"),
                                 value.strip()))
        if self.header("transfer-encoding") == b"chunked":
            body = dechunk(body)
        self.body = body

    def header(self, name):
        for n, v in self.headers:
            if n == name.lower():
                return v
        return None

    def names(self):
        return {n for n, _ in self.headers}

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def dechunk(body):
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        try:
            n = int(size.split(b";")[0], 16)
        except ValueError:
            break
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2:]
    return out


def send_raw(apache, data, timeout=30, shut=True):
    """Sends data as it is and reads until the server closes."""
    s = socket.create_connection(("127.0.0.1", apache.port), timeout=timeout)
    chunks = []
    try:
        try:
            s.sendall(data)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass            # it answered and closed before reading it all
        while True:
            try:
                b = s.recv(65536)
            except ConnectionResetError:
                break
            if not b:
                break
            chunks.append(b)
    finally:
        s.close()
    return Raw(b"".join(chunks))


def request_bytes(apache, method, target, headers=(), body=b""):
    if isinstance(target, str):
        target = target.encode("latin-1")
    lines = [method.encode() + b" " + target + b" HTTP/1.1",
             b"Host: 127.0.0.1:%d" % apache.port]
    for h in headers:
        lines.append(h.encode("latin-1") if isinstance(h, str) else h)
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def raw_get(apache, target, headers=(), method="GET"):
    return send_raw(apache, request_bytes(apache, method, target, headers))


def form_bytes(data, raw=None):
    """An urlencoded form; raw holds values already encoded (or raw bytes,
    as latin-1 code points), put in as they are."""
    raw = raw or {}
    parts = ["%s=%s" % (urllib.parse.quote_plus(k),
                        urllib.parse.quote_plus(v))
             for k, v in data.items() if k not in raw]
    parts += ["%s=%s" % (k, v) for k, v in raw.items()]
    return "&".join(parts).encode("latin-1")


def editor_post_raw(apache, page, body, headers=None):
    h = ["Authorization: " + AUTH,
         "Content-Type: application/x-www-form-urlencoded"]
    h += headers if headers is not None else \
        ["Content-Length: %d" % len(body)]
    return send_raw(apache, request_bytes(apache, "POST", "/redigering" + page,
                                          h, body))


class _Inputs(html.parser.HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name, self.values = name, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == self.name:
            self.values.append(a.get("value") or "")


def input_values(page, name):
    """The value of every <input name=NAME>, as a browser reads them."""
    p = _Inputs(name)
    p.feed(page)
    return p.values


def mark():
    return "M" + uuid.uuid4().hex[:10]


def assert_no_secrets(text, what=""):
    for s in SECRETS:
        assert s not in text, (what, s)


def assert_utf8_if_declared(r):
    ctype = (r.header("content-type") or b"").lower()
    if b"charset=utf-8" in ctype:
        r.body.decode("utf-8")      # raises on invalid UTF-8


# =============================================================================
# 1. Invalid UTF-8 and NUL bytes in path, query and form
# =============================================================================

BAD_PATHS = [
    "/%00", "/samferdsel%00", "/samferdsel%00.html", "/%FF", "/\xff",
    "/sam\xc3\x28ferdsel", "/%C3%28", "/%ED%A0%80", "/%C0%AF", "/%C0%AE%C0%AE",
    "/samferdsel/%FF", "/%EF%BF%BE", DOC + "%00", DOC + "%00.html",
    "/naeringsnettverket/dokumenter/%FF.pdf",
    "/naeringsnettverket/dokumenter/\xff\xfe.pdf",
    "/ressurser/naering.css%00", "/ressurser/%FF.css",
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_bad_bytes_in_path_are_4xx(hs, path):
    r = raw_get(hs, path)
    assert r.status in (400, 404), (path, r.status)
    assert_utf8_if_declared(r)
    assert_no_secrets(r.text, path)


@pytest.mark.parametrize("path", ["/%00", "/redigering/samferdsel%00",
                                  "/redigering/%FF", "/redigering/\xff",
                                  "/redigering/%C3%28"])
def test_bad_bytes_in_editor_path_are_4xx(hs, path):
    r = raw_get(hs, path, ["Authorization: " + AUTH])
    assert r.status in (400, 404), (path, r.status)
    assert_utf8_if_declared(r)
    assert b'name="csrf"' not in r.body




@pytest.mark.parametrize("path", [
    "/%FF",
    "/\xff",
    "/sam\xc3\x28ferdsel",
    "/%ED%A0%80",
    pytest.param("/naeringsnettverket/dokumenter/%FF.pdf",
                 marks=()),
    "/finnes-ikke",
])
def test_xml_view_of_a_bad_path_is_wellformed(hs, path):
    r = raw_get(hs, path + "?format=xml", ["Authorization: " + AUTH])
    assert r.status == 404
    assert r.header("content-type").startswith(b"application/xml")
    xml.dom.minidom.parseString(r.body)


BAD_QUERIES = [
    "/sok?q=%00", "/sok?q=a%00b", "/sok?q=%FF", "/sok?q=\xff\xfe",
    "/sok?q=%C3%28", "/sok?q=%ED%A0%80", "/sok?q=%C0%AF", "/sok?q=%",
    "/sok?q=%zz", "/sok?q=n%C3%A6ring&side=%00", "/sok?q=x&side=%FF",
    "/sok?q=x&side=99999999999999999999999", "/sok?q=x&side=-1",
    "/?format=%00", "/samferdsel?format=xml%00", "/samferdsel?%00",
    "/samferdsel?format=%FF", "/feed.atom?x=%FF", "/sitemap.xml?\xff",
    DOC + "?%00", "/ressurser/naering.css?\xff",
]


@pytest.mark.parametrize("target", BAD_QUERIES)
def test_bad_bytes_in_query_are_harmless(hs, target):
    r = raw_get(hs, target)
    assert r.status in (200, 400), (target, r.status)
    assert_utf8_if_declared(r)
    if target.startswith("/sok") and r.status == 200:
        # Not searched and not echoed as broken bytes.
        assert "Søk" in r.text
        assert b"\xff" not in r.body and b"\x00" not in r.body


@pytest.mark.parametrize("query", [
    "vis=%FF", "vis=%00", "vis=historikk%00", "vis=diff&fra=%00&til=%FF",
    "vis=diff&fra=\xff&til=1", "melding=%FF", "melding=%00", "melding=\xff",
    "vis=ny&x=%C3%28"])
def test_bad_bytes_in_editor_query_are_harmless(hs, query):
    gen = generation(hs)
    r = raw_get(hs, "/redigering/samferdsel?" + query,
                ["Authorization: " + AUTH])
    assert r.status in (200, 400, 404), (query, r.status)
    assert_utf8_if_declared(r)
    assert b"\xff" not in r.body
    assert generation(hs) == gen


FORM_PAGE = "/helse-og-omsorg"
FIELDS = ["title", "summary", "body", "comment", "contact_name",
          "contact_email", "contact_phone", "handling", "status", "meny",
          "revision", "csrf"]
BAD_VALUES = {"pct-ff": "%FF", "raw-ff": "x\xffy", "bad-cont": "%C3%28",
              "surrogate": "%ED%A0%80", "overlong": "%C0%AF",
              "nul": "a%00b", "bad-escape": "a%zzb"}

NUL_BUG = ("bug: a field holding %00 or a malformed escape (%zz) is "
           "treated as ABSENT: query.c naering_unescape returns "
           "NULL, form.c naering_form_text turns that into \"\", and the save "
           "succeeds (303) with the field emptied - a body with one NUL "
           "wipes the page's text")
ACTION_BUG = ("bug: editor_actions.c naering_editor_post treats a "
              "\"handling\" that is not valid UTF-8 (naering_field -> NULL) "
              "or holds %00 like a missing one and SAVES the form (303)")
STATUS_BUG = ("bug: form.c reads \"status\" with naering_query_get "
              "without the UTF-8 check of naering_form_text: an undecodable "
              "or invalid status is taken as \"publisert\" and saved (303)")


def form_case(fld, key):
    # NUL_BUG, ACTION_BUG and STATUS_BUG are fixed: form.c answers 400 for
    # a field that is there but cannot be read.
    return pytest.param(fld, key)


@pytest.mark.parametrize("fld,key", [form_case(f, k) for f in FIELDS
                                     for k in BAD_VALUES])
def test_bad_bytes_in_form_fields_are_refused(hs, fld, key):
    ed = Editor(hs)
    data = ed.form(FORM_PAGE)
    marker = mark()
    data.update(title="Skal ikke lagres " + marker, handling="lagre",
                body="<p>Tekst %s</p>" % marker, summary="Ingress " + marker)
    before, gen = current(hs, FORM_PAGE), generation(hs)
    r = ed.post(FORM_PAGE, None, raw=form_bytes(data, {fld: BAD_VALUES[key]}))
    assert 400 <= r.status < 500, (fld, key, r.status)
    assert generation(hs) == gen, (fld, key, "something was stored")
    assert current(hs, FORM_PAGE) == before
    assert marker not in hs.get(FORM_PAGE).text
    if r.status == 400 and fld not in ("revision", "title"):
        assert "Ugyldig forespørsel" in r.text or 'aria-invalid' in r.text


@pytest.mark.parametrize("action,fld,value", [
    ("opprett", "slug", "%FF"), ("opprett", "slug", "a%00b"),
    ("opprett", "slug", "ny\xffside"), ("opprett", "slug", "%C3%28"),
    ("flytt", "parent", "%FF"), ("flytt", "parent", "/a%00b"),
    ("flytt", "slug", "%ED%A0%80"), ("flytt", "slug", "a%00b"),
    ("gjenopprett", "restore", "%FF"), ("angre-sletting", "id", "%00"),
])
def test_bad_bytes_in_other_actions_are_refused(hs, action, fld, value):
    ed = Editor(hs)
    gen = generation(hs)
    pages = db_rows(hs, "SELECT id, path, parent_id FROM page ORDER BY id")
    data = {"csrf": ed.csrf(FORM_PAGE), "handling": action,
            "title": "Ny side", "body": "<p>x</p>", "slug": "ny-side-x",
            "parent": "/", "status": "utkast"}
    r = ed.post(FORM_PAGE, None, raw=form_bytes(data, {fld: value}))
    assert r.status in (400, 404), (action, fld, value, r.status)
    assert generation(hs) == gen
    assert db_rows(hs, "SELECT id, path, parent_id FROM page"
                       " ORDER BY id") == pages


# =============================================================================
# 2. 100 kB paths, 1 MB query strings (LimitRequestLine 16384)
# =============================================================================

@pytest.mark.parametrize("prefix,auth_header", [
    ("/", False), ("/samferdsel/", False),
    ("/naeringsnettverket/dokumenter/", False), ("/ressurser/", False),
    ("/redigering/", True)])
def test_100kb_path_is_414(hs, prefix, auth_header):
    t = time.time()
    r = raw_get(hs, prefix + "a" * 100 * 1024,
                ["Authorization: " + AUTH] if auth_header else [])
    assert r.status == 414, r.status
    assert time.time() - t < 10


@pytest.mark.parametrize("target", [
    "/sok?q=", "/?x=", "/samferdsel?format=xml&x=", "/feed.atom?",
    DOC + "?", "/redigering/samferdsel?vis="])
def test_1mb_query_is_414(hs, target):
    t = time.time()
    r = raw_get(hs, target + "a%20" * (256 * 1024), ["Authorization: " + AUTH])
    assert r.status == 414, r.status
    assert time.time() - t < 10


def test_long_input_below_the_limits(hs):
    # 15 kB of search terms: the module takes at most 12 terms.
    r = raw_get(hs, "/sok?q=" + "n%C3%A6ring+" * 1200)
    assert r.status == 200 and "Søk" in r.text
    # One path segment longer than a file name: refused by httpd's
    # directory walk (403) or by the router (404), never a 5xx.
    r = raw_get(hs, "/" + "a" * 5000)
    assert r.status in (403, 404)
    r = raw_get(hs, "/samferdsel/" + "b-" * 3000 + "c")
    assert r.status in (403, 404)
    # A 100 kB header: httpd's LimitRequestFieldSize.
    r = raw_get(hs, "/", ["Cookie: " + "c" * 100 * 1024])
    assert r.status == 400
    # 500 headers: LimitRequestFields.
    r = raw_get(hs, "/", ["X-H%d: %d" % (i, i) for i in range(500)])
    assert r.status == 400


# =============================================================================
# 3. Bodies nested 10,000 levels deep
# =============================================================================

NEST_PAGE = "/samferdsel"


@pytest.mark.parametrize("opening,closing,n", [
    pytest.param("<div>", "</div>", 10000, marks=(), id="div"),
    pytest.param("<div>", "", 10000, marks=(), id="div-unclosed"),
    pytest.param("<blockquote>", "</blockquote>", 10000, marks=(),
                 id="blockquote"),
    pytest.param("<span>", "</span>", 10000, marks=(), id="span"),
    pytest.param("<b>", "</b>", 10000, marks=(), id="b"),
    pytest.param("<ul><li>", "</li></ul>", 5000, marks=(), id="ul-li"),
    pytest.param("<table><tr><td>", "</td></tr></table>", 3334,
                 marks=(), id="table"),
    pytest.param("<div>", "</div>", 250, id="div-250"),
    pytest.param("<p>", "</p>", 10000, id="p"),
    pytest.param('<a href="/samferdsel">', "</a>", 10000, id="a"),
    pytest.param("<li>", "</li>", 10000, id="li"),
])
def test_deeply_nested_body_is_kept_or_refused(hs, opening, closing, n):
    ed = Editor(hs)
    m = mark()
    body = ("<p>FOER%s</p>" % m + opening * n + "DYPT" + m + closing * n
            + "<p>ETTER%s</p>" % m)
    gen = generation(hs)
    t = time.time()
    r = ed.save(NEST_PAGE, body=body)
    assert time.time() - t < 20
    assert r.status in (303, 400, 413), r.status
    page = hs.get(NEST_PAGE)
    assert page.status == 200
    assert ed.get(NEST_PAGE).status == 200
    assert ed.get(NEST_PAGE, "vis=historikk").status == 200
    x = hs.get(NEST_PAGE + "?format=xml")
    assert x.status == 200
    xml.dom.minidom.parseString(x.body)
    if r.status == 303:
        for word in ("FOER", "DYPT", "ETTER"):
            assert word + m in page.text, (word, "lost from the saved page")
    else:
        assert generation(hs) == gen


def test_deeply_nested_preview_and_diff_render(hs):
    ed = Editor(hs)
    body = "<div>" * 10000 + "x" + "</div>" * 10000
    data = ed.form(NEST_PAGE)
    r = ed.post(NEST_PAGE, dict(data, body=body, handling="forhandsvis"))
    assert r.status in (200, 400)
    hist = ed.get(NEST_PAGE, "vis=historikk")
    ids = re.findall(r'name="til" value="(\d+)"', hist.text)
    assert len(ids) >= 2
    diff = ed.get(NEST_PAGE, "vis=diff&fra=%s&til=%s" % (ids[-1], ids[0]))
    assert diff.status == 200


# =============================================================================
# 4. XML external entities and entity expansion wherever XML is parsed
# =============================================================================
#
# Where the module parses markup from outside: the editor body (libxml2's
# HTML parser in sanitize.c); the stored body again when a page is built
# (xml.c) and diffed (diff.c), both with the XML parser in node context.
# Form posts with an XML Content-Type are refused (415) unparsed.

XXE_PAGE = "/om-knutepunkt-sorlandet"


def xxe_bodies(port, probe):
    url = "http://127.0.0.1:%d/%s" % (port, probe)
    laughs = ['<!ENTITY l0 "lol">'] + [
        '<!ENTITY l%d "%s">' % (i, ("&l%d;" % (i - 1)) * 10)
        for i in range(1, 10)]
    return {
        "file": '<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<p>A &x; B</p>',
        "http": '<!DOCTYPE p [<!ENTITY x SYSTEM "%s-entity">]><p>&x;</p>'
                % url,
        "param": '<!DOCTYPE p [<!ENTITY %% d SYSTEM "%s-dtd"> %%d;]><p>x</p>'
                 % url,
        "doctype": '<!DOCTYPE html SYSTEM "%s-doctype"><p>x</p>' % url,
        "laughs": '<!DOCTYPE p [%s]><p>&l9;</p>' % "".join(laughs),
        "quadratic": '<!DOCTYPE p [<!ENTITY a "%s">]><p>%s</p>'
                     % ("lol" * 10000, "&a;" * 20000),
        "xinclude": '<p xmlns:xi="http://www.w3.org/2001/XInclude">'
                    '<xi:include href="file:///etc/passwd" parse="text"/>'
                    '<xi:include href="%s-xi" parse="text"/></p>' % url,
        "xslt": '<?xml-stylesheet type="text/xsl" href="%s-pi"?>'
                '<p xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                '<xsl:value-of select="document(\'/etc/passwd\')"/>'
                '<xsl:copy-of select="document(\'%s-doc\')"/></p>'
                % (url, url),
        "src": '<p><img src="file:///etc/passwd"><img src="%s-img">'
               '<svg><image href="file:///etc/passwd"/></svg>'
               '<iframe src="file:///etc/passwd"></iframe></p>' % url,
        "encoding": '<?xml version="1.0" encoding="UTF-7"?>'
                    '+ADw-p+AD4-x+ADw-/p+AD4-<p>&#x26;x;</p>',
    }


@pytest.mark.parametrize("name", ["file", "http", "param", "doctype",
                                  "laughs", "quadratic", "xinclude", "xslt",
                                  "src", "encoding"])
def test_editor_body_entities_are_never_resolved(hs, name):
    probe = "xxe-probe-" + uuid.uuid4().hex[:8]
    body = xxe_bodies(hs.port, probe)[name]
    ed = Editor(hs)
    data = ed.form(XXE_PAGE)
    t = time.time()
    pre = ed.post(XXE_PAGE, dict(data, body=body, handling="forhandsvis"))
    saved = ed.post(XXE_PAGE, dict(data, body=body))
    assert time.time() - t < 10, "entity expansion took too long"
    assert pre.status == 200, pre.status
    assert saved.status == 303, saved.status
    stored = current(hs, XXE_PAGE)[2]
    assert len(stored) < 1024 * 1024
    views = [pre.text, stored, hs.get(XXE_PAGE).text,
             hs.get(XXE_PAGE + "?format=xml").text,
             textarea(ed.get(XXE_PAGE).text, "body")]
    hist = ed.get(XXE_PAGE, "vis=historikk").text
    ids = re.findall(r'name="til" value="(\d+)"', hist)
    views.append(ed.get(XXE_PAGE, "vis=diff&fra=%s&til=%s"
                        % (ids[1], ids[0])).text)
    for v in views:
        assert_no_secrets(v, name)
        # Expanded, "laughs" would be 3 GB and "quadratic" 600 MB.
        assert len(v) < 2 * 1024 * 1024, (name, len(v))
    time.sleep(0.2)
    assert probe not in read_access(hs, 0), "the server fetched " + probe
    assert hs.get(XXE_PAGE).status == 200


def test_entities_in_text_fields_stay_text(hs):
    ed = Editor(hs)
    title = "&x; &lt;&amp; &#0; &#xFFFFFF; &l9;"
    summary = ('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               '&x;')
    r = ed.save(XXE_PAGE, title=title, summary=summary,
                comment="&x; <!ENTITY y 'z'>")
    assert r.status == 303
    page = hs.get(XXE_PAGE).text
    assert "<h1>%s</h1>" % html.escape(title, quote=False) in page
    assert_no_secrets(page)
    assert current(hs, XXE_PAGE)[:2] == (title, summary)
    x = hs.get(XXE_PAGE + "?format=xml")
    xml.dom.minidom.parseString(x.body)
    assert_no_secrets(x.text)


# =============================================================================
# 5. SQL metacharacters in every field
# =============================================================================

SQL_PAGE = "/kontakt-oss"
SQL = ("Robert'); DROP TABLE page;-- \" OR \"1\"=\"1 %' /* */ ; \\ `x` "
       "UNION SELECT secret FROM setting --")
SQL_EMAIL = "o'hara\"--@example.no"
SQL_PHONE = "(+47) 1-2 3"


def test_sql_in_every_page_field_is_stored_as_text(hs):
    ed = Editor(hs)
    pages = db_rows(hs, "SELECT count(*) FROM page")
    r = ed.save(SQL_PAGE, title=SQL, summary=SQL, body="<p>%s</p>"
                % html.escape(SQL), comment=SQL, contact_name=SQL,
                contact_email=SQL_EMAIL, contact_phone=SQL_PHONE)
    assert r.status == 303, r.status
    # The sanitizer's own escaping: & < > and " (not ').
    stored = SQL.replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;").replace('"', "&quot;")
    assert current(hs, SQL_PAGE) == (SQL, SQL, "<p>%s</p>" % stored, SQL,
                                     SQL, SQL_EMAIL, SQL_PHONE)
    page = hs.get(SQL_PAGE)
    assert page.status == 200
    assert "<h1>%s</h1>" % html.escape(SQL, quote=False) in page.text
    form = ed.form(SQL_PAGE)
    assert (form["title"], form["summary"], form["contact_name"]) \
        == (SQL, SQL, SQL)
    assert html.escape(SQL, quote=False) in ed.get(
        SQL_PAGE, "vis=historikk").text
    assert db_rows(hs, "SELECT count(*) FROM page") == pages
    # Still searchable as words.
    s = hs.get("/sok?q=" + urllib.parse.quote("Robert UNION"))
    assert s.status == 200 and 'href="%s"' % SQL_PAGE in s.text


@pytest.mark.parametrize("slug,status", [
    ("x'--", 400), ("a;drop", 400), ("a\" or \"1", 400), ("%27", 400),
    ("a/../b", 400), ("ny-sql-side", 303)])
def test_sql_in_slug(hs, slug, status):
    ed = Editor(hs)
    gen = generation(hs)
    r = ed.post(SQL_PAGE, {"csrf": ed.csrf(SQL_PAGE), "handling": "opprett",
                           "slug": slug, "title": SQL, "body": "<p>x</p>",
                           "comment": SQL, "status": "publisert"})
    assert r.status == status, (slug, r.status)
    if status == 303:
        assert r.header("Location").endswith(
            "/redigering%s/%s?melding=opprettet" % (SQL_PAGE, slug))
        p = hs.get("%s/%s" % (SQL_PAGE, slug))
        assert p.status == 200
        assert "<h1>%s</h1>" % html.escape(SQL, quote=False) in p.text
    else:
        assert generation(hs) == gen
        assert "Bruk små bokstaver" in r.text


@pytest.mark.parametrize("q", [
    SQL, "' OR 1=1 --", "\") OR (\"", "NEAR(a b)", "*", "a:b", "title:x",
    "^x", "-x", "\"", "x AND", "OR", "{title summary}: x", "næ*ring\"",
    "%", "_", "\\", "'; DELETE FROM page; --"])
def test_sql_and_fts_syntax_in_search(hs, q):
    r = hs.get("/sok?q=" + urllib.parse.quote(q))
    assert r.status == 200
    # Shown back as text in the search box, exactly as typed.
    assert input_values(r.text, "q") == ["", q]
    assert "syntax error" not in r.text.lower()
    assert db_rows(hs, "SELECT count(*) FROM page")[0][0] >= 6


@pytest.mark.parametrize("action,fields", [
    ("gjenopprett", {"restore": "1 OR 1=1"}),
    ("gjenopprett", {"restore": "0; DROP TABLE revision"}),
    ("angre-sletting", {"id": "1; DROP TABLE page"}),
    ("angre-sletting", {"id": "-1 OR 1=1"}),
    ("angre-sletting", {"id": "99999999999999999999999"}),
    ("flytt", {"parent": "/' OR '1'='1", "slug": "kontakt-oss"}),
    ("flytt", {"parent": "/", "slug": "kontakt' OR '1"}),
])
def test_sql_in_ids_and_paths_changes_nothing(hs, action, fields):
    ed = Editor(hs)
    gen = generation(hs)
    before = current(hs, SQL_PAGE)
    data = dict(fields, csrf=ed.csrf(SQL_PAGE), handling=action)
    r = ed.post(SQL_PAGE, data)
    assert r.status in (400, 404), r.status
    assert generation(hs) == gen
    assert current(hs, SQL_PAGE) == before


@pytest.mark.parametrize("target", [
    "/naeringsnettverket/dokumenter/x'%20OR%20'1'='1",
    "/naeringsnettverket/dokumenter/'%20OR%201=1--",
    "/naeringsnettverket/dokumenter/%25",
    "/samferdsel'%20OR%20'1'='1", "/samferdsel%22--",
    "/redigering/samferdsel'--",
    "/redigering/samferdsel?vis=diff&fra=1%20OR%201=1&til=2",
    "/redigering/samferdsel?vis=diff&fra=0'&til=1%22",
])
def test_sql_in_urls_is_404(hs, target):
    r = raw_get(hs, target, ["Authorization: " + AUTH])
    assert r.status in (400, 404), (target, r.status)
    assert r.header("content-type") != b"application/pdf"
    assert_no_secrets(r.text)


# =============================================================================
# 6. "..", encoded slashes and backslashes in document names and page paths
# =============================================================================

TRAVERSALS = [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fetc%2fpasswd", "/..%252f..%252fetc%252fpasswd",
    "/..%5c..%5cetc%5cpasswd", "/..\\..\\etc\\passwd",
    "/%252e%252e/%252e%252e/etc/passwd", "/.%2e/.%2e/etc/passwd",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/naeringsnettverket/dokumenter/../../../../etc/passwd",
    "/naeringsnettverket/dokumenter/..%2F..%2F..%2Fetc%2Fpasswd",
    "/naeringsnettverket/dokumenter/..%252F..%252Fetc%252Fpasswd",
    "/naeringsnettverket/dokumenter/..%5C..%5Cetc%5Cpasswd",
    "/naeringsnettverket/dokumenter/..\\..\\etc\\passwd",
    "/naeringsnettverket/dokumenter/%2e%2e%2f%2e%2e%2fsite.db",
    "/naeringsnettverket/dokumenter/%252e%252e",
    "/naeringsnettverket/dokumenter/.",
    "/naeringsnettverket/dokumenter/%2fetc%2fpasswd",
    "/naeringsnettverket/dokumenter//etc/passwd",
    "/naeringsnettverket/dokumenter/site.db",
    "/naeringsnettverket/dokumenter/..%2F..%2Fsite.db",
    "/naeringsnettverket/dokumenter/..%2F..%2Fhtpasswd",
    "/naeringsnettverket/dokumenter/Strategisk%20n%C3%A6ringsplan.pdf%2F..",
    "/naeringsnettverket/dokumenter/Strategisk%20n%C3%A6ringsplan.pdf/..%2f..",
    "/naeringsnettverket/dokumenter/\\etc\\passwd",
    "/ressurser/../../../../etc/passwd", "/ressurser/..%2f..%2fsite.xsl",
    "/ressurser/..%5csite.xsl", "/ressurser/..%252fsite.xsl",
    "/ressurser/.htaccess", "/ressurser/..", "/ressurser/%2e%2e%2fnb.xml",
    "/ressurser/naering.css%5c..%5c..%5csite.xsl",
    "/samferdsel/..%2F..%2Fetc%2Fpasswd", "/samferdsel\\..\\..\\etc\\passwd",
    "/samferdsel%5c..%5c..%5cetc%5cpasswd", "/site.db", "/site.db-wal",
    "/httpd.conf", "/htpasswd", "/error.log", "/%2e%2e/htpasswd",
    "/redigering/../../etc/passwd", "/redigering/..%2f..%2fetc%2fpasswd",
    "/redigering/samferdsel%5c..%5c..", "/redigering/%2e%2e/%2e%2e/etc/passwd",
    "/redigering/..\\..\\htpasswd",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_traversal_never_leaves_the_site(hs, target):
    r = raw_get(hs, target, ["Authorization: " + AUTH])
    assert r.status in (200, 301, 400, 403, 404), (target, r.status)
    if r.status == 200:
        # httpd removed the dot segments inside the site: a page of ours.
        assert r.header("content-type") == b"text/html; charset=utf-8"
        assert '<nav class="main-menu"' in r.text
    if r.status == 301:
        loc = r.header("location").decode("latin-1")
        assert loc.startswith("http://127.0.0.1:%d/" % hs.port), loc
        assert ".." not in loc and "%2e" not in loc.lower()
        assert hs.get(urllib.parse.urlsplit(loc).path).status == 200
    assert r.header("content-type") != b"application/pdf"
    assert_no_secrets(r.text, target)
    assert b"SQLite format 3" not in r.body


def test_the_real_document_and_asset_still_work(hs):
    r = hs.get(DOC)
    assert r.status == 200 and r.body.startswith(b"%PDF")
    assert hs.get("/ressurser/naering.css").status == 200


# =============================================================================
# 7. CR/LF in titles and fields that could reach headers, and in redirects
# =============================================================================

CRLF_PAGE = "/om-knutepunkt-sorlandet/styret"
INJECT = "\r\nX-Injected: ja\r\nSet-Cookie: kapret=1"


def assert_no_injection(headers):
    """headers: http.client's HTTPMessage or a list of (name, value)."""
    items = headers.items() if hasattr(headers, "items") else headers
    for name, value in items:
        name = name.lower() if isinstance(name, str) else name
        value = value.decode("latin-1") if isinstance(value, bytes) else value
        assert name not in ("x-injected", "set-cookie"), (name, value)
        assert "\r" not in value and "\n" not in value, (name, value)


@pytest.mark.parametrize("fld", ["title", "contact_name", "contact_email",
                                 "contact_phone"])
@pytest.mark.parametrize("nl", ["\r\n", "\n", "\r"])
def test_line_breaks_in_one_line_fields_are_refused(hs, fld, nl):
    ed = Editor(hs)
    gen = generation(hs)
    value = "Tittel" + INJECT.replace("\r\n", nl)
    r = ed.save(CRLF_PAGE, **{fld: value})
    assert r.status == 400, r.status
    assert "Kan ikke inneholde linjeskift" in r.text
    assert_no_injection(r.headers)
    assert generation(hs) == gen


def test_line_breaks_in_comment_and_summary_are_text(hs):
    ed = Editor(hs)
    r = ed.save(CRLF_PAGE, comment="Linje 1" + INJECT,
                summary="Ingress" + INJECT)
    assert r.status == 303
    assert_no_injection(r.headers)
    assert r.header("Location") == "http://127.0.0.1:%d/redigering%s" \
        "?melding=lagret" % (hs.port, CRLF_PAGE)
    # CR LF is stored as LF.
    assert current(hs, CRLF_PAGE)[3] == "Linje 1" + INJECT.replace("\r", "")
    for r in (hs.get(CRLF_PAGE), ed.get(CRLF_PAGE, "vis=historikk"),
              hs.get("/feed.atom"), ed.get("/", "vis=endringer")):
        assert r.status == 200
        assert_no_injection(r.headers)


@pytest.mark.parametrize("data,status", [
    ({"handling": "opprett", "slug": "ny" + INJECT, "title": "Ny"}, 400),
    ({"handling": "opprett", "slug": "ny%0D%0AX-Injected:%20ja",
      "title": "Ny"}, 400),
    ({"handling": "flytt", "parent": "/", "slug": "styret" + INJECT}, 400),
    ({"handling": "flytt", "parent": "/" + INJECT, "slug": "styret"}, 404),
    ({"handling": "lagre" + INJECT}, 400),
    ({"handling": "gjenopprett", "restore": "1" + INJECT}, 404),
])
def test_line_breaks_never_reach_a_header(hs, data, status):
    ed = Editor(hs)
    gen = generation(hs)
    r = ed.post(CRLF_PAGE, dict(data, csrf=ed.csrf(CRLF_PAGE)))
    assert r.status == status, r.status
    assert_no_injection(r.headers)
    assert generation(hs) == gen


@pytest.mark.parametrize("target", [
    "/Samferdsel?a=%0D%0AX-Injected:%20ja",
    "/samferdsel/?a=%0d%0aSet-Cookie:%20kapret=1",
    "//samferdsel?%0D%0AX-Injected:%20ja",
    "/SAMFERDSEL//?x=%0AX-Injected:%20ja&y=%0D",
    "/sok/?q=%0D%0AX-Injected:%20ja",
    "/Om-Knutepunkt-Sorlandet?%E5%98%8A%E5%98%8DX-Injected:%20ja",
])
def test_line_breaks_in_redirects_stay_encoded(hs, target):
    r = raw_get(hs, target)
    assert r.status == 301, r.status
    assert_no_injection(r.headers)
    loc = r.header("location").decode("latin-1")
    assert loc.startswith("http://127.0.0.1:%d/" % hs.port), loc
    assert "X-Injected" not in loc or "%0" in loc or "%E5" in loc.upper()


@pytest.mark.parametrize("target", [
    "/samferdsel%0D%0AX-Injected:%20ja", "/samferdsel%0aX-Injected:%20ja",
    "/redigering/samferdsel%0D%0AX-Injected:%20ja",
    "/naeringsnettverket/dokumenter/x%0D%0AX-Injected:%20ja.pdf",
    "/redigering/samferdsel?melding=%0D%0AX-Injected:%20ja",
    "/sok?q=%0D%0AX-Injected:%20ja",
])
def test_encoded_line_breaks_in_urls_are_4xx_or_text(hs, target):
    r = raw_get(hs, target, ["Authorization: " + AUTH])
    assert r.status in (200, 400, 404), r.status
    assert_no_injection(r.headers)


@pytest.mark.parametrize("line", [
    b"GET /samferdsel\rX-Injected: ja HTTP/1.1",
    b"GET /samferdsel?a=\rX-Injected: ja HTTP/1.1",
    b"GET /samferdsel\x0bX HTTP/1.1", b"GET /samferdsel\x00 HTTP/1.1",
    b"GET /sam ferdsel HTTP/1.1",
])
def test_raw_control_bytes_in_request_line_are_400(hs, line):
    r = send_raw(hs, line + b"\r\nHost: 127.0.0.1\r\n"
                 b"Connection: close\r\n\r\n")
    assert r.status == 400, r.status
    assert_no_injection(r.headers)


def test_redirect_location_is_plain_ascii(hs):
    r = raw_get(hs, "/Samferdsel?x=\xe5\x98\x8a\xe5\x98\x8dX-Injected:%20ja"
                    "&y=\xff")
    assert r.status == 301
    loc = r.header("location")
    assert all(0x21 <= b < 0x7f for b in loc), loc


def test_document_names_with_line_breaks_never_reach_headers(hs, tmp_path):
    src = tmp_path / "notat.txt"
    src.write_bytes(b"hei")
    names = ["Notat\r\nX-Injected: ja.txt", 'Notat "a"; filename=evil.txt',
             "Notat\\..\\..\\x.txt", "Notat\r\n\r\n<html>.txt"]
    # naering-admin is the only way in today (upload is not covered here):
    # it may clean a name or refuse it, but what it takes must be served
    # without a header injection.
    taken = [n for n in names if admin("attach", hs.db, "/samferdsel",
                                       str(src), "Notat", n,
                                       check=False).returncode == 0]
    own_tree(hs.rundir)
    assert taken, "naering-admin refused every name"
    page = hs.get("/samferdsel")
    links = re.findall(r'href="(/samferdsel/dokumenter/[^"]+)"', page.text)
    assert len(links) >= len(taken)
    for link in links:
        r = raw_get(hs, html.unescape(link))
        assert r.status == 200, (link, r.status)
        assert r.body == b"hei"
        assert_no_injection(r.headers)
        cd = r.header("content-disposition").decode("latin-1")
        assert cd.startswith("attachment; filename=\"")
        assert cd.count('"') == 2, cd


# =============================================================================
# 8. PUT, DELETE, TRACE, OPTIONS, PATCH, PROPFIND, unknown methods
# =============================================================================

PUBLIC_URLS = ["/", "/samferdsel", DOC, "/sok?q=n%C3%A6ring", "/feed.atom",
               "/sitemap.xml", "/ressurser/naering.css", "/finnes-ikke"]
EDITOR_URLS = ["/redigering/samferdsel", "/redigering",
               "/redigering/samferdsel?vis=historikk"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "PROPFIND",
                                    "PROPPATCH", "MKCOL", "COPY", "MOVE",
                                    "LOCK", "FOO", "POST"])
def test_other_methods_are_405_and_change_nothing(hs, method):
    gen = generation(hs)
    body = form_bytes({"title": "Kapret", "body": "<p>Kapret</p>",
                       "handling": "slett"})
    urls = PUBLIC_URLS + ([] if method == "POST" else EDITOR_URLS)
    for url in urls:
        for with_auth in (False, True):
            h = ["Content-Type: application/x-www-form-urlencoded",
                 "Content-Length: %d" % len(body),
                 "Destination: http://127.0.0.1:%d/kapret" % hs.port]
            if with_auth:
                h.append("Authorization: " + AUTH)
            r = send_raw(hs, request_bytes(hs, method, url, h, body))
            if url.startswith("/redigering") and not with_auth:
                assert r.status == 401, (method, url, r.status)
                continue
            assert r.status in (405, 501), (method, url, r.status)
            allow = (r.header("allow") or b"").decode()
            if r.status == 405:
                assert "GET" in allow.split(","), (url, allow)
                assert method not in allow.split(","), (url, allow)
    assert generation(hs) == gen
    page = hs.get("/samferdsel")
    assert page.status == 200 and "Kapret" not in page.text


@pytest.mark.parametrize("url", PUBLIC_URLS + EDITOR_URLS)
def test_options_answers_without_changing_anything(hs, url):
    gen = generation(hs)
    r = raw_get(hs, url, ["Authorization: " + AUTH], method="OPTIONS")
    assert r.status == 200, r.status
    allow = r.header("allow").decode().split(",")
    assert "GET" in allow and "HEAD" in allow
    for m in ("PUT", "DELETE", "PATCH", "PROPFIND"):
        assert m not in allow
    assert r.body == b""
    assert generation(hs) == gen


@pytest.mark.parametrize("url", ["/samferdsel", DOC, "/sok?q=x"])
def test_options_on_public_urls_does_not_offer_post(hs, url):
    r = raw_get(hs, url, method="OPTIONS")
    assert r.status == 200
    assert "POST" not in r.header("allow").decode().split(",")




@pytest.mark.parametrize("url", ["/", "/samferdsel", "/redigering/samferdsel"])
def test_trace_is_refused_and_does_not_echo(hs, url):
    r = raw_get(hs, url, ["Authorization: " + AUTH, "Cookie: hemmelig=1"],
                method="TRACE")
    assert r.status in (403, 405, 501), r.status
    assert AUTH.encode() not in r.body and b"hemmelig" not in r.body


@pytest.mark.parametrize("url", ["/", "/samferdsel", "/redigering/samferdsel",
                                 DOC])
def test_trace_shows_nothing_of_the_site(hs, url):
    """What TRACE does today: httpd's core answers before authentication and
    before the module; the answer holds the request and nothing else."""
    gen = generation(hs)
    req = request_bytes(hs, "TRACE", url, ["X-Probe: sonde"])
    r = send_raw(hs, req)
    assert r.status in (200, 403, 405, 501), r.status
    if r.status == 200:
        assert r.header("content-type") == b"message/http"
        assert r.body.rstrip(b"\r\n") == req.rstrip(b"\r\n")
    assert b'name="csrf"' not in r.body and b"Knutepunkt" not in r.body
    assert_no_secrets(r.text)
    assert "set-cookie" not in r.names()
    # TRACE with a body is refused either way.
    r = send_raw(hs, request_bytes(hs, "TRACE", url, ["Content-Length: 3"],
                                   b"abc"))
    assert r.status in (405, 413), r.status
    assert generation(hs) == gen


# =============================================================================
# 9. Content-Type and Content-Length on editor POSTs; bodies that stop
#    half-way
# =============================================================================

POST_PAGE = "/naeringsnettverket"


def valid_form(hs, marker):
    data = Editor(hs).form(POST_PAGE)
    data["title"] = "Kapret " + marker
    return form_bytes(data)


@pytest.mark.parametrize("ctype,statuses", [
    (None, (415,)), ("text/plain", (415,)), ("application/json", (415,)),
    ("application/xml", (415,)), ("text/xml", (415,)),
    ("application/x-www-form", (415,)), ("x-www-form-urlencoded", (415,)),
    ("", (415,)), ("application/x-www-form-urlencoded\x01", (400,)),
    # The page editor takes no multipart; the documents' upload does and
    # refuses a body that is not multipart.
    ("multipart/form-data; boundary=x", (400, 415)),
    ("multipart/form-data", (400, 415)),
])
def test_wrong_content_type_stores_nothing(hs, ctype, statuses):
    m = mark()
    body = valid_form(hs, m)
    if ctype and "xml" in ctype:
        body = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><r>&x;</r>&' + body)
    gen = generation(hs)
    h = ["Authorization: " + AUTH, "Content-Length: %d" % len(body)]
    if ctype is not None:
        h.append("Content-Type: " + ctype)
    r = send_raw(hs, request_bytes(hs, "POST", "/redigering" + POST_PAGE, h,
                                   body))
    assert r.status in statuses, r.status
    if r.status == 415:
        assert "Ukjent format" in r.text
    assert_no_secrets(r.text)
    assert generation(hs) == gen
    assert m not in hs.get(POST_PAGE).text


def test_latin1_form_is_400(hs):
    m = mark()
    data = Editor(hs).form(POST_PAGE)
    data["title"] = "Kapret æøå " + m
    body = urllib.parse.urlencode(data, encoding="latin-1",
                                  errors="replace").encode()
    gen = generation(hs)
    r = editor_post_raw(hs, POST_PAGE, body, [
        "Content-Length: %d" % len(body)])
    assert r.status == 400
    assert "Ugyldig forespørsel" in r.text
    assert generation(hs) == gen


@pytest.mark.parametrize("lengths,statuses", [
    ([], (400, 403, 411)),                      # no Content-Length at all
    (["abc"], (400,)), (["-1"], (400,)), (["+5"], (400,)), (["1e3"], (400,)),
    (["0x10"], (400,)), (["99999999999999999999999"], (400, 413)),
    (["2000000"], (413,)), (["5", "6"], (400,)), (["5, 5"], (400,)),
    (["0"], (403,)), (["10"], (403,)),            # shorter than the body
])
def test_wrong_content_length_stores_nothing(hs, lengths, statuses):
    m = mark()
    body = valid_form(hs, m)
    gen = generation(hs)
    t = time.time()
    r = editor_post_raw(hs, POST_PAGE, body,
                        ["Content-Length: " + n for n in lengths])
    assert time.time() - t < 10, "the server waited for a body"
    assert r.status in statuses, r.status
    assert generation(hs) == gen
    assert m not in hs.get(POST_PAGE).text


@pytest.mark.parametrize("te,chunks,statuses", [
    ("chunked", b"5\r\ncsrf=\r\nzz\r\nabc\r\n0\r\n\r\n", (400,)),
    ("chunked", b"ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n", (400, 413)),
    ("gzip, chunked", b"5\r\nabcde\r\n0\r\n\r\n", (400, 501)),
    ("identity", b"csrf=x", (400, 501)),
])
def test_wrong_transfer_encoding_stores_nothing(hs, te, chunks, statuses):
    gen = generation(hs)
    r = editor_post_raw(hs, POST_PAGE, chunks,
                        ["Transfer-Encoding: " + te])
    assert r.status in statuses, r.status
    assert generation(hs) == gen


def half_requests(hs, marker):
    """Posts that stop half-way: valid headers, a body cut short."""
    body = valid_form(hs, marker)
    head = ("POST /redigering%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            "Authorization: %s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            % (POST_PAGE, hs.port, AUTH)).encode()
    return {
        "cl1000-10bytes": head + b"Content-Length: 1000\r\n\r\n" + body[:10],
        "whole-form-short": head + b"Content-Length: %d\r\n\r\n"
                            % (len(body) + 990) + body,
        "chunked-half": head + b"Transfer-Encoding: chunked\r\n\r\n"
                        + b"%x\r\n" % len(body) + body[:len(body) // 2],
        "chunked-no-end": head + b"Transfer-Encoding: chunked\r\n\r\n"
                          + b"%x\r\n" % len(body) + body + b"\r\n",
        "headers-half": head[:70],
    }


@pytest.mark.parametrize("kind", ["cl1000-10bytes", "whole-form-short",
                                  "chunked-half", "chunked-no-end",
                                  "headers-half"])
def test_body_that_stops_half_way_is_400_and_stores_nothing(hs, kind):
    m = mark()
    data = half_requests(hs, m)[kind]
    gen = generation(hs)
    t = time.time()
    r = send_raw(hs, data, timeout=20)      # sends, then closes its side
    assert time.time() - t < 10, "the server waited after the client closed"
    assert r.status == 400, r.status
    assert generation(hs) == gen
    assert m not in hs.get(POST_PAGE).text


def test_stalled_bodies_do_not_hang_other_requests(hs):
    m = mark()
    reqs = half_requests(hs, m)
    gen = generation(hs)
    held = []
    try:
        for i in range(24):
            s = socket.create_connection(("127.0.0.1", hs.port), timeout=5)
            s.sendall(list(reqs.values())[i % len(reqs)])
            held.append(s)
        time.sleep(0.3)
        t = time.time()
        for path in ("/", "/samferdsel", "/sok?q=n%C3%A6ring", "/feed.atom",
                     DOC):
            assert hs.get(path).status == 200, path
        ed = Editor(hs)
        r = ed.save("/helse-og-omsorg", comment="Mens andre henger " + m)
        assert r.status == 303
        assert time.time() - t < 5, "stalled uploads slowed everyone down"
        assert generation(hs) == gen + 1
    finally:
        for s in held:
            s.close()
    time.sleep(0.5)
    # The stalled posts end with the client: nothing of theirs is stored.
    assert generation(hs) == gen + 1
    assert ("Kapret " + m) not in hs.get(POST_PAGE).text
    assert db_rows(hs, "SELECT count(*) FROM revision WHERE title = ?",
                   ("Kapret " + m,)) == [(0,)]


# =============================================================================
# 10. Control characters that are valid UTF-8 but not XML
# =============================================================================


CTRL_PAGE = "/helse-og-omsorg"


@pytest.mark.parametrize("ch", ["\x0b", "\x01", "\x1b", "\uffff"])
def test_control_characters_keep_feeds_wellformed(hs, ch):
    ed = Editor(hs)
    clean = ed.form(CTRL_PAGE)["summary"]
    try:
        r = ed.save(CTRL_PAGE, summary="Linje%sskift fra Word" % ch)
        assert r.status in (303, 400), r.status
        for url in ("/feed.atom", CTRL_PAGE + "?format=xml"):
            x = hs.get(url)
            assert x.status == 200
            xml.dom.minidom.parseString(x.body)
    finally:
        assert ed.save(CTRL_PAGE, summary=clean).status == 303
    xml.dom.minidom.parseString(hs.get("/feed.atom").body)


@pytest.mark.parametrize("q", ["%01", "%0B", "%1B", "%EF%BF%BF"])
def test_control_characters_in_search_keep_xml_wellformed(hs, q):
    r = hs.get("/sok?format=xml&q=" + q)
    assert r.status in (200, 400)
    if r.status == 200:
        xml.dom.minidom.parseString(r.body)
