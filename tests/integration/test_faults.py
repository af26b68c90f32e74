"""Faults and load over real HTTP (issue 7, "Faults and load").

Each test runs its own Apache with the module and a copy of the demo site:

* crash safety: Apache children killed with SIGKILL in the middle of saves
  and 2 MB uploads, round after round; afterwards the database is sound,
  no file is missing, and every save that was answered 303 is there;
* load: 20 editors saving the same and different pages while ~50 readers
  hammer the public pages: every save is applied or answered 409, nothing
  is lost or overwritten unseen, no reader sees half a page;
* faults while the site runs: a read-only database file, a database file
  that disappears, a full disk.  Writes get a themed 503 page and one log
  line naming the cause, reads go on, and the site recovers by itself once
  the cause is gone (the Apache parent is never restarted).

Known bugs are marked xfail(strict=True) with the reason: the test states
the correct behaviour and turns red once the bug is fixed, so the mark can
go.  NAERING_FAULT_ROUNDS (default 50) and NAERING_LOAD_SECONDS (default
60) shorten the two long tests; NAERING_FAULT_SEED repeats the kill timing
of a run (the seed is printed).  The full-disk tests need mount (root);
where it is refused they skip.
"""
import concurrent.futures
import errno
import http.client
import os
import random
import re
import signal
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest

from conftest import admin, copy_db, db_rows
from editor_client import Editor, add_users, field, textarea
from test_documents import Docs

ROUNDS = int(os.environ.get("NAERING_FAULT_ROUNDS", "50"))
LOAD_SECONDS = float(os.environ.get("NAERING_LOAD_SECONDS", "60"))

PAGE = "/samferdsel"
DOC_PAGE = "/naeringsnettverket"
PUBLIC = ["/", "/samferdsel", "/naeringsnettverket", "/helse-og-omsorg",
          "/kontakt-oss", "/om-knutepunkt-sorlandet",
          "/om-knutepunkt-sorlandet/styret", "/tilgjengelighet"]
OTHER_PAGES = ["/naeringsnettverket", "/helse-og-omsorg", "/kontakt-oss",
               "/om-knutepunkt-sorlandet", "/om-knutepunkt-sorlandet/styret",
               "/tilgjengelighet"]
UNAVAILABLE = "Midlertidig utilgjengelig"
H1 = re.compile(r"<h1[^>]*>(.+?)</h1>", re.S)
NET_ERRORS = (OSError, http.client.HTTPException)


# ---- helpers ----------------------------------------------------------------

def started(new_server):
    """A demo site with the editors of editor_client, running."""
    apache = new_server()
    add_users(apache)
    apache.start()
    return apache


def marker(kind):
    return "%s-%s" % (kind, uuid.uuid4().hex[:12])


def children(apache):
    """The Apache parent's children: the only processes a test may kill."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(apache.proc.pid)],
                         capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def kill(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def drop_connections(apache):
    """Kills every child (and so every pooled connection) and waits for
    the parent to start new ones, without a request: the next requests
    open fresh connections.  The WAL and shm files stay, as on a site that
    has been running."""
    old = set(children(apache))
    kill(old)
    deadline = time.time() + 15
    while time.time() < deadline:
        new = set(children(apache)) - old
        if new:
            time.sleep(0.3)
            return
        time.sleep(0.05)
    raise AssertionError("no new children in 15 s")


def wait_ready(apache, timeout=15):
    """Until the site answers 200 on "/" again (the parent respawns the
    children it lost)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if apache.get("/").status == 200:
                return
        except NET_ERRORS:
            pass
        time.sleep(0.02)
    raise AssertionError("the site did not answer 200 again in %d s:\n%s"
                         % (timeout, apache.error_log()[-3000:]))


def attempt(call):
    """A response, or the network error that stood for one."""
    try:
        return call()
    except NET_ERRORS as e:
        return e


def status_of(r):
    return r.status if hasattr(r, "status") else "%s: %s" % (
        type(r).__name__, r)


def revisions_with(apache, text):
    return db_rows(apache, "SELECT id FROM revision WHERE instr(body, ?) > 0"
                 " ORDER BY id", (text,))


