"""The module under the prefork MPM, which Debian sites with mod_php run:
single-threaded children, each with its own connection pool and render
cache.  Pages, search, documents and a save work as under event, and a
slow download holds no SQLite snapshot while its bytes go out (under
prefork the handler waits for the client; a snapshot held that long
would keep SQLite from checkpointing the WAL)."""
import http.client
import os
import sqlite3
import time

import pytest

from conftest import admin, prefork, quote
from editor_client import Editor, add_users
from test_faults import save


@pytest.fixture
def pf(new_server):
    apache = new_server()
    add_users(apache)
    prefork(apache)
    return apache


def test_pages_search_documents_and_a_save(pf):
    pf.start()
    assert "mpm_prefork" in open(os.path.join(pf.rundir, "httpd.conf")).read()
    for _ in range(3):          # each child renders, then serves its cache
        r = pf.get("/naeringsnettverket")
        assert r.status == 200 and "Dokumenter (1)" in r.text
    assert "treff" in pf.get(quote("/sok?q=næringsplan")).text
    doc = quote("/naeringsnettverket/dokumenter/Strategisk næringsplan.pdf")
    r = pf.get(doc, {"Range": "bytes=0-7"})
    assert r.status == 206 and r.body == b"%PDF-1.4"[:8]
    ed = Editor(pf)
    assert ed.save("/samferdsel", title="Samferdsel i prefork").status == 303
    for _ in range(4):          # every child sees the new generation
        assert "<h1>Samferdsel i prefork</h1>" in pf.get("/samferdsel").text


def test_a_slow_download_does_not_pin_the_wal(pf, tmp_path):
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.4\n" + os.urandom(24 * 1024 * 1024))
    admin("attach", pf.db, "/samferdsel", str(big), "Stor plan", "stor.pdf")
    pf.start()
    slow = http.client.HTTPConnection("127.0.0.1", pf.port, timeout=30)
    try:
        slow.request("GET", "/samferdsel/dokumenter/stor.pdf")
        r = slow.getresponse()
        assert r.status == 200
        r.read(4096)            # then stop reading: that child blocks
        time.sleep(0.5)
        ed = Editor(pf)
        for i in range(3):
            r2, _ = save(ed, "/naeringsnettverket", "Mens noen laster ned %d"
                         % i)
            assert r2.status == 303
        con = sqlite3.connect(pf.db, timeout=2)
        try:
            busy, _, _ = con.execute(
                "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            con.close()
        assert busy == 0, "a reader still holds an old snapshot"
        assert os.path.getsize(pf.db + "-wal") == 0
    finally:
        slow.close()
