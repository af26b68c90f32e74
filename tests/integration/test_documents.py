"""Editing documents over real HTTP: streamed uploads, stable URLs when
replaced, versions, rename, reorder, trash, limits, broken multipart,
hostile names and types -- with nothing half-written."""
import hashlib
import os
import re
import sqlite3
import subprocess
import unicodedata

import pytest

from conftest import make_server
from editor_client import Editor, add_users, field

PAGE = "/naeringsnettverket"
BOUNDARY = "----naeringTestBoundary7MA4YWxkTrZu0gW"


def pdf(text="Referat"):
    body = ("%PDF-1.4\n1 0 obj<<>>endobj\n% " + text + "\n%%EOF\n")
    return body.encode("utf-8")


def png():
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def multipart(fields, files, boundary=BOUNDARY):
    """fields: [(name, value)], files: [(name, filename, bytes, ctype)]"""
    out = []
    for name, value in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n%s\r\n" % (boundary, name, value)).encode())
    for name, filename, data, ctype in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                    % (boundary, name, filename, ctype)).encode("utf-8"))
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out)


class Docs:
    def __init__(self, apache):
        self.apache = apache
        self.ed = Editor(apache)

    def csrf(self):
        return field(self.ed.get(PAGE, "vis=dokumenter").text, "csrf")

    def post_raw(self, body, ctype=None):
        return self.ed.post(PAGE, None, raw=body, headers={
            "Content-Type": ctype or
            "multipart/form-data; boundary=" + BOUNDARY})

    def upload(self, files, titles=None, csrf=None, action="last-opp",
               extra=()):
        fields = [("csrf", csrf if csrf is not None else self.csrf()),
                  ("handling", action)] + list(extra)
        for i, t in enumerate(titles or []):
            fields.append(("tittel%d" % (i + 1), t))
        parts = [("fil%d" % (i + 1), name, data, "application/octet-stream")
                 for i, (name, data) in enumerate(files)]
        return self.post_raw(multipart(fields, parts))

    def listing(self):
        return self.ed.get(PAGE, "vis=dokumenter").text

    def public_docs(self):
        html = self.apache.get(PAGE).text
        sec = re.search(r'<section class="documents".*?</section>', html, re.S)
        return re.findall(r'<a href="([^"]+)">([^<]+)</a>', sec.group(0)) \
            if sec else []

    def action(self, act, **fields):
        data = {"csrf": self.csrf(), "handling": act}
        data.update(fields)
        return self.ed.post(PAGE, data)


def doc_id(listing, title):
    m = re.search(r'<article class="doc-card" aria-labelledby="doc-(\d+)-title">'
                  r'<h3 id="doc-\d+-title"><a href="[^"]+">%s</a>'
                  % re.escape(title), listing)
    return m.group(1)


def counts(apache):
    con = sqlite3.connect(apache.db)
    try:
        return (con.execute("SELECT count(*) FROM document").fetchone()[0],
                con.execute("SELECT count(*) FROM document_version")
                .fetchone()[0])
    finally:
        con.close()


def temp_files(apache):
    d = apache.db + "-filer"
    return [f for f in os.listdir(d) if f.startswith(".tmp")] \
        if os.path.isdir(d) else []