def assert_sound(apache):
    """integrity_check and foreign_key_check, and naering-admin check with
    nothing but fresh orphans (a killed upload may leave those)."""
    assert db_rows(apache, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(apache, "PRAGMA foreign_key_check") == []
    r = admin("check", apache.db, check=False)
    bad = [line for line in r.stderr.splitlines()
           if not line.startswith("files: orphan: ")]
    assert r.returncode in (0, 1) and not bad, (r.returncode, r.stdout,
                                                 r.stderr)
    assert "problem:" not in r.stderr and "missing file:" not in r.stderr
    return r


def assert_unavailable_page(r):
    """The themed 503 page: the site's layout, the Norwegian message."""
    assert r.status == 503, (r.status, r.text[:500])
    assert r.header("Content-Type").startswith("text/html")
    page = r.text
    assert "<h1>%s</h1>" % UNAVAILABLE in page, page[:2000]
    assert "Nettstedet er midlertidig utilgjengelig" in page
    assert "HTTP 503" in page
    assert page.rstrip().endswith("</html>")


def error_lines(apache, since=0):
    return [line for line in apache.error_log()[since:].splitlines()
            if "[naering:error]" in line]


def titles(apache):
    """Every public page's <h1>, to tell the real site from another one."""
    out = {}
    for path in PUBLIC:
        r = apache.get(path)
        assert r.status == 200, (path, r.status)
        out[path] = H1.search(r.text).group(1)
    return out


def burst(apache, paths, n=60, workers=60):
    """n concurrent GETs over paths: more at once than the children have
    pooled connections, so fresh ones are opened."""
    jobs = [paths[i % len(paths)] for i in range(n)]
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        rs = list(pool.map(lambda p: (p, attempt(lambda: apache.get(p))),
                           jobs))
    return rs


def save(ed, path, text):
    """Reads the form, then saves text as the body: (response, base)."""
    form = ed.form(path)
    return ed.post(path, dict(form, body="<p>%s</p>" % text,
                              comment=text)), int(form["revision"])


def make_readonly(apache):
    """The file 0444 and its directory not writable by www-data (the
    children's user; root, running the tests, is not bound by it)."""
    os.chmod(apache.db, 0o444)
    os.chmod(apache.rundir, 0o555)


def make_writable(apache):
    os.chmod(apache.db, 0o644)
    os.chmod(apache.rundir, 0o755)


# ---- crash safety -----------------------------------------------------------

def test_kill_children_mid_save_and_upload(new_server):
    """SIGKILL of one or all children at a random moment of a save (every
    third round also of a 2 MB upload), ROUNDS times.  Nothing that was
    answered 303 is lost, the database stays sound, no file is missing,
    and what a killed upload leaves is at most its own temporary file."""
    apache = started(new_server)
    t0 = time.time()
    seed = int(os.environ.get("NAERING_FAULT_SEED") or time.time())
    rng = random.Random(seed)
    ed, docs = Editor(apache), Docs(apache)
    saves, uploads, odd = [], [], []
    killed_uploads = 0
    for rnd in range(ROUNDS):
        wait_ready(apache)
        text = marker("krasj-%02d" % rnd)
        form = ed.form(PAGE)
        up = rnd % 3 == 1
        if up:
            title = marker("opplasting-%02d" % rnd)
            blob = b"%PDF-1.4\n% " + title.encode() + b"\n" + \
                os.urandom(2 * 1024 * 1024) + b"\n%%EOF\n"
            csrf = docs.csrf()
        out, posting = {}, threading.Event()

        def do_save():
            data = dict(form, body="<p>%s</p>" % text, comment=text)
            posting.set()
            out["save"] = attempt(lambda: ed.post(PAGE, data))

        def do_upload():
            out["upload"] = attempt(lambda: docs.upload(
                [(title + ".pdf", blob)], [title], csrf=csrf))

        victims = children(apache)      # ps takes longer than a save
        if rnd % 3 == 2 and victims:
            victims = [rng.choice(victims)]
        threads = [threading.Thread(target=do_save)]
        if up:
            threads.append(threading.Thread(target=do_upload))
        for t in threads:
            t.start()
        posting.wait(10)
        time.sleep(rng.uniform(0, 0.04 if up else 0.02))
        kill(victims)
        for t in threads:
            t.join(60)
            assert not t.is_alive(), "a request hung after the kill"
        saves.append((text, out["save"]))
        if up:
            uploads.append((title, out["upload"]))
            killed_uploads += not hasattr(out["upload"], "status")
        for what, r in (("save", out["save"]), ("upload", out.get("upload"))):
            if hasattr(r, "status") and r.status != 303:
                odd.append("round %d %s: %s %s" % (rnd, what, r.status,
                                                   r.text[:300]))
    wait_ready(apache)
    # A last quiet second: nothing is being written any more.
    time.sleep(1.0)
    quiet = time.time()
    filer = apache.db + "-filer"
    tmps = {}
    for name in os.listdir(filer):
        if name.startswith(".tmp-"):
            st = os.stat(os.path.join(filer, name))
            tmps[name] = (st.st_size, st.st_mtime)

    answered = [t for t, r in saves if getattr(r, "status", None) == 303]
    unanswered = [t for t, r in saves if not hasattr(r, "status")]
    committed = sum(bool(revisions_with(apache, t)) for t in unanswered)
    print("seed %d, %d rounds in %.1f s: %d of %d saves answered (%d of the "
          "others committed before the kill), %d of %d uploads answered, %d "
          "temporary files left" % (
              seed, ROUNDS, time.time() - t0, len(answered), len(saves),
              committed, len(uploads) - killed_uploads, len(uploads),
              len(tmps)))
    assert not odd, odd
    assert answered, "no save was ever answered: the kills came too early"
    for name, r in (("/", apache.get("/")), (PAGE, apache.get(PAGE))):
        assert r.status == 200 and r.text.rstrip().endswith("</html>"), name
    # Every answered save is there, once, with its text.
    lost = [t for t in answered if len(revisions_with(apache, t)) != 1]
    assert not lost, "answered 303 but not saved: %s" % lost
    # Every answered upload is there with its bytes (check: no missing file).
    for title, r in uploads:
        if getattr(r, "status", None) == 303:
            assert db_rows(apache, "SELECT count(*) FROM document d JOIN "
                         "document_version v ON v.id = d.version_id WHERE "
                         "d.title = ?", (title,)) == [(1,)], title
    assert_sound(apache)
    # Temporary files: only killed uploads may leave one, none is still
    # being written, none is from before the test.
    assert len(tmps) <= killed_uploads, (tmps, killed_uploads)
    for name, (size, mtime) in tmps.items():
        st = os.stat(os.path.join(filer, name))
        assert (st.st_size, st.st_mtime) == (size, mtime), name
        assert t0 - 1 <= mtime < quiet - 1, name
    log = apache.error_log()
    assert "exit signal" not in log, log[-3000:]


# ---- load -------------------------------------------------------------------

def test_twenty_editors_and_fifty_readers(new_server):
    """20 editors (10 on one page, 10 over six others) save for
    LOAD_SECONDS while 50 readers loop over the public pages.  Every save
    is 303 or 409; every 303 is in the database, and per page the saves
    form one unbroken chain (no save overwrote another unseen); every page
    a reader gets is whole."""
    apache = started(new_server)
    initial = dict(db_rows(apache, "SELECT path, revision_id FROM page"
                         " WHERE deleted_at IS NULL"))
    deadline = time.time() + LOAD_SECONDS
    lock = threading.Lock()
    saves = []          # (page, marker, base revision, status)
    problems = []
    reads = {"n": 0, "statuses": {}}

    def problem(text):
        with lock:
            if len(problems) < 50:
                problems.append(text)

    def editor(i):
        page = PAGE if i < 10 else OTHER_PAGES[i % len(OTHER_PAGES)]
        ed = Editor(apache, "annen" if i % 2 else "redaktor")
        n = 0
        while time.time() < deadline:
            text = "last-%02d-%04d-%s" % (i, n, uuid.uuid4().hex[:8])
            n += 1
            while time.time() < deadline:
                g = attempt(lambda: ed.get(page))
                if getattr(g, "status", None) != 200:
                    problem("editor %d GET %s: %s" % (i, page, status_of(g)))
                    break
                data = parse_form(g.text)
                r = attempt(lambda: ed.post(page, dict(
                    data, body="<p>%s</p>" % text, comment=text)))
                st = getattr(r, "status", status_of(r))
                with lock:
                    saves.append((page, text, int(data["revision"]), st))
                if st != 409:
                    if st != 303:
                        problem("editor %d POST %s: %s %s" % (
                            i, page, st, getattr(r, "text", "")[:300]))
                    break

    def reader(i):
        k = i
        while time.time() < deadline:
            path = PUBLIC[k % len(PUBLIC)]
            k += 1
            r = attempt(lambda: apache.get(path))
            st = getattr(r, "status", status_of(r))
            with lock:
                reads["n"] += 1
                reads["statuses"][st] = reads["statuses"].get(st, 0) + 1
            if st != 200:
                problem("reader GET %s: %s" % (path, st))
                continue
            page = r.text
            if not page.rstrip().endswith("</html>") or not H1.search(page):
                problem("reader GET %s: half a page (%d bytes): ...%r" % (
                    path, len(page), page[-200:]))

    with concurrent.futures.ThreadPoolExecutor(70) as pool:
        jobs = [pool.submit(editor, i) for i in range(20)]
        jobs += [pool.submit(reader, i) for i in range(50)]
        for j in jobs:
            j.result()

    statuses = {}
    for _, _, _, st in saves:
        statuses[st] = statuses.get(st, 0) + 1
    print("%.0f s: saves %s, reads %d %s" % (LOAD_SECONDS, statuses,
                                             reads["n"], reads["statuses"]))
    assert not problems, problems
    assert set(statuses) <= {303, 409}, statuses
    assert statuses.get(303, 0) > 0 and reads["n"] >= 50
    # Every 303 is in the database, once; per page the 303s form a chain:
    # each one was saved on the revision the one before it made.
    chains = {}
    for page, text, base, st in saves:
        if st == 303:
            ids = revisions_with(apache, text)
            assert len(ids) == 1, (page, text, ids)
            chains.setdefault(page, []).append((ids[0][0], base, text))
    for page, chain in chains.items():
        chain.sort()
        assert chain[0][1] == initial[page], (page, chain[0], initial[page])
        for (prev, _, _), (rev, base, text) in zip(chain, chain[1:]):
            assert base == prev, "%s: %s (revision %d) was saved on %d, " \
                "not on %d: a save was overwritten unseen" % (
                    page, text, rev, base, prev)
        current = db_rows(apache, "SELECT revision_id FROM page WHERE path = ?"
                        " AND deleted_at IS NULL", (page,))
        assert current == [(chain[-1][0],)], (page, current, chain[-1])
    assert db_rows(apache, "PRAGMA integrity_check") == [("ok",)]
    log = apache.error_log()
    assert "exit signal" not in log, log[-3000:]
    assert error_lines(apache) == []


def parse_form(page_html):
    """The edit form's fields, as editor_client.Editor.form reads them."""
    return {
        "csrf": field(page_html, "csrf"),
        "revision": field(page_html, "revision"),
        "title": field(page_html, "title"),
        "summary": textarea(page_html, "summary") or "",
        "body": textarea(page_html, "body"),
        "contact_name": field(page_html, "contact_name") or "",
        "contact_email": field(page_html, "contact_email") or "",
        "contact_phone": field(page_html, "contact_phone") or "",
        "status": "publisert",
        "handling": "lagre",
    }


# ---- a read-only database file ----------------------------------------------

def test_readonly_database_answers_503_and_reads_go_on(new_server):
    """Made read-only while the site runs, with no connection open yet
    (the children were just replaced): every save is a themed 503 with one
    log line naming the cause; the editor's forms and the public pages go
    on; once writable again, saves work without a restart."""
    apache = started(new_server)
    parent = apache.proc.pid
    ed = Editor(apache)
    r, _ = save(ed, PAGE, marker("foer"))
    assert r.status == 303
    revisions = db_rows(apache, "SELECT count(*) FROM revision")
    drop_connections(apache)
    since = len(apache.error_log())
    make_readonly(apache)
    try:
        texts = []
        for i in range(4):
            text = marker("skrivebeskyttet")
            r, _ = save(ed, PAGE, text)
            assert_unavailable_page(r)
            texts.append(text)
            for path in (PAGE, "/", "/kontakt-oss"):
                got = apache.get(path)
                assert got.status == 200 and H1.search(got.text), path
        lines = error_lines(apache, since)
        assert len(lines) == 4, lines
        for line in lines:
            # Either SQLite's own words or the store's check before it
            # begins a write: both name the file and the cause.
            assert apache.db in line, line
            assert ("attempt to write a readonly database" in line
                    or "database file is not writable" in line), line
        assert db_rows(apache, "SELECT count(*) FROM revision") == revisions
    finally:
        make_writable(apache)
    # Recovery without a restart.  Read-only connections that reads put
    # back in the children's pools may each cost one save (503; see the
    # xfail below); then saves go through, three in a row.
    statuses, in_a_row = [], 0
    while in_a_row < 3:
        text = marker("skrivbar-igjen")
        r, _ = save(ed, PAGE, text)
        statuses.append(r.status)
        if r.status == 303:
            in_a_row += 1
            assert len(revisions_with(apache, text)) == 1
        else:
            in_a_row = 0
            assert_unavailable_page(r)
        assert statuses.count(503) <= 8, statuses
    assert text in apache.get(PAGE).text
    for t in texts:
        assert revisions_with(apache, t) == []
    assert apache.proc.pid == parent and apache.proc.poll() is None
    assert "exit signal" not in apache.error_log()


def test_readonly_database_made_so_while_connections_are_open(new_server):
    """The usual order: the site has been serving (every child has pooled
    connections) when the file is made read-only.  The next save must
    already be refused with the 503 page, and not be written."""
    apache = started(new_server)
    ed = Editor(apache)
    r, _ = save(ed, PAGE, marker("foer"))
    assert r.status == 303
    assert {status_of(x) for _, x in burst(apache, PUBLIC, 60, 30)} == {200}
    make_readonly(apache)
    try:
        results = []
        for i in range(3):
            text = marker("skrivebeskyttet")
            r, _ = save(ed, PAGE, text)
            results.append((r.status, len(revisions_with(apache, text))))
        assert results == [(503, 0)] * 3, results
    finally:
        make_writable(apache)


def test_readonly_database_recovers_at_once(new_server):
    """Recovery without a restart: the first save after the fix works."""
    apache = started(new_server)
    ed = Editor(apache)
    r, _ = save(ed, PAGE, marker("foer"))
    assert r.status == 303
    drop_connections(apache)
    make_readonly(apache)
    try:
        # Reads while read-only: the children pool read-only connections.
        assert {status_of(x) for _, x in burst(apache, PUBLIC, 80, 40)} \
            == {200}
        r, _ = save(ed, PAGE, marker("skrivebeskyttet"))
        assert_unavailable_page(r)
    finally:
        make_writable(apache)
    results = []
    for i in range(6):
        r, _ = save(ed, PAGE, marker("skrivbar-igjen"))
        results.append(r.status)
    assert results == [303] * 6, results


# ---- the database file removed while running --------------------------------

def h1_of(r):
    m = H1.search(r.text) if hasattr(r, "text") else None
    return m.group(1) if m else None


def test_database_file_removed_while_running(new_server):
    """Renamed away while the site runs: reads are served by the open
    connections or answered 503, never 404/500 or a crash; saves are 303
    (into the open file) or 503.  Put back, the site is whole again and
    saves work, without a restart, also on fresh connections (failed ones
    were dropped from the pool and are opened anew)."""
    apache = started(new_server)
    ed = Editor(apache)
    parent = apache.proc.pid
    want = titles(apache)
    pages = db_rows(apache, "SELECT count(*) FROM page")
    r, _ = save(ed, PAGE, marker("foer"))
    assert r.status == 303
    away = apache.db + ".borte"
    problems, saved, unavailable = [], [], 0
    os.rename(apache.db, away)
    try:
        for i in range(3):
            # More requests at once than there are pooled connections.
            for path, x in burst(apache, PUBLIC, 60, 60):
                status = getattr(x, "status", None)
                if status == 200 and h1_of(x) == want[path]:
                    continue
                if status == 503 and UNAVAILABLE in x.text:
                    unavailable += 1
                    continue
                problems.append("gone: GET %s: %s %s" % (path, status_of(x),
                                                          h1_of(x)))
            text = marker("mens-borte")
            g = attempt(lambda: ed.get(PAGE))
            if getattr(g, "status", None) == 200:
                data = parse_form(g.text)
                r = attempt(lambda: ed.post(PAGE, dict(
                    data, body="<p>%s</p>" % text, comment=text)))
                if getattr(r, "status", None) == 303:
                    saved.append(text)
                elif getattr(r, "status", None) != 503:
                    problems.append("gone: save: %s" % status_of(r))
            elif getattr(g, "status", None) != 503:
                problems.append("gone: editor GET: %s" % status_of(g))
    finally:
        os.rename(away, apache.db)
    # Put back: every request is right again, fresh connections included.
    for i in range(3):
        for path, x in burst(apache, PUBLIC, 60, 60):
            if getattr(x, "status", None) != 200 or h1_of(x) != want[path]:
                problems.append("back: GET %s: %s %s" % (
                    path, status_of(x), h1_of(x)))
    text = marker("tilbake")
    r = attempt(lambda: save(ed, PAGE, text)[0])
    if getattr(r, "status", None) != 303:
        problems.append("back: save: %s" % status_of(r))
    elif text not in apache.get(PAGE).text:
        problems.append("back: the saved text is not shown")
    # Nothing lost: every page, every save answered 303, a sound file.
    try:
        now = db_rows(apache, "SELECT count(*) FROM page")
        if now != pages:
            problems.append("back: %s pages, there were %s" % (now, pages))
        for t in saved + [text]:
            if len(revisions_with(apache, t)) != 1:
                problems.append("back: save %s lost" % t)
        check = db_rows(apache, "PRAGMA integrity_check")
        if check != [("ok",)]:
            problems.append("back: integrity_check %s" % check[:3])
    except sqlite3.Error as e:
        problems.append("back: the database: %s" % e)
    if apache.proc.pid != parent or apache.proc.poll() is not None:
        problems.append("the Apache parent is gone")
    crashes = [line for line in apache.error_log().splitlines()
               if "exit signal" in line]
    print("while gone: %d answers 503, %d saves 303" % (unavailable,
                                                         len(saved)))
    assert not problems and not crashes, "\n".join(
        sorted(set(problems))[:30] + crashes[:5] + error_lines(apache)[:5])


# ---- a full disk ------------------------------------------------------------

@pytest.fixture
def disk_site(new_server):
    """The site's database and documents on a 3 MB tmpfs of their own,
    with a save done (the WAL in use); skipped where mount is refused."""
    apache = new_server()
    add_users(apache)
    disk = os.path.join(apache.rundir, "disk")
    os.makedirs(disk)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0755",
                        "tmpfs", disk], capture_output=True, text=True)
    if m.returncode != 0:
        pytest.skip("cannot mount a tmpfs here, so no full disk to test: %s"
                    % (m.stderr.strip() or "mount exit %d" % m.returncode))
    try:
        apache.db = copy_db(apache.db, disk)
        apache.write_conf(apache.db)
        apache.start()
        apache.disk = disk
        r, _ = save(Editor(apache), PAGE, marker("foer"))
        assert r.status == 303
        yield apache
    finally:
        apache.stop()
        if subprocess.run(["umount", disk]).returncode != 0:
            subprocess.run(["umount", "-l", disk])


