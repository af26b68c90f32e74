"""Limits a slow, large or odd request meets before it costs anything
(issue 12): a trickled field's memory, an announced oversize upload, the
upload form's own fields and nothing else, and absolute-form request lines.
"""
import os
import re
import socket
import time

import pytest

from conftest import db_rows, serving
from editor_client import Editor, auth
from test_hostile import Raw, request_bytes, send_raw

BOUNDARY = "naeringgrense"
PAGE = "/naeringsnettverket"


@pytest.fixture(scope="module")
def ls(demo_template_db):
    yield from serving(demo_template_db, [("limits", """
<Location "/redigering">
    NaeringMaxUpload 1M
</Location>
""")])


def parts(fields, files=()):
    """A multipart body: fields [(name, value)], files [(name, filename,
    bytes)]."""
    out = b""
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                % (BOUNDARY, name)).encode() + value.encode() + b"\r\n"
    for name, filename, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                "filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n"
                % (BOUNDARY, name, filename)).encode() + data + b"\r\n"
    return out + ("--%s--\r\n" % BOUNDARY).encode()


def upload_headers(length, extra=()):
    return ["Authorization: " + auth("redaktor")["Authorization"],
            "Content-Type: multipart/form-data; boundary=" + BOUNDARY,
            "Content-Length: %d" % length] + list(extra)


def documents(site):
    return db_rows(site, "SELECT count(*) FROM document")[0][0]


def temp_files(site):
    d = site.db + "-filer"
    return [n for n in os.listdir(d) if n.startswith(".tmp-")] \
        if os.path.isdir(d) else []


# ---- an announced oversize upload ------------------------------------------------

def read_head(s, deadline):
    """Reads until the end of a response's head, or the deadline."""
    data = b""
    s.settimeout(0.5)
    while b"\r\n\r\n" not in data and time.time() < deadline:
        try:
            b = s.recv(65536)
        except socket.timeout:
            continue
        if not b:
            break
        data += b
    return data


@pytest.mark.parametrize("expect", [False, True])
def test_announced_oversize_upload_is_413_before_the_body(ls, expect):
    """200 MB announced, nothing sent: the answer comes at once, and with
    Expect: 100-continue there is no "100 Continue" first."""
    before = documents(ls)
    head = request_bytes(ls, "POST", "/redigering" + PAGE, upload_headers(
        200 * 1024 * 1024, ["Expect: 100-continue"] if expect else []))
    s = socket.create_connection(("127.0.0.1", ls.port), timeout=30)
    try:
        s.sendall(head)         # the head only: the body never comes
        data = read_head(s, time.time() + 20)
    finally:
        s.close()
    assert data.startswith(b"HTTP/1.1 413"), data[:200]
    assert b"100 Continue" not in data
    r = Raw(data)
    assert r.header("connection") == b"close"
    assert documents(ls) == before and temp_files(ls) == []


def test_an_oversize_form_is_413_before_the_body(ls):
    ed = Editor(ls)
    h = ["Authorization: " + ed.headers["Authorization"],
         "Content-Type: application/x-www-form-urlencoded",
         "Content-Length: %d" % (5 * 1024 * 1024), "Expect: 100-continue"]
    s = socket.create_connection(("127.0.0.1", ls.port), timeout=30)
    try:
        s.sendall(request_bytes(ls, "POST", "/redigering" + PAGE, h))
        data = read_head(s, time.time() + 20)
    finally:
        s.close()
    assert data.startswith(b"HTTP/1.1 413"), data[:200]
    assert b"100 Continue" not in data


def test_a_small_upload_with_expect_still_goes_in(ls):
    ed = Editor(ls)
    before = documents(ls)
    body = parts([("csrf", ed.csrf(PAGE)), ("handling", "last-opp"),
                  ("tittel1", "Liten")],
                 [("fil1", "liten.pdf", b"%PDF-1.4\n% liten\n")])
    r = send_raw(ls, request_bytes(ls, "POST", "/redigering" + PAGE,
                                   upload_headers(len(body),
                                                  ["Expect: 100-continue"]),
                                   body))
    assert r.status in (100, 303), r.raw[:300]
    assert b"303 See Other" in r.raw
    assert documents(ls) == before + 1


# ---- the upload form's fields, and only those ------------------------------------

def post_parts(site, body):
    return send_raw(site, request_bytes(site, "POST", "/redigering" + PAGE,
                                        upload_headers(len(body)), body))


@pytest.mark.parametrize("fields,files", [
    # a field no form of ours has
    ([("annet", "x")], [("fil1", "a.pdf", b"%PDF-1.4\n")]),
    # a file field outside the slots, and short names
    ([], [("fil9", "a.pdf", b"%PDF-1.4\n")]),
    ([], [("f", "a.pdf", b"%PDF-1.4\n")]),
    ([], [("fi", "a.pdf", b"%PDF-1.4\n")]),
    ([("tittel", "uten nummer")], [("fil1", "a.pdf", b"%PDF-1.4\n")]),
    ([("tittel6", "for mange")], [("fil1", "a.pdf", b"%PDF-1.4\n")]),
    # a field given twice
    ([("handling", "last-opp")], [("fil1", "a.pdf", b"%PDF-1.4\n")]),
], ids=["unknown-field", "slot-9", "short-f", "short-fi", "bare-tittel",
        "tittel6", "twice"])
