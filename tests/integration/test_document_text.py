"""Search inside documents (issue 17, first part): the text of PDF,
OpenDocument and Office Open XML files read by the text helper outside
Apache at upload and by "naering-admin reindex", found by search as hits
of their own with their page; hostile files (a zip bomb, "../" names, a
broken PDF) cost their text and nothing else."""
import io
import os
import re
import shutil
import sqlite3
import subprocess
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
    # The plan and the demo meetings' three papers (issue 15).
    files = con.execute("SELECT count(DISTINCT v.sha256) FROM document d "
                        "JOIN document_version v ON v.id = d.version_id "
                        "WHERE d.deleted_at IS NULL").fetchone()[0]
    con.close()
    out = admin("reindex", db)
    assert "%d documents read, %d with text" % (files, files) in out.stdout
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


# ---- PDF accessibility at upload ---------------------------------------------

def make_pdf(tagged=True, lang="nb-NO", title="Referat", show_title=True,
             text="Referat fra styremøtet"):
    """A one-page PDF written object by object with a true xref table;
    what it carries is what the arguments say."""
    catalog = "<< /Type /Catalog /Pages 2 0 R"
    if tagged:
        catalog += " /MarkInfo << /Marked true >> /StructTreeRoot 5 0 R"
    if lang:
        catalog += " /Lang (%s)" % lang
    if show_title:
        catalog += " /ViewerPreferences << /DisplayDocTitle true >>"
    catalog += " >>"
    content = ("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text) if text \
        else "0 0 1 rg 72 72 200 200 re f"
    objs = [
        catalog,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents"
        " 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
        "<< /Length %d >>\nstream\n%s\nendstream" % (len(content.encode(
            "latin-1")), content),
        "<< /Type /StructTreeRoot >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        " /Encoding /WinAnsiEncoding >>",
        "<< /Title (%s) >>" % title if title else "<< >>",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i, body)).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for off in offsets:
        out += ("%010d 00000 n \n" % off).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n"
            "%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)).encode()
    return out


def checks_of(apache, filename):
    rows = db_rows(apache, "SELECT t.checks FROM document d JOIN "
                   "document_version v ON v.id = d.version_id JOIN "
                   "document_text t ON t.sha256 = v.sha256 WHERE "
                   "d.filename = ?", (filename,))
    return rows[0][0].split() if rows else None


@pytest.mark.parametrize("name,kwargs,expected", [
    ("Tilgjengelig.pdf", {}, []),
    ("Utagget.pdf", {"tagged": False}, ["untagged"]),
    ("Uten-sprak.pdf", {"lang": None}, ["no-language"]),
    ("Uten-tittel.pdf", {"title": None, "show_title": False},
     ["no-title", "title-not-shown"]),
    ("Skannet.pdf", {"text": None}, ["no-text"]),
])
def test_a_pdf_is_checked_for_accessibility_at_upload(tsite, name, kwargs,
                                                      expected):
    docs = Docs(tsite)
    assert docs.upload([(name, make_pdf(**kwargs))]).status == 303
    assert sorted(checks_of(tsite, name)) == sorted(expected)
    listing = docs.listing()
    card = re.search(r'<article class="doc-card"[^>]*>(?:(?!</article>).)*'
                     + re.escape(name) + r".*?</article>", listing, re.S)
    assert card, name
    assert ("Ikke tilgjengelig for alle" in card.group(0)) == bool(expected)
    # Warnings are for editors: the public page shows the document plainly.
    assert "Ikke tilgjengelig" not in tsite.get(PAGE).text


def test_an_encrypted_pdf_that_blocks_assistive_technology_is_flagged(
        tsite, tmp_path):
    qpdf = shutil.which("qpdf")
    if not qpdf:
        pytest.skip("qpdf (the command) is not installed")
    plain, locked = tmp_path / "a.pdf", tmp_path / "b.pdf"
    plain.write_bytes(make_pdf())
    # 128-bit RC4, as older office programs write it: with AES, PDF
    # readers must always allow accessibility, and qpdf ignores the flag.
    subprocess.run([qpdf, "--allow-weak-crypto", "--encrypt", "", "eier",
                    "128", "--use-aes=n", "--accessibility=n",
                    "--extract=n", "--", str(plain), str(locked)],
                   check=True)
    docs = Docs(tsite)
    assert docs.upload([("Last.pdf", locked.read_bytes())]).status == 303
    assert "encrypted-blocks" in checks_of(tsite, "Last.pdf")


def test_documents_to_fix_are_listed_for_editors_and_by_naering_admin(tsite):
    docs = Docs(tsite)
    assert docs.upload([("Rapport-utagget.pdf",
                         make_pdf(tagged=False))]).status == 303
    view = Editor(tsite).get("/", "vis=dokumentsjekk")
    assert view.status == 200
    assert "Dokumenter som bør rettes" in view.text
    assert "Rapport-utagget.pdf" in view.text and "er ikke tagget" in view.text
    assert "Tilgjengelig.pdf" not in view.text
    out = admin("documents", tsite.db, check=False)
    assert out.returncode == 1
    assert "/naeringsnettverket\tRapport-utagget.pdf\tuntagged" in out.stdout


def test_visitors_see_a_pdfs_accessibility_only_when_the_admin_says_so(
        tsite, new_server):
    """Off by default (editors only); NaeringPublicDocumentChecks On puts
    it in the page's list of documents."""
    assert Docs(tsite).upload([("Utilgjengelig.pdf",
                                make_pdf(tagged=False))]).status == 303
    assert "ikke tilgjengelig for skjermleser" not in tsite.get(PAGE).text
    apache = new_server()
    from editor_client import add_users
    add_users(apache)
    apache.add_conf("checks", '<Location "/">\n'
                    '    NaeringPublicDocumentChecks On\n</Location>\n')
    apache.start()
    assert Docs(apache).upload([("Utilgjengelig.pdf",
                                 make_pdf(tagged=False))]).status == 303
    # A missing language is a warning for editors, not "not accessible".
    assert Docs(apache).upload([("Uten-sprak.pdf",
                                 make_pdf(lang=None))]).status == 303
    html = apache.get(PAGE).text
    item = re.search(r"<li><a [^>]*>Utilgjengelig</a>.*?</li>", html, re.S)
    assert item and "ikke tilgjengelig for skjermleser" in item.group(0)
    item = re.search(r"<li><a [^>]*>Uten-sprak</a>.*?</li>", html, re.S)
    assert item and "ikke tilgjengelig" not in item.group(0)