def empty_wal(db):
    """Checkpoints the site's WAL and truncates it: a save then needs new
    space for its frames (a WAL left as long as an earlier save's has room
    for the next one, and a full disk would not show)."""
    con = sqlite3.connect(db, timeout=10)
    try:
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        con.close()
    assert busy == 0


def fill(directory):
    """Writes a ballast file until the file system is full."""
    path = os.path.join(directory, "ballast")
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as f:
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    f.write(chunk[:size])
                except OSError as e:
                    assert e.errno == errno.ENOSPC, e
                    break
    return path


def small_pdf(title, padding=65536):
    return b"%PDF-1.4\n% " + title.encode() + b"\n" + b"x" * padding + \
        b"\n%%EOF\n"


def assert_reads_go_on(apache, want):
    for path in (PAGE, "/", DOC_PAGE):
        got = apache.get(path)
        assert got.status == 200, (path, got.status)
        assert H1.search(got.text).group(1) == want[path]


def test_full_disk_refuses_uploads_with_503_and_recovers(disk_site):
    """Uploads on a full disk: the themed 503, one error line saying the
    disk is full, no temporary file left, reads go on; freed, an upload
    works again without a restart."""
    apache = disk_site
    parent = apache.proc.pid
    docs = Docs(apache)
    want = titles(apache)
    empty_wal(apache.db)
    ballast = fill(apache.disk)
    since = len(apache.error_log())
    refused = []
    for i in range(3):
        title = marker("full-disk-dok")
        r = docs.upload([(title + ".pdf", small_pdf(title))], [title])
        assert_unavailable_page(r)
        refused.append(title)
        assert_reads_go_on(apache, want)
    lines = error_lines(apache, since)
    assert len(lines) == 3, lines
    for line in lines:
        assert "No space left on device (disk full)" in line, line
    assert not [f for f in os.listdir(apache.db + "-filer")
                if f.startswith(".tmp-")]
    os.remove(ballast)
    title = marker("plass-igjen-dok")
    r = docs.upload([(title + ".pdf", small_pdf(title))], [title])
    assert r.status == 303, (r.status, r.text[:300])
    listed = [t for _, t in docs.public_docs()]
    assert title in listed and not set(refused) & set(listed)
    assert_sound(apache)
    assert apache.proc.pid == parent and apache.proc.poll() is None
    assert "exit signal" not in apache.error_log()


