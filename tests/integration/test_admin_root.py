"""naering-admin run as root, the files' owner, and the operations an
admin needs (issue 19): after import, attach and restore as root the web
server can still upload into every folder; check finds what it cannot
write and --fix gives it back; a file the web server does not own is a
configuration fault (500 and a log line that says how to fix it), not
"try again"; the version and the health check.

Apache's children run as www-data when the tests run as root, so the
tests that are about root skip (and say so) otherwise."""
import hashlib
import os
import pwd
import re
import shutil
import sqlite3

import pytest

from conftest import RUN_AS_ROOT, admin
from editor_client import Editor, add_users
from test_documents import PAGE, Docs, pdf

as_root = pytest.mark.skipif(not RUN_AS_ROOT, reason="naering-admin as root "
                             "needs the tests to run as root")


def strangers(apache):
    """Every path of the site (database, WAL, files) not owned by the
    user Apache's children run as."""
    uid = pwd.getpwnam("www-data").pw_uid if RUN_AS_ROOT else os.getuid()
    out = []
    for name in os.listdir(apache.rundir):
        if name.startswith("site.db"):
            top = os.path.join(apache.rundir, name)
            paths = [top]
            for root, dirs, files in os.walk(top):
                paths += [os.path.join(root, n) for n in dirs + files]
            out += [p for p in paths if os.lstat(p).st_uid != uid]
    return out


def pdf_in_folder(prefix, avoid=()):
    """A PDF whose content address starts with prefix (its folder)."""
    for i in range(100000):
        data = pdf("Vedlegg %d" % i)
        sha = hashlib.sha256(data).hexdigest()
        if sha.startswith(prefix) and data not in avoid:
            return data
    raise AssertionError("no PDF found for " + prefix)


def body_of(apache, path):
    con = sqlite3.connect(apache.db)
    try:
        return con.execute("SELECT r.body FROM page p JOIN revision r ON "
                           "r.id = p.revision_id WHERE p.path = ?",
                           (path,)).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def running(new_server):
    apache = new_server()
    add_users(apache)
    apache.add_conf("health", '<Location "/">\n    NaeringHealth On\n'
                    '</Location>\n')
    apache.start()
    return apache


def upload_works(apache, data, title):
    r = Docs(apache).upload([(title + ".pdf", data)], [title])
    assert r.status == 303, (r.status, r.text[:400],
                             apache.error_log()[-1500:])
    assert title in apache.get(PAGE).text


# ---- the version -------------------------------------------------------------

def test_version_names_the_module_schema_and_sqlite():
    r = admin("--version")
    assert re.fullmatch(r"naering-admin \d+\.\d+\.\d+ \(schema \d+, "
                        r"SQLite \d+\.\d+\.\d+\)\n", r.stdout), r.stdout


# ---- as root -----------------------------------------------------------------

