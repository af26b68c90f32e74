"""naering-admin: backup while the site runs, check, export and import
round trip, clear errors and exit codes."""
import hashlib
import os
import sqlite3
import time

from conftest import DEMO_PDF, admin, make_server
from editor_client import Editor, add_users

DOC = "/naeringsnettverket/dokumenter/Strategisk%20n%C3%A6ringsplan.pdf"


def file_paths(db):
    out = []
    for root, _, files in os.walk(db + "-filer"):
        out += [os.path.join(root, f) for f in files]
    return out


def test_backup_while_the_site_runs(demo_template_db, tmp_path):
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.start()
    try:
        ed = Editor(apache)
        assert ed.save("/samferdsel", body="<p>Etter backup-test.</p>"
                       ).status == 303
        # Into a folder the site's owner may write: as root, naering-admin
        # works as that owner (test_admin_root.py).
        dest = os.path.join(apache.rundir, "backup.db")
        r = admin("backup", apache.db, dest)
        assert "backup:" in r.stdout
        # The site goes on serving and saving during and after it.
        assert apache.get("/samferdsel").status == 200
        con = sqlite3.connect(dest)
        body = con.execute("SELECT r.body FROM page p JOIN revision r ON "
                           "r.id = p.revision_id WHERE p.path = '/samferdsel'"
                           ).fetchone()[0]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        assert "Etter backup-test." in body
        # Every file a row names, and nothing else: the PDF, and the
        # originals and variants of the demo's two pictures.
        files = file_paths(dest)
        con = sqlite3.connect(dest)
        named = {r[0] for r in con.execute(
            "SELECT sha256 FROM document_version UNION SELECT sha256 FROM "
            "image_version UNION SELECT sha256 FROM image_variant")}
        con.close()
        assert {os.path.basename(f) for f in files} == named
        with open(DEMO_PDF, "rb") as g:
            pdf = hashlib.sha256(g.read()).hexdigest()
        assert pdf in named
        assert admin("check", dest).returncode == 0
    finally:
        apache.stop()


def test_check_finds_missing_and_orphan_files(demo_template_db, tmp_path):
    db = str(tmp_path / "site.db")
    import shutil
    shutil.copy(demo_template_db, db)
    shutil.copytree(demo_template_db + "-filer", db + "-filer")
    assert admin("check", db).returncode == 0
    # An orphan: fresh ones are reported but kept (an upload may be about
    # to commit its row); old ones go with --fix.
    orphan = os.path.join(db + "-filer", "ab", "ab" + "0" * 62)
    os.makedirs(os.path.dirname(orphan))
    with open(orphan, "w") as f:
        f.write("x")
    tmp = os.path.join(db + "-filer", ".tmp-zzzzzz")
    open(tmp, "w").close()
    r = admin("check", db, check=False)
    assert r.returncode == 1 and "orphan: " + orphan in r.stderr
    assert admin("check", db, "--fix", check=False).returncode == 1
    assert os.path.exists(orphan)
    old = time.time() - 7200
    os.utime(orphan, (old, old))
    os.utime(tmp, (old, old))
    r = admin("check", db, "--fix")
    assert r.returncode == 0 and "removed orphan: " + orphan in r.stderr
    assert not os.path.exists(orphan) and not os.path.exists(tmp)
    # A missing file is a problem.
    for path in file_paths(db):
        os.remove(path)
    r = admin("check", db, check=False)
    assert r.returncode == 1 and "missing file:" in r.stderr


def test_export_import_round_trip(demo_template_db, tmp_path):
    exp, exp2 = str(tmp_path / "eksport"), str(tmp_path / "eksport2")
    admin("export", demo_template_db, exp)
    new = str(tmp_path / "ny.db")
    admin("init", new)
    r = admin("import", exp, new)
    assert "import:" in r.stdout
    admin("export", new, exp2)
    with open(exp + "/site.xml", "rb") as a, open(exp2 + "/site.xml", "rb") as b:
        assert a.read() == b.read()
    assert admin("check", new).returncode == 0
    # The imported site serves the same pages and bytes.
    apache = make_server(new)
    apache.start()
    try:
        r = apache.get("/naeringsnettverket")
        assert r.status == 200 and "Utviklingsprogram for byregioner" in r.text
        got = apache.get(DOC)
        with open(DEMO_PDF, "rb") as f:
            assert hashlib.sha256(got.body).digest() == \
                hashlib.sha256(f.read()).digest()
        assert "Næringsnettverket" in apache.get("/sok?q=n%C3%A6ringsplan").text
    finally:
        apache.stop()


def test_import_refuses_a_site_with_content(demo_template_db, tmp_path):
    exp = str(tmp_path / "eksport")
    admin("export", demo_template_db, exp)
    import shutil
    db = str(tmp_path / "full.db")
    shutil.copy(demo_template_db, db)
    before = sqlite3.connect(db).execute("SELECT count(*) FROM revision"
                                         ).fetchone()[0]
    r = admin("import", exp, db, check=False)
    assert r.returncode == 1 and "not an empty site" in r.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM revision"
                                       ).fetchone()[0] == before


def test_import_refuses_a_damaged_file(demo_template_db, tmp_path):
    exp = str(tmp_path / "eksport")
    admin("export", demo_template_db, exp)
    for root, _, files in os.walk(exp + "/filer"):
        for f in files:
            with open(os.path.join(root, f), "ab") as fh:
                fh.write(b"tampered")
    new = str(tmp_path / "ny.db")
    admin("init", new)
    r = admin("import", exp, new, check=False)
    assert r.returncode == 1 and "damaged file" in r.stderr


def test_clear_errors_and_exit_codes(tmp_path):
    r = admin("check", check=False)
    assert r.returncode == 2 and "usage:" in r.stderr
    r = admin("frobnicate", "x.db", check=False)
    assert r.returncode == 2
    r = admin("check", "/finnes/ikke/site.db", check=False)
    assert r.returncode == 1 and "cannot open" in r.stderr
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 100)
    r = admin("check", str(bad), check=False)
    assert r.returncode == 1 and "not a SQLite database" in r.stderr
    r = admin("import", str(tmp_path / "nothing"), str(tmp_path / "n.db"),
              check=False)
    assert r.returncode == 1 and "naering-admin init creates it" in r.stderr
    admin("init", str(tmp_path / "n.db"))
    r = admin("import", str(tmp_path / "nothing"), str(tmp_path / "n.db"),
              check=False)
    assert r.returncode == 1 and "not a naering export" in r.stderr