def test_full_disk_refuses_saves_with_503_and_recovers(disk_site):
    """Saves on a full disk (SQLite fails at COMMIT with SQLITE_FULL): the
    themed 503 and one error line saying "database or disk is full", reads
    go on; freed, saves work again without a restart, and the refused ones
    were not stored."""
    apache = disk_site
    parent = apache.proc.pid
    ed = Editor(apache)
    want = titles(apache)
    empty_wal(apache.db)
    ballast = fill(apache.disk)
    since = len(apache.error_log())
    refused = []
    for i in range(3):
        text = marker("full-disk")
        r, _ = save(ed, PAGE, text)
        assert_unavailable_page(r)
        refused.append(text)
        assert_reads_go_on(apache, want)
    lines = error_lines(apache, since)
    assert len(lines) == 3, lines
    for line in lines:
        assert "database or disk is full" in line and apache.db in line, line
    os.remove(ballast)
    text = marker("plass-igjen")
    r, _ = save(ed, PAGE, text)
    assert r.status == 303, (r.status, r.text[:300])
    assert text in apache.get(PAGE).text
    for t in refused:
        assert revisions_with(apache, t) == []
    assert len(revisions_with(apache, text)) == 1
    assert_sound(apache)
    assert apache.proc.pid == parent and apache.proc.poll() is None
    assert "exit signal" not in apache.error_log()


def test_full_disk_upload_is_logged_once(disk_site):
    """One log line per failed request, at any LogLevel (the tests run at
    info)."""
    apache = disk_site
    docs = Docs(apache)
    fill(apache.disk)
    since = len(apache.error_log())
    title = marker("full-disk-dok")
    r = docs.upload([(title + ".pdf", small_pdf(title))], [title])
    assert r.status == 503
    lines = [line for line in apache.error_log()[since:].splitlines()
             if "[naering:" in line]
    assert len(lines) == 1, lines