@pytest.fixture(scope="module")
def dsite(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.add_conf("limits", """
<Location "/redigering">
    NaeringMaxUpload 200M
</Location>
""")
    apache.start()
    yield apache
    apache.stop()
    assert "exit signal" not in apache.error_log()


@pytest.fixture
def docs(dsite):
    return Docs(dsite)


# ---- upload, list, download ----------------------------------------------------

def test_upload_shows_at_once_and_downloads_the_same_bytes(docs, dsite):
    data = pdf("Referat fra møte 3. mars")
    r = docs.upload([("Referat mars.pdf", data)], ["Referat fra mars"])
    assert r.status == 303
    assert "vis=dokumenter&melding=lastet-opp" in r.header("Location")
    found = dict((t, u) for u, t in docs.public_docs())
    assert "Referat fra mars" in found
    assert "Dokumenter (2)" in dsite.get(PAGE).text
    got = dsite.get(found["Referat fra mars"])
    assert got.status == 200
    assert hashlib.sha256(got.body).hexdigest() == \
        hashlib.sha256(data).hexdigest()
    assert got.header("Content-Type") == "application/pdf"


def test_several_files_in_one_upload(docs):
    r = docs.upload([("Vedlegg A.pdf", pdf("A")), ("Liste.csv",
                     "kommune;innbyggere\nVennesla;15000\n".encode()),
                     ("Kart.png", png())], ["Vedlegg A", "", "Kart"])
    assert r.status == 303
    titles = [t for _, t in docs.public_docs()]
    assert {"Vedlegg A", "Liste", "Kart"} <= set(titles)


def test_second_file_with_the_same_name_gets_a_number(docs, dsite):
    docs.upload([("Protokoll.pdf", pdf("1"))], ["Protokoll 1"])
    docs.upload([("Protokoll.pdf", pdf("2"))], ["Protokoll 2"])
    urls = dict((t, u) for u, t in docs.public_docs())
    assert urls["Protokoll 1"].endswith("/dokumenter/Protokoll.pdf")
    assert urls["Protokoll 2"].endswith("/dokumenter/Protokoll-2.pdf")
    assert b"% 2" in dsite.get(urls["Protokoll 2"]).body


# ---- replace, versions, restore ------------------------------------------------

def test_replace_keeps_the_url_and_the_old_version(docs, dsite):
    docs.upload([("Budsjett.pdf", pdf("gammel"))], ["Budsjett"])
    url = dict((t, u) for u, t in docs.public_docs())["Budsjett"]
    did = doc_id(docs.listing(), "Budsjett")
    r = docs.upload([("budsjett-ny.pdf", pdf("ny versjon"))], [],
                    action="erstatt", extra=[("dok", did)])
    assert r.status == 303
    assert b"ny versjon" in dsite.get(url).body
    listing = docs.listing()
    versions = re.findall(r'href="([^"]*vis=dokumentversjon&amp;versjon=(\d+))"',
                          listing)
    mine = [v for v in versions if v]
    assert len(mine) >= 2
    old = [u for u, v in mine
           if b"gammel" in docs.ed.apache.get(
               u.replace("&amp;", "&"), docs.ed.headers).body]
    assert old, "the old version can still be downloaded"
    old_id = re.search(r"versjon=(\d+)", old[0]).group(1)
    r = docs.action("dok-versjon", versjon=old_id)
    assert r.status == 303
    assert b"gammel" in dsite.get(url).body


def test_replace_with_another_type_is_refused(docs, dsite):
    docs.upload([("Plan.pdf", pdf("plan"))], ["Plan"])
    did = doc_id(docs.listing(), "Plan")
    before = counts(dsite)
    r = docs.upload([("Plan.png", png())], [], action="erstatt",
                    extra=[("dok", did)])
    assert r.status == 415
    assert "samme type" in r.text
    assert counts(dsite) == before


# ---- rename, reorder, trash ----------------------------------------------------

def test_rename_reorder_trash_and_restore(docs, dsite):
    docs.upload([("Første.pdf", pdf("1")), ("Andre.pdf", pdf("2"))],
                ["Første", "Andre"])
    listing = docs.listing()
    first, second = doc_id(listing, "Første"), doc_id(listing, "Andre")
    assert docs.action("dok-tittel", dok=first,
                       tittel="Første, med ny tittel").status == 303
    titles = [t for _, t in docs.public_docs()]
    assert "Første, med ny tittel" in titles
    assert docs.action("dok-opp", dok=second).status == 303
    titles = [t for _, t in docs.public_docs()]
    assert titles.index("Andre") < titles.index("Første, med ny tittel")
    n = len(titles)
    assert docs.action("dok-slett", dok=second).status == 303
    titles = [t for _, t in docs.public_docs()]
    assert "Andre" not in titles and len(titles) == n - 1
    assert "Slettede dokumenter" in docs.listing()
    assert docs.action("dok-tilbake", dok=second).status == 303
    assert "Andre" in [t for _, t in docs.public_docs()]
    hist = sqlite3.connect(dsite.db).execute(
        "SELECT action, author FROM document_event WHERE document_id = ?"
        " ORDER BY id", (second,)).fetchall()
    assert [a for a, _ in hist] == ["upload", "reorder", "trash", "untrash"]
    assert {u for _, u in hist} == {"redaktor"}
    # ... and the page's history shows it, with who and when.
    history = docs.ed.get(PAGE, "vis=historikk").text
    assert "Endringer i sidens dokumenter" in history
    for what in ("Lastet opp", "Flyttet i listen", "Slettet", "Lagt tilbake",
                 "Ny tittel"):
        assert what in history, what


# ---- limits and broken bodies ---------------------------------------------------

def test_upload_over_the_limit_is_413_while_streaming(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.add_conf("small", """
<Location "/redigering">
    NaeringMaxUpload 1M
</Location>
""")
    apache.start()
    try:
        d = Docs(apache)
        before = counts(apache)
        r = d.upload([("Stor.pdf", pdf("x") + b"0" * (3 * 1024 * 1024))],
                     ["Stor"])
        assert r.status == 413
        assert "større enn det nettstedet tar imot" in r.text
        assert counts(apache) == before
        assert temp_files(apache) == []
    finally:
        apache.stop()


BROKEN = {
    "no boundary": (b"--x\r\n", "multipart/form-data"),
    "truncated part": (multipart([("csrf", "x")], [("fil1", "a.pdf", pdf(),
                       "application/pdf")])[:-40], None),
    "missing final boundary": (multipart([("csrf", "x")], [])[:-len(
        "--%s--\r\n" % BOUNDARY)], None),
    "headers without CRLF": (("--%s\nContent-Disposition: form-data; "
                              "name=\"a\"\n\nx\n--%s--\n" % (BOUNDARY,
                              BOUNDARY)).encode(), None),
    "10000 parts": ("".join("--%s\r\nContent-Disposition: form-data; "
                            "name=\"f%d\"\r\n\r\nx\r\n" % (BOUNDARY, i)
                            for i in range(10000)).encode()
                    + ("--%s--\r\n" % BOUNDARY).encode(), None),
    "garbage after boundary": (("--%sXYZ\r\n\r\n" % BOUNDARY).encode(), None),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_multipart_is_400_and_stores_nothing(docs, dsite, case):
    body, ctype = BROKEN[case]
    before = counts(dsite)
    r = docs.post_raw(body, ctype)
    assert r.status == 400, case
    assert counts(dsite) == before
    assert temp_files(dsite) == []
    assert dsite.get("/").status == 200


def test_csrf_missing_on_upload_is_403_and_leaves_nothing(docs, dsite):
    before = counts(dsite)
    r = docs.upload([("Uten token.pdf", pdf())], ["x"], csrf="")
    assert r.status == 403
    assert counts(dsite) == before
    assert temp_files(dsite) == []


def test_cross_origin_upload_is_403(docs, dsite):
    body = multipart([("csrf", docs.csrf()), ("handling", "last-opp")],
                     [("fil1", "x.pdf", pdf(), "application/pdf")])
    r = docs.ed.post(PAGE, None, raw=body, origin=False, headers={
        "Content-Type": "multipart/form-data; boundary=" + BOUNDARY,
        "Origin": "https://evil.example"})
    assert r.status == 403


# ---- names and types -----------------------------------------------------------

@pytest.mark.parametrize("raw,stored", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\ola\\Referat styremøte.pdf", "Referat styremøte.pdf"),
    ("Årsrapport 2015.pdf", "Årsrapport 2015.pdf"),
    (unicodedata.normalize("NFD", "Bjørnå rapport.pdf"), "Bjørnå rapport.pdf"),
    ("  ..skjult.pdf  ", "skjult.pdf"),
    ("spørsmål?svar*.pdf", "spørsmål-svar-.pdf"),
    ("tab\there.pdf", "tabhere.pdf"),
])
def test_hostile_file_names_are_made_safe(docs, dsite, raw, stored):
    title = "Navnetest " + hashlib.md5(raw.encode()).hexdigest()[:6]
    r = docs.upload([(raw, pdf(raw))], [title])
    assert r.status == 303, raw
    url = dict((t, u) for u, t in docs.public_docs())[title]
    from urllib.parse import unquote
    assert unquote(url.rsplit("/", 1)[1]) == unicodedata.normalize(
        "NFC", stored) or unquote(url.rsplit("/", 1)[1]).startswith(
        stored.rsplit(".", 1)[0])
    got = dsite.get(url)
    assert got.status == 200
    assert "\n" not in got.header("Content-Disposition")


def test_crlf_in_file_name_cannot_inject_headers(docs, dsite):
    body = multipart([("csrf", docs.csrf()), ("handling", "last-opp"),
                      ("tittel1", "Injeksjon")],
                     [("fil1", "a\r\nX-Injected: 1.pdf", pdf(),
                       "application/pdf")])
    r = docs.post_raw(body)
    assert r.status in (303, 400)
    for u, t in docs.public_docs():
        got = dsite.get(u)
        assert got.header("X-Injected") is None


@pytest.mark.parametrize("name,data,key", [
    ("Rapport.pdf", png(), "innholdet er noe annet"),
    ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "filtypen kan ikke"),
    ("side.html", b"<html><script>alert(1)</script></html>",
     "filtypen kan ikke"),
    ("bilde.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
     "filtypen kan ikke"),
    ("tom.pdf", b"", "innholdet er noe annet"),
])
def test_wrong_or_disallowed_types_are_refused(docs, dsite, name, data, key):
    before = counts(dsite)
    r = docs.upload([(name, data)], ["Feil type"])
    assert r.status == 415, name
    assert key in r.text
    assert name in r.text
    assert counts(dsite) == before
    assert temp_files(dsite) == []


# ---- streaming -----------------------------------------------------------------

def child_rss_kb(apache):
    out = subprocess.run(["ps", "-o", "pid=,rss=", "--ppid",
                          str(apache.proc.pid)], capture_output=True,
                         text=True).stdout
    return max(int(line.split()[1]) for line in out.splitlines() if line)


def test_large_upload_streams_with_flat_memory(docs, dsite):
    size = 120 * 1024 * 1024
    head = pdf("stor")
    prefix = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
              "%s\r\n--%s\r\nContent-Disposition: form-data; name=\"handling\""
              "\r\n\r\nlast-opp\r\n--%s\r\nContent-Disposition: form-data; "
              "name=\"tittel1\"\r\n\r\nStor fil\r\n--%s\r\nContent-Disposition: "
              "form-data; name=\"fil1\"; filename=\"stor.pdf\"\r\n"
              "Content-Type: application/pdf\r\n\r\n"
              % (BOUNDARY, docs.csrf(), BOUNDARY, BOUNDARY, BOUNDARY)).encode()
    suffix = ("\r\n--%s--\r\n" % BOUNDARY).encode()
    chunk = b"x" * (1024 * 1024)
    digest = hashlib.sha256(head)

    def body():
        yield prefix
        yield head
        for _ in range(size // len(chunk)):
            digest.update(chunk)
            yield chunk
        yield suffix

    length = len(prefix) + len(head) + size + len(suffix)
    before = child_rss_kb(dsite)
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", dsite.port, timeout=120)
    h = dict(docs.ed.headers)
    h.update({"Content-Type": "multipart/form-data; boundary=" + BOUNDARY,
              "Content-Length": str(length),
              "Origin": "http://127.0.0.1:%d" % dsite.port})
    conn.request("POST", "/redigering" + PAGE, body=body(), headers=h)
    r = conn.getresponse()
    r.read()
    conn.close()
    assert r.status == 303
    after = child_rss_kb(dsite)
    assert after - before < 40 * 1024, (before, after)
    url = dict((t, u) for u, t in docs.public_docs())["Stor fil"]
    got = dsite.get(url)
    assert int(got.header("Content-Length")) == len(head) + size
    assert hashlib.sha256(got.body).hexdigest() == digest.hexdigest()
