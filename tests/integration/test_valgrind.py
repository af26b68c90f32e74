"""A short run of the module under valgrind: apache2 -X (one process)
under the prefork MPM (test_shutdown.py says why not event) serves a mix
of every kind of request -- pages, search, feeds, XML,
404s, document downloads with ranges, the editor's views, saves, a
restore, an upload and an image through the image helper -- and at its
stop valgrind must report no error
and no byte definitely or indirectly lost.  Skipped in the sanitizer
pass (ASan and valgrind do not mix) and where valgrind is missing."""
import os
import re
import shutil

import pytest

from conftest import make_server, prefork, quote
from editor_client import Editor, add_users, field
from test_documents import Docs, pdf
from test_images import upload
import imagefiles

# A bool: pytest would evaluate a string condition as Python.
pytestmark = pytest.mark.skipif(
    not shutil.which("valgrind")
    or bool(os.environ.get("NAERING_ASAN_PRELOAD")),
    reason="valgrind missing, or the sanitizer pass")

PUBLIC = ["/", "/naeringsnettverket", "/samferdsel", "/sok?q=næring",
          "/sok?q=plan&side=2", "/sok?q=", "/feed.atom", "/sitemap.xml",
          "/naeringsnettverket?format=xml", "/finnes-ikke",
          "/naeringsnettverket/dokumenter/Strategisk næringsplan.pdf",
          "/ressurser/naering.css", "/NAERINGSNETTVERKET/",
          "/om-knutepunkt-sorlandet", "/bilder/1", "/bilder/999"]


def mixed_requests(apache, rounds):
    """Every kind of request, rounds times; returns how many were made."""
    ed, docs, n = Editor(apache), Docs(apache), 0
    for i in range(rounds):
        for path in PUBLIC:
            # A fresh parameter now and then: rendered, not cached.
            sep = "&" if "?" in path else "?"
            url = path + (sep + "r=%d" % i if i % 2 else "")
            assert apache.get(quote(url)).status in (200, 301, 404)
            n += 1
        doc = quote(PUBLIC[10])
        assert apache.get(doc, {"Range": "bytes=0-9"}).status == 206
        assert ed.get("/naeringsnettverket", "vis=historikk").status == 200
        assert ed.save("/naeringsnettverket",
                       summary="Runde %d av valgrind-kjøringen." % i
                       ).status == 303
        n += 4
    history = ed.get("/naeringsnettverket", "vis=historikk").text
    ids = re.findall(r'name="til" value="(\d+)"', history)
    diff = ed.get("/naeringsnettverket", "vis=diff&fra=%s&til=%s"
                  % (ids[-1], ids[0]))
    assert diff.status == 200
    assert ed.post("/naeringsnettverket", {
        "csrf": field(diff.text, "csrf"), "handling": "gjenopprett",
        "restore": ids[-1]}).status == 303
    assert docs.upload([("Referat valgrind.pdf", pdf("valgrind"))]
                       ).status == 303
    # An image: the helper runs outside valgrind's process (a child of
    # its own); the module's side of it (spawn, read, commit) inside.
    assert upload(ed, imagefiles.jpeg(), "valgrind.jpg",
                  alt="Et bilde under valgrind").status == 303
    assert upload(ed, imagefiles.png_bomb(), "bombe.png",
                  alt="En bombe").status == 422
    return n + 6


def test_no_leaks_and_no_errors_under_valgrind(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    prefork(apache)
    log = os.path.join(apache.rundir, "valgrind.log")
    apache.start(wrapper=["valgrind", "--keep-debuginfo=yes",
                          "--leak-check=full",
                          "--show-leak-kinds=definite,indirect",
                          "--errors-for-leak-kinds=definite,indirect",
                          "--num-callers=30", "--log-file=" + log],
                 args=["-X"], wait=120)
    try:
        made = mixed_requests(apache, 12)
    finally:
        apache.proc.terminate()
        apache.proc.wait(120)
    report = open(log, encoding="utf-8", errors="replace").read()
    shutil.rmtree(apache.rundir, ignore_errors=True)
    assert made >= 200
    assert "ERROR SUMMARY: 0 errors" in report, report[-6000:]
    lost = re.findall(r"(definitely|indirectly) lost: ([\d,]+) bytes",
                      report)
    assert lost and all(b == "0" for _, b in lost), report[-6000:]
