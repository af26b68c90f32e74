"""An HTTP cache tier in front: a real Varnish (conf/varnish.vcl) caches
public pages, passes the editor, and is banned by the module on every
save so visitors see changes at once; a dead cache never blocks a save."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import http.client
import re
import threading

import pytest

from conftest import SRCDIR, db_rows, free_port, make_server, stop_process
from editor_client import Editor, add_users

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
pytestmark = pytest.mark.skipif(not os.path.exists(VARNISHD),
                                reason="varnishd is not installed "
                                       "(scripts/deps --tests installs it)")


class Varnish:
    def __init__(self, backend_port, vcl="varnish.vcl"):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="varnish-")
        os.chmod(self.dir, 0o755)
        with open(os.path.join(SRCDIR, "conf", vcl)) as f:
            vcl = f.read().replace('.port = "8080"',
                                   '.port = "%d"' % backend_port)
        self.vcl = os.path.join(self.dir, "naering.vcl")
        with open(self.vcl, "w") as f:
            f.write(vcl)
        self.proc = subprocess.Popen(
            [VARNISHD, "-F", "-a", "127.0.0.1:%d" % self.port, "-f", self.vcl,
             "-n", os.path.join(self.dir, "work"), "-s", "malloc,32m",
             "-T", "none", "-p",
             "ban_lurker_sleep=0.01"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stdout.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("varnishd did not listen")

    def get(self, path, headers=None, source="127.0.0.1", method="GET"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                          source_address=(source, 0))
        try:
            conn.request(method, path, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        finally:
            conn.close()

    def stop(self):
        stop_process(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


def hit(headers):
    # X-Varnish carries two ids on a hit, one on a miss.
    return len((headers.get("X-Varnish") or "").split()) == 2


@pytest.fixture(scope="module")
def tier(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.start()          # start first: Varnish needs the backend port
    apache.stop()
    varnish = Varnish(apache.port)
    apache.add_conf("purge", """
<Location "/">
    NaeringPurge http://127.0.0.1:%d
</Location>
""" % varnish.port)
    apache.start()
    apache.wait_start_ban()
    yield apache, varnish
    varnish.stop()
    apache.stop()


def test_public_pages_are_cached(tier):
    apache, varnish = tier
    s1, h1, b1 = varnish.get("/naeringsnettverket")
    s2, h2, b2 = varnish.get("/naeringsnettverket")
    assert s1 == s2 == 200 and b1 == b2
    assert hit(h2)


def test_editor_and_logged_in_requests_are_never_cached(tier):
    apache, varnish = tier
    auth = Editor(apache).headers
    for _ in range(2):
        s, h, _ = varnish.get("/redigering/naeringsnettverket", auth)
        assert s == 200 and not hit(h)
        assert h["Cache-Control"] == "private, no-store"
    s, h, _ = varnish.get("/naeringsnettverket", auth)
    assert not hit(h)


def test_a_save_bans_the_site_in_the_cache(tier):
    apache, varnish = tier
    varnish.get("/samferdsel")
    varnish.get("/")
    assert hit(varnish.get("/samferdsel")[1])
    ed = Editor(apache)
    assert ed.save("/samferdsel", title="Samferdsel og bane").status == 303
    deadline = time.time() + 5
    while time.time() < deadline:
        s, h, body = varnish.get("/samferdsel")
        if b"Samferdsel og bane" in body:
            break
        time.sleep(0.05)
    assert b"<h1>Samferdsel og bane</h1>" in body
    # Other pages show the new menu too: the whole site was banned.
    assert b"Samferdsel og bane" in varnish.get("/")[2]


def test_ban_only_from_the_acl(tier):
    apache, varnish = tier
    s, _, _ = varnish.get("/", {"X-Ban-Url": "^/"}, source="127.0.0.2",
                          method="BAN")
    assert s == 405
    s, _, _ = varnish.get("/", {"X-Ban-Url": "^/"}, method="BAN")
    assert s == 200


def test_a_dead_cache_never_blocks_a_save(demo_template_db):
    apache = make_server(demo_template_db)
    add_users(apache)
    dead = free_port()
    apache.add_conf("purge", """
<Location "/">
    NaeringPurge http://127.0.0.1:%d
</Location>
""" % dead)
    apache.start()
    try:
        start = time.time()
        r = Editor(apache).save("/samferdsel", title="Samferdsel uten cache")
        assert r.status == 303
        assert time.time() - start < 3
        assert "Samferdsel uten cache" in apache.get("/samferdsel").text
        # the purge runs after the answer: wait for its log line
        deadline = time.time() + 30
        while "did not take the ban" not in apache.error_log():
            assert time.time() < deadline, apache.error_log()[-2000:]
            time.sleep(0.05)
    finally:
        apache.stop()


def test_a_varnish_without_xkey_gets_a_ban(demo_template_db):
    """conf/varnish-ban.vcl (no varnish-modules) refuses the purge by keys;
    the module then bans the whole site, and the save shows."""
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.start()
    apache.stop()
    varnish = Varnish(apache.port, "varnish-ban.vcl")
    try:
        apache.add_conf("purge", """
<Location "/">
    NaeringPurge http://127.0.0.1:%d