def test_upload_fields_the_form_does_not_have_are_400(ls, fields, files):
    ed = Editor(ls)
    before = documents(ls)
    body = parts([("csrf", ed.csrf(PAGE)), ("handling", "last-opp")]
                 + fields, files)
    r = post_parts(ls, body)
    assert r.status == 400, r.status
    assert documents(ls) == before and temp_files(ls) == []


@pytest.mark.parametrize("slot", [1, 2, 5])
def test_a_title_is_checked_in_every_slot(ls, slot):
    ed = Editor(ls)
    before = documents(ls)
    files = [("fil%d" % i, "d%d.pdf" % i, b"%PDF-1.4\n")
             for i in range(1, slot + 1)]
    body = parts([("csrf", ed.csrf(PAGE)), ("handling", "last-opp"),
                  ("tittel%d" % slot, "x" * 201)], files)
    r = post_parts(ls, body)
    assert r.status == 400
    assert documents(ls) == before and temp_files(ls) == []
    bad = parts([("csrf", ed.csrf(PAGE)), ("handling", "last-opp")], files)
    bad = bad.replace(b"--%s--" % BOUNDARY.encode(),
                      b"--%s\r\nContent-Disposition: form-data; "
                      b"name=\"tittel%d\"\r\n\r\n\xc3\x28\r\n--%s--"
                      % (BOUNDARY.encode(), slot, BOUNDARY.encode()))
    assert post_parts(ls, bad).status == 400
    assert documents(ls) == before


def test_each_title_goes_with_its_own_file(ls):
    ed = Editor(ls)
    body = parts([("csrf", ed.csrf(PAGE)), ("handling", "last-opp"),
                  ("tittel2", "Andre fil"), ("tittel1", "Første fil")],
                 [("fil1", "en.pdf", b"%PDF-1.4\n1"),
                  ("fil2", "to.pdf", b"%PDF-1.4\n2")])
    assert post_parts(ls, body).status == 303
    rows = dict(db_rows(ls, "SELECT filename, title FROM document"))
    assert rows["en.pdf"] == "Første fil" and rows["to.pdf"] == "Andre fil"


# ---- a field trickled one byte per read -------------------------------------------

def children_peak_kb(site):
    """The peak resident memory of the Apache children (kB): VmHWM, since
    a request's pool goes back to the allocator (and the system) when it
    ends, and only the peak shows what it took."""
    parent = site.proc.pid
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid != parent:
                continue
            with open("/proc/%s/status" % pid) as f:
                total += int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))
        except (OSError, AttributeError, IndexError):
            continue
    return total


@pytest.fixture(scope="module")
def one_child(demo_template_db):
    """One child process, so that its memory is the one that reads."""
    yield from serving(demo_template_db, [("one-child", """
StartServers 1
ServerLimit 1
MinSpareThreads 1
MaxSpareThreads 25
""")])


def trickle(site, head, field, tail, pause):
    """Sends head, then field a byte at a time, then tail; the answer."""
    s = socket.create_connection(("127.0.0.1", site.port), timeout=120)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        s.sendall(head)
        for i in range(len(field)):
            s.send(field[i:i + 1])
            if pause:
                time.sleep(pause)
        s.sendall(tail)
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    finally:
        s.close()
    return Raw(data)


def test_a_trickled_field_keeps_memory_bounded(one_child):
    """16 kB of one text field, a byte per read: the child's peak grows by
    a small multiple of it, not by its square (before the fix, 30 kB
    trickled at 1 ms a byte took a child from 13 MB to 478 MB; this one
    took it up by over 100 MB).  The same request sent at once first warms
    the child up, so what is measured is the trickle."""
    site = one_child
    ed = Editor(site)
    field = b"x" * (16 * 1024)
    opening = ("--%s\r\nContent-Disposition: form-data; name=\"tittel1\""
               "\r\n\r\n" % BOUNDARY).encode()
    closing = b"\r\n--" + BOUNDARY.encode() + b"--\r\n"

    def request():
        body = parts([("csrf", ed.csrf(PAGE)), ("handling", "last-opp")],
                     [("fil1", "liten.pdf", b"%PDF-1.4\n")])
        head = body.split(b"--%s--" % BOUNDARY.encode())[0]
        total = len(head) + len(opening) + len(field) + len(closing)
        return request_bytes(site, "POST", "/redigering" + PAGE,
                             upload_headers(total)) + head + opening

    for _ in range(2):
        assert trickle(site, request() + field, b"", closing, 0).status == 400
    start = children_peak_kb(site)
    # The field (16 kB) is over the title limit: refused, but read whole.
    assert trickle(site, request(), field, closing, 0.001).status == 400
    grown = children_peak_kb(site) - start
    print("trickle: the child's peak grew %d kB" % grown)
    assert grown < 8 * 1024, "the child's peak grew %d kB" % grown


# ---- absolute-form request lines --------------------------------------------------

@pytest.mark.parametrize("path", ["/", PAGE, "/sok?q=n%C3%A6ring",
                                  "/feed.atom"])
def test_absolute_form_request_line_is_served(ls, path):
    target = "http://127.0.0.1:%d%s" % (ls.port, path)
    r = send_raw(ls, request_bytes(ls, "GET", target))
    assert r.status == 200, (path, r.status, r.header("location"))


def test_absolute_form_keeps_the_canonical_redirects(ls):
    target = "http://127.0.0.1:%d//naeringsnettverket/" % ls.port
    r = send_raw(ls, request_bytes(ls, "GET", target))
    assert r.status == 301
    assert r.header("location").endswith(b":%d/naeringsnettverket" % ls.port)