@as_root
def test_import_as_root_leaves_a_site_the_web_server_can_write(
        new_server, demo_template_db):
    apache = new_server()
    add_users(apache)
    export = os.path.join(apache.rundir, "export")
    admin("export", demo_template_db, export)
    for name in os.listdir(apache.rundir):
        if name.startswith("site.db"):
            path = os.path.join(apache.rundir, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    admin("init", apache.db)
    apache.start()          # the run folder is www-data's from here on
    r = admin("import", export, apache.db)
    assert "import: " in r.stdout
    assert strangers(apache) == []
    assert "Strategisk næringsplan" in apache.get(PAGE).text
    # Into the folder import made, and into a new one.
    doc = os.listdir(apache.db + "-filer")[0]
    upload_works(apache, pdf_in_folder(doc), "I importens mappe")
    upload_works(apache, pdf_in_folder("0f"), "I en ny mappe")


@as_root
def test_attach_as_root_leaves_its_folder_writable(running, tmp_path):
    attached = pdf("Vedlagt som root")
    f = tmp_path / "vedlegg.pdf"     # root's own folder, 0700
    f.write_bytes(attached)
    admin("attach", running.db, PAGE, str(f), "Vedlagt av admin")
    assert strangers(running) == []
    # An upload that lands in the very folder attach made: before, one
    # upload in 256 failed there.
    folder = hashlib.sha256(attached).hexdigest()[:2]
    upload_works(running, pdf_in_folder(folder, avoid=[attached]),
                 "Samme mappe som vedlegget")


@as_root
def test_backup_and_restore_as_root_while_the_site_runs(running):
    ed = Editor(running)
    backup = os.path.join(running.rundir, "backup", "site.db")
    os.makedirs(os.path.dirname(backup))
    shutil.chown(os.path.dirname(backup), "www-data", "www-data")
    admin("backup", running.db, backup)
    assert ed.save("/samferdsel", body="<p>Etter backupen.</p>").status == 303
    assert "Etter backupen." in running.get("/samferdsel").text
    r = admin("restore", backup, running.db)
    assert "restore: " in r.stdout
    # At once, in every child: no cache serves the page from before.
    for _ in range(6):
        assert "Etter backupen." not in running.get("/samferdsel").text
    assert "Etter backupen." not in body_of(running, "/samferdsel")
    assert strangers(running) == []
    upload_works(running, pdf("Etter gjenoppretting"), "Etter gjenoppretting")
    assert ed.save("/samferdsel", body="<p>Igjen.</p>").status == 303


@as_root
def test_backup_where_the_owner_cannot_write_says_who_it_ran_as(running,
                                                                tmp_path):
    r = admin("backup", running.db, str(tmp_path / "b.db"), check=False)
    assert r.returncode == 1
    assert "b.db" in r.stderr and "it worked as www-data, the owner of %s" \
        % running.rundir in r.stderr, r.stderr


@as_root
def test_check_finds_a_root_owned_folder_and_fix_gives_it_back(running):
    filer = running.db + "-filer"
    folder = os.path.join(filer, sorted(os.listdir(filer))[0])
    os.chown(folder, 0, 0)          # what a copy as root leaves behind
    r = admin("check", running.db, check=False)
    assert r.returncode == 1
    assert "problem: %s belongs to root, not www-data" % folder in r.stderr
    # The web server cannot put a file there: a configuration fault, not
    # "try again", and the log line says where and how to fix it.
    data = pdf_in_folder(os.path.basename(folder))
    r = Docs(running).upload([("Feil eier.pdf", data)], ["Feil eier"])
    assert r.status == 500, r.status
    assert "Gi beskjed til den som drifter nettstedet" in r.text
    assert "Prøv igjen om litt" not in r.text
    log = running.error_log()
    assert re.search(r"\[naering:error\].*%s.*Permission denied.*"
                     r"naering-admin check DB --fix" % re.escape(filer), log), \
        log[-2000:]
    r = admin("check", running.db, "--fix")
    assert "fixed: %s now belongs to www-data" % folder in r.stdout
    assert strangers(running) == []
    assert admin("check", running.db).returncode == 0
    upload_works(running, data, "Riktig eier")


@as_root
def test_a_database_owned_by_root_is_a_configuration_fault(running):
    ed = Editor(running)
    data = ed.form("/samferdsel")
    data["body"] = "<p>Skal ikke lagres.</p>"
    os.chown(running.db, 0, 0)      # what a copy as root leaves behind
    r = ed.post("/samferdsel", data)
    assert r.status == 500
    assert "Gi beskjed til den som drifter nettstedet" in r.text
    assert "Skal ikke lagres." not in body_of(running, "/samferdsel")
    # Visitors go on reading; the load balancer hears of it.
    assert running.get("/samferdsel").status == 200
    assert running.get("/.helse").status == 503
    log = running.error_log()
    assert re.search(r"\[naering:error\].*site\.db belongs to uid 0, not to "
                     r"the web server's user .*naering-admin check DB --fix",
                     log), log[-2000:]
    assert "fixed: %s now belongs to www-data" % running.db in \
        admin("check", running.db, "--fix").stdout
    r = ed.save("/samferdsel", body="<p>Nå lagres det.</p>")
    assert r.status == 303, running.error_log()[-3000:]
    assert running.get("/.helse").status == 200


def owner(path):
    return os.stat(path).st_uid


@as_root
def test_wal_and_shared_memory_left_to_root_do_not_outlive_check_fix(
        running):
    """root's sqlite3 on a root-owned copy hands the WAL and the shared
    memory to root as well, and a child that opens them then gets handles
    it can only read; they must not outlive "check --fix" (every save would
    fail with "attempt to write a readonly database" until a restart)."""
    www = pwd.getpwnam("www-data")
    ed = Editor(running)
    data = ed.form("/samferdsel")
    data["body"] = "<p>Ikke ennå.</p>"
    os.chown(running.db, 0, 0)
    con = sqlite3.connect(running.db)       # root looks, and stays
    try:
        assert con.execute("SELECT count(*) FROM page").fetchone()[0] > 0
        os.chown(running.db, www.pw_uid, www.pw_gid)   # site.db given back
        assert owner(running.db + "-wal") == 0
        assert owner(running.db + "-shm") == 0
        running.restart()       # children that open the files now
        assert running.get("/samferdsel").status == 200
        r = ed.post("/samferdsel", data)
        assert r.status == 500, r.status
        assert "Gi beskjed til den som drifter nettstedet" in r.text
        # (asked on root's own connection: a new one would hand the WAL
        # back to the owner of site.db)
        assert "Ikke ennå." not in con.execute(
            "SELECT group_concat(body) FROM revision").fetchone()[0]
        assert running.get("/.helse").status == 503
        assert re.search(r"\[naering:error\].*site\.db-(wal|shm) belongs to "
                         r"uid 0, not to the web server's user",
                         running.error_log()), running.error_log()[-2000:]
        fixed = admin("check", running.db, "--fix").stdout
        assert "fixed: %s-wal now belongs to www-data" % running.db in fixed
        assert "fixed: %s-shm now belongs to www-data" % running.db in fixed
    finally:
        con.close()
    # Each of the connections the children kept would have failed one.
    for i in range(6):
        r = ed.save("/samferdsel", body="<p>Lagret %d.</p>" % i)
        assert r.status == 303, (i, r.status, running.error_log()[-2000:])
        assert body_of(running, "/samferdsel") == "<p>Lagret %d.</p>" % i
    assert running.get("/.helse").status == 200


# ---- the health check --------------------------------------------------------

def test_health_check_says_whether_saves_would_work(running):
    r = running.get("/.helse")
    assert r.status == 200 and r.text == "ok\n"
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("Cache-Control") == "private, no-store"
    os.chmod(running.db, 0o444)      # maintenance: made read-only
    try:
        r = running.get("/.helse")
        assert r.status == 503 and r.text == "not writable\n"
        assert "health: the database cannot be written" in \
            running.error_log()
    finally:
        os.chmod(running.db, 0o644)
    assert running.get("/.helse").status == 200


def test_maintenance_ends_when_the_database_is_writable_again(running):
    """SQLite makes the WAL and the shared memory with the database's
    permissions: made while it was read-only (maintenance), they stay
    read-only when the owner makes site.db writable again.  Saves must
    work then, without a restart."""
    ed = Editor(running)
    os.chmod(running.db, 0o444)      # maintenance
    try:
        for name in ("-wal", "-shm"):      # as SQLite makes them now
            if os.path.exists(running.db + name):
                os.chmod(running.db + name, 0o444)
        running.restart()       # children that open the files now
        assert running.get("/samferdsel").status == 200
        assert running.get("/.helse").status == 503
    finally:
        os.chmod(running.db, 0o644)      # maintenance over: site.db only
    for i in range(6):
        r = ed.save("/samferdsel", body="<p>Etter vedlikehold %d.</p>" % i)
        assert r.status == 303, (i, r.status, running.error_log()[-2000:])
    assert running.get("/.helse").status == 200
    for name in ("-wal", "-shm"):
        assert os.stat(running.db + name).st_mode & 0o777 == 0o644

def test_health_check_is_off_unless_asked_for(new_server):
    apache = new_server()
    apache.start()
    assert apache.get("/.helse").status == 404
