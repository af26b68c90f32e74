"""Search inside documents (issue 17, first part): the text of PDF,
OpenDocument and Office Open XML files read by the text helper outside
Apache at upload and by "naering-admin reindex", found by search as hits
of their own with their page; hostile files (a zip bomb, "../" names, a
broken PDF) cost their text and nothing else."""
import io
import os
import re
import sqlite3
import urllib.parse
import zipfile

import pytest

from conftest import admin, db_rows, make_demo_db, serving
from editor_client import Editor
from test_documents import Docs

PAGE = "/naeringsnettverket"


@pytest.fixture(scope="module")
def tsite(demo_template_db):
    yield from serving(demo_template_db)


def search(apache, q):
    html = apache.get("/sok?q=" + urllib.parse.quote(q)).text
    return re.findall(r"<li><h2><a href=\"([^\"]+)\">([^<]+)</a></h2>"
                      r"(.*?)</li>", html, re.S)


def docx(text):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><w:document '
                   'xmlns:w="http://schemas.openxmlformats.org/'
                   'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                   + text + "</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def odt(text, extra=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml",
                   '<?xml version="1.0" encoding="UTF-8"?>'
                   '<office:document-content xmlns:office="urn:oasis:names:'
                   'tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:'
                   'names:tc:opendocument:xmlns:text:1.0"><office:body>'
                   "<office:text><text:p>" + text + "</text:p></office:text>"
                   "</office:body></office:document-content>")
        for name, data in extra:
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb():
    """content.xml inflating to 200 MB of one letter (a few hundred kB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("content.xml", b"<a>" + b"x" * (200 * 1024 * 1024)
                   + b"</a>")
    return out.getvalue()


def text_state(apache, filename):
    rows = db_rows(apache, "SELECT t.state FROM document d JOIN "
                   "document_version v ON v.id = d.version_id LEFT JOIN "
                   "document_text t ON t.sha256 = v.sha256 WHERE "
                   "d.filename = ?", (filename,))
    return rows[0][0] if rows else None


def test_a_word_only_in_the_demo_pdf_finds_the_pdf_and_its_page(tsite):
    hits = search(tsite, "omland")
    docs = [h for h in hits if "/dokumenter/" in h[0]]
    assert docs, hits
    url, title, rest = docs[0]
    assert title == "Strategisk næringsplan for Kristiansandsregionen"
    assert "Dokument (PDF" in rest
    assert '<a href="/naeringsnettverket">Næringsnettverket</a>' in rest
    assert "<mark>omland</mark>" in rest
    assert tsite.get(url).status == 200


@pytest.mark.parametrize("name,make,word", [
    ("Kommunedelplan.docx", docx, "sjøområdene"),
    ("Vindkraft.odt", odt, "Ørlandsvinden"),
])
def test_office_files_are_found_by_their_text(tsite, name, make, word):
    docs = Docs(tsite)
    text = "Planen gjelder %s og blåbærlyngen." % word
    assert docs.upload([(name, make(text))]).status == 303
    assert text_state(tsite, name) == "text"
    hits = search(tsite, word.lower())
    assert any(name.split(".")[0] in h[1] for h in hits), hits
    assert any("<mark>" + word in h[2] for h in hits), hits


def test_a_zip_bomb_is_stored_and_served_but_has_no_text(tsite):
    docs = Docs(tsite)
    data = zip_bomb()
    assert len(data) < 2 * 1024 * 1024
    assert docs.upload([("Bombe.odt", data)]).status == 303
    assert text_state(tsite, "Bombe.odt") == "failed"
    url = [u for u, t in docs.public_docs() if t == "Bombe"][0]
    assert tsite.get(url).status == 200
    assert tsite.get(PAGE).status == 200


def test_a_zip_with_climbing_names_is_read_only_by_known_names(tsite):
    docs = Docs(tsite)
    data = odt("Trygg tekst om fjellklatring",
               [("../../../../tmp/naering-klatret", "ut"),
                ("/etc/naering-klatret", "ut")])
    assert docs.upload([("Klatring.odt", data)]).status == 303
    assert text_state(tsite, "Klatring.odt") == "text"
    assert not os.path.exists("/tmp/naering-klatret")
    assert not os.path.exists("/etc/naering-klatret")
    assert search(tsite, "fjellklatring")


def test_a_broken_pdf_is_stored_without_text(tsite):
    docs = Docs(tsite)
    data = b"%PDF-1.7\n" + b"\x00garbage" * 100
    assert docs.upload([("Skadet.pdf", data)]).status == 303
    assert text_state(tsite, "Skadet.pdf") == "failed"
    assert "Skadet" in tsite.get(PAGE).text


def test_trashed_documents_and_drafts_are_not_found(tsite):
    docs = Docs(tsite)
    assert docs.upload([("Hemmelig.docx", docx("Kvartalsrapport "
                                                "torskefiske"))]
                       ).status == 303
    assert search(tsite, "torskefiske")
    listing = docs.listing()
    doc = re.search(r'aria-labelledby="doc-(\d+)-title"><h3 id="doc-\d+-'
                    r'title"><a href="[^"]+">Hemmelig</a>', listing).group(1)
    assert docs.action("dok-slett", dok=doc).status == 303
    assert not search(tsite, "torskefiske")
    assert docs.action("dok-tilbake", dok=doc).status == 303
    assert search(tsite, "torskefiske")
    ed = Editor(tsite)
    assert ed.save(PAGE, status="utkast").status == 303
    try:
        assert not search(tsite, "torskefiske")
    finally:
        assert ed.save(PAGE, status="publisert").status == 303
    assert search(tsite, "torskefiske")


def test_reindex_reads_what_was_never_read(tmp_path):
    db = str(tmp_path / "site.db")
    make_demo_db(db)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM document_text")
    con.execute("DELETE FROM doc_search")
    con.commit()
    con.close()
    out = admin("reindex", db)
    assert "1 documents read, 1 with text" in out.stdout
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM doc_search WHERE doc_search"
                           " MATCH 'omland'").fetchone()[0] == 1
        assert con.execute("SELECT state FROM document_text").fetchone()[0] \
            == "text"
    finally:
        con.close()
    # Again: nothing left to read.
    assert "0 documents read" in admin("reindex", db).stdout