</Location>
""" % varnish.port)
        apache.start()
        apache.wait_start_ban()
        varnish.get("/samferdsel")
        assert hit(varnish.get("/samferdsel")[1])
        assert Editor(apache).save("/samferdsel", body="<p>Bare ban.</p>") \
            .status == 303
        deadline = time.time() + 10
        while b"Bare ban." not in varnish.get("/samferdsel")[2]:
            assert time.time() < deadline, "still the old page"
            time.sleep(0.05)
        assert "did not take" not in apache.error_log()
    finally:
        varnish.stop()
        apache.stop()


class Recorder:
    """A cache in front that only listens: every BAN and PURGE the module
    sends, as (method, xkey-purge header), answered 200."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.seen = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    more = conn.recv(4096)
                    if not more:
                        break
                    data += more
                head = data.decode("latin-1")
                keys = re.search(r"(?im)^xkey-purge: *(.*?)\r$", head)
                with self.lock:
                    self.seen.append((head.split(" ")[0],
                                      keys.group(1) if keys else None))
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")

    def requests(self):
        with self.lock:
            return list(self.seen)

    def wait(self, what, timeout=20):
        deadline = time.time() + timeout
        while not what(self.requests()):
            assert time.time() < deadline, self.requests()
            time.sleep(0.02)
        return self.requests()

    def close(self):
        self.sock.close()


def attach(apache, page, text):
    """A write outside any request: naering-admin attaches a PDF."""
    from conftest import admin
    from test_documents import pdf
    f = os.path.join(apache.rundir, "vedlegg.pdf")
    with open(f, "wb") as out:
        out.write(pdf(text))
    admin("attach", apache.db, page, f, text)
    (key,), = db_rows(apache, "SELECT 'naering:p' || id FROM page"
                      " WHERE path = ?", (page,))
    return key


def purges_of(seen, key):
    return [k for m, k in seen if m == "PURGE" and key in (k or "").split()]


@pytest.mark.parametrize("runtime", ["the server's", "root's"])
def test_the_watchdog_moves_on_without_banning_or_purging_again(
        demo_template_db, runtime):
    """mod_watchdog starts the module's ticks again in another child each
    time the child running them exits: no new templates and no new write,
    so the cache in front is neither banned nor purged again -- also when
    the runtime directory belongs to root, as Debian's does."""
    from conftest import prefork
    apache = make_server(demo_template_db)
    prefork(apache)
    rec = Recorder()
    conf = ('<Location "/">\n    NaeringPurge http://127.0.0.1:%d\n'
            '</Location>\nMaxConnectionsPerChild 1\nLogLevel naering:debug\n'
            % rec.port)
    if runtime == "root's":
        if os.geteuid() != 0:
            pytest.skip("needs root")
        apache.runtime = tempfile.mkdtemp(prefix="naering-run-")
        os.chmod(apache.runtime, 0o755)
        conf += 'DefaultRuntimeDir "%s"\n' % apache.runtime
    apache.add_conf("purge", conf)
    apache.start()
    try:
        # The first start of the ticks that got as far as its line has
        # banned and kept it (a child that exits before -- its one
        # connection may be the start's probe -- leaves the ban to the next).
        deadline = time.time() + 60
        while "watchdog: ticks from process" not in apache.error_log():
            assert time.time() < deadline, "the ticks never started"
            time.sleep(0.05)
        bans = [m for m, _ in rec.requests()].count("BAN")
        assert bans >= 1
        first = attach(apache, "/samferdsel", "Før flyttingen")
        rec.wait(lambda seen: purges_of(seen, first))
        apache.wait_watchdog()
        deadline = time.time() + 60
        # Children serve one connection each: the one with the ticks
        # exits too, and another takes them over (it logs that after its
        # start, ban included).
        while len(set(re.findall(r"watchdog: ticks from process (\d+)",
                                 apache.error_log()))) < 2:
            assert time.time() < deadline, "the ticks never moved"
            apache.get("/")
        second = attach(apache, "/naeringsnettverket", "Etter flyttingen")
        seen = rec.wait(lambda seen: purges_of(seen, second))
        assert [m for m, _ in seen].count("BAN") == bans, seen
        assert len(purges_of(seen, first)) == 1, seen
    finally:
        apache.stop()
        rec.close()
        if apache.runtime != apache.rundir:
            shutil.rmtree(apache.runtime, ignore_errors=True)


def test_a_write_before_the_start_is_not_purged_again(demo_template_db):
    """A write made while the server was down is covered by the ban at
    start; the first tick does not purge it once more (such a purge, half
    a second after the start, emptied pages a visitor had just filled)."""
    apache = make_server(demo_template_db)
    rec = Recorder()
    apache.add_conf("purge", '<Location "/">\n    NaeringPurge '
                    'http://127.0.0.1:%d\n</Location>\n'
                    'LogLevel naering:debug\n' % rec.port)
    before = attach(apache, "/samferdsel", "Før start")
    apache.start()
    try:
        rec.wait(lambda seen: any(m == "BAN" for m, _ in seen))
        deadline = time.time() + 30
        while "watchdog: first tick done" not in apache.error_log():
            assert time.time() < deadline, "no tick in 30 s"
            time.sleep(0.05)
        after = attach(apache, "/naeringsnettverket", "Etter start")
        seen = rec.wait(lambda seen: purges_of(seen, after))
        assert not purges_of(seen, before), seen
    finally:
        apache.stop()
        rec.close()


def test_a_write_of_naering_admin_is_purged_by_the_watchdog(
        demo_template_db):
    """A write outside any request (naering-admin attach) reaches the cache
    in front too: the module's watchdog purges the keys it changed."""
    apache = make_server(demo_template_db)
    rec = Recorder()
    apache.add_conf("purge", '<Location "/">\n    NaeringPurge '
                    'http://127.0.0.1:%d\n</Location>\n' % rec.port)
    apache.start()
    try:
        rec.wait(lambda seen: any(m == "BAN" for m, _ in seen))
        key = attach(apache, "/samferdsel", "Vedlagt av admin")
        seen = rec.wait(lambda seen: purges_of(seen, key))
        assert [m for m, _ in seen].count("BAN") == 1, seen
    finally:
        apache.stop()
        rec.close()
