"""Integration test harness: a real Apache with the built module.

Each server is the `apache2` binary with conf/httpd-test.conf.in filled in
by scripts/httpd-conf (the same configuration the demo runs), a fresh run
directory, a fresh SQLite file made by scripts/demo-db, and a free port on
127.0.0.1.  Servers stop by PID when their fixture ends.
"""
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

import pytest

SRCDIR = os.environ.get("NAERING_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BUILDDIR = os.environ.get("NAERING_BUILDDIR", SRCDIR)
MODULE = os.environ.get("NAERING_MODULE") or os.path.join(
    BUILDDIR, ".libs", "mod_naering.so")
ADMIN = os.environ.get("NAERING_ADMIN") or os.path.join(BUILDDIR, "naering-admin")
APACHE = os.environ.get("APACHE2") or shutil.which("apache2") or "/usr/sbin/apache2"
TEMPLATES = os.path.join(SRCDIR, "xslt")
DEMO_PDF = os.path.join(SRCDIR, "sql", "demo", "strategisk-naeringsplan.pdf")
RUN_AS_ROOT = os.geteuid() == 0


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_demo_db(path):
    """The demo site, as scripts/demo makes it."""
    env = dict(os.environ, NAERING_ADMIN=ADMIN)
    subprocess.run([os.path.join(SRCDIR, "scripts", "demo-db"), path],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def admin(*args, check=True):
    return subprocess.run([ADMIN, *args], check=check, capture_output=True,
                          text=True)


def ask_to_stop(proc, sig, grace):
    """sig to proc, then up to grace seconds for it to go; True once gone."""
    if proc is None or proc.poll() is not None:
        return True
    proc.send_signal(sig)
    try:
        proc.wait(grace)
        return True
    except subprocess.TimeoutExpired:
        return False


def stop_process(proc, grace=15):
    """SIGTERM, then SIGKILL if it has not gone after grace seconds."""
    if not ask_to_stop(proc, signal.SIGTERM, grace):
        proc.kill()
        proc.wait()


# httpd's line once it serves (its signal handlers set), at every start.
SERVING = "resuming normal operations"


def stop_gracefully(proc, grace=20):
    """httpd's graceful stop (SIGWINCH): what is in flight finishes first;
    then stop_process.  A server of a fixture stops this way because the
    event MPM's hard stop has a race of httpd's own: a child's main thread
    closes each busy worker's socket (close_worker_sockets) while that
    worker may already have recycled the connection's pool, and the child
    dies with SIGSEGV in apr_os_sock_get, no module frame on its stack
    (test_shutdown.py).  A connection closing at that moment -- the test's
    own last one, a warm-up request of the watchdog -- can fail a test
    that only meant to stop its server (seen under ASan at a hard stop
    with requests in flight).  Hard stops are tested where they are the
    subject (test_shutdown.py)."""
    if not ask_to_stop(proc, signal.SIGWINCH, grace):
        stop_process(proc)


def log_cache_sources(apache):
    """An access log of where each response came from (%{naering-cache}n:
    process, shared or miss), for cache_sources."""
    apache.add_conf("log", 'LogFormat "%U%q %{naering-cache}n '
                    '%{User-Agent}i" naering_cache\n'
                    'CustomLog "' + apache.rundir + '/cache.log" '
                    'naering_cache\n')


def cache_sources(apache, wanted, count):
    """The sources of the logged responses whose line wanted(line) picks,
    once count of them are logged (children write them in their own time)."""
    log = os.path.join(apache.rundir, "cache.log")
    deadline = time.time() + 10
    while True:
        try:
            with open(log) as f:
                rows = [l.split()[1] for l in f if wanted(l)]
        except FileNotFoundError:
            rows = []
        if len(rows) >= count:
            return rows
        assert time.time() < deadline, rows
        time.sleep(0.02)


def db_rows(apache, sql, args=()):
    """A read-only look at a running site's database (opened read-only, so
    its WAL and shm files stay the Apache children's)."""
    con = sqlite3.connect("file:%s?mode=ro" % apache.db, uri=True,
                          timeout=10)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers      # http.client.HTTPMessage
        self.body = body            # bytes

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        return self.headers.get(name)


def sanitizer_env(rundir):
    """With a sanitizer build (scripts/test's second pass) apache2
    preloads ASan and every report lands in a file of rundir, which the
    test checks at stop (sanitizer_reports)."""
    env = dict(os.environ)
    preload = os.environ.get("NAERING_ASAN_PRELOAD")
    if preload:
        env["LD_PRELOAD"] = preload
        env["ASAN_OPTIONS"] = "detect_leaks=0:log_path=%s/asan" % rundir
        env["UBSAN_OPTIONS"] = ("print_stacktrace=1:log_path=%s/ubsan"
                                % rundir)
    return env


def sanitizer_reports(rundir):
    out = []
    for name in sorted(os.listdir(rundir)):
        if name.startswith(("asan.", "ubsan.")):
            with open(os.path.join(rundir, name), errors="replace") as f:
                out.append(f.read())
    return out


class Apache:
    """One running apache2 and its run directory."""

    def __init__(self, rundir, port):
        self.rundir = rundir
        self.port = port
        self.proc = None
        self.generations = 0        # SERVING lines before this start
        self.extra = os.path.join(rundir, "extra")
        os.makedirs(self.extra, exist_ok=True)
        self.runtime = rundir       # DefaultRuntimeDir

    @property
    def error_log_path(self):
        return os.path.join(self.rundir, "error.log")

    def error_log(self):
        try:
            with open(self.error_log_path, encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def add_conf(self, name, text):
        with open(os.path.join(self.extra, name + ".conf"), "w",
                  encoding="utf-8") as f:
            f.write(text)

    def write_conf(self, db, templates=TEMPLATES, loglevel="info"):
        user = "User www-data\nGroup www-data" if RUN_AS_ROOT else ""
        out = subprocess.run(
            [os.path.join(SRCDIR, "scripts", "httpd-conf"), self.rundir,
             str(self.port), db, templates, MODULE, user, loglevel],
            check=True, capture_output=True, text=True).stdout
        with open(os.path.join(self.rundir, "httpd.conf"), "w",
                  encoding="utf-8") as f:
            f.write(out)

    def start(self, expect_failure=False, wrapper=(), args=(), wait=15):
        """wrapper: a command line apache2 runs under (valgrind); args:
        more apache2 arguments (-X)."""
        own_tree(self.rundir)
        self.generations = self.error_log().count(SERVING)
        # Its own session: the prefork MPM stops its children by
        # signalling its whole process group, which would otherwise be
        # pytest's (and the CI's).
        self.proc = subprocess.Popen(
            list(wrapper) + [APACHE, "-f", os.path.join(self.rundir,
                             "httpd.conf"), "-DFOREGROUND"] + list(args),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=self.env(),
            start_new_session=True)
        if expect_failure:
            # Apache listens before post_config runs, so an open port
            # says nothing here: only its exit does.
            try:
                return self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                raise RuntimeError("apache2 started but should not")
        deadline = time.time() + wait
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("apache2 exited %s:\n%s\n%s" % (
                    self.proc.returncode, self.proc.stdout.read().decode(),
                    self.error_log()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return 0
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("apache2 did not listen in %d s" % wait)

    def wait_start_ban(self, timeout=30):
        """With NaeringPurge: until the watchdog has banned the caches in
        front for these templates (it writes naering/banned after), so a
        test that fills Varnish does not see that ban arrive later."""
        path = os.path.join(self.runtime, "naering", "banned")
        deadline = time.time() + timeout
        while not os.path.exists(path):
            assert time.time() < deadline, "no ban at start in %d s" % timeout
            time.sleep(0.05)

    def purged_up_to(self):
        """The generation up to which the watchdog has purged (and warmed)
        the site's writes (httpd/runstate.c), -1 before its start."""
        folder = os.path.join(self.runtime, "naering")
        names = [n for n in os.listdir(folder) if n.startswith("purged-")
                 and not n.endswith(".new")] if os.path.isdir(folder) else []
        if not names:
            return -1
        assert len(names) == 1, names
        with open(os.path.join(folder, names[0])) as f:
            return int(f.read().split()[1])

    def wait_watchdog(self, timeout=30):
        """Until the watchdog has purged every write committed so far: its
        purge of a write comes after the editor's, and may otherwise land
        after a test's look at the cache in front."""
        (gen,), = db_rows(self, "SELECT value FROM setting"
                          " WHERE key = 'generation'")
        deadline = time.time() + timeout
        while self.purged_up_to() < int(gen):
            assert time.time() < deadline, "the watchdog is at %d, not %s" \
                % (self.purged_up_to(), gen)
            time.sleep(0.02)

    def env(self):
        return sanitizer_env(self.rundir)

    def sanitizer_reports(self):
        return sanitizer_reports(self.rundir)

    def wait_serving(self, timeout=30):
        """Until this start's server serves (its MPM logs SERVING).  The
        port opens earlier, before httpd has set its signal handlers: a
        SIGHUP then kills the parent (seen under ASan, whose start is
        slow)."""
        deadline = time.time() + timeout
        while self.error_log().count(SERVING) <= self.generations:
            assert self.proc.poll() is None, "apache2 exited"
            assert time.time() < deadline, "not serving in %d s" % timeout
            time.sleep(0.05)

    def restart(self, timeout=30):
        """httpd's restart (SIGHUP): the configuration read again and new
        children, which open the database afresh; returns once the new
        generation serves."""
        self.wait_serving(timeout)
        before = self.error_log().count(SERVING)
        self.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + timeout
        while self.error_log().count(SERVING) <= before:
            assert self.proc.poll() is None, "apache2 exited at the restart"
            assert time.time() < deadline, "no restart in %d s" % timeout
            time.sleep(0.05)

    def stop(self):
        self._stop()
        reports = self.sanitizer_reports() if os.path.isdir(self.rundir) else []
        assert not reports, "\n".join(reports)

    def _stop(self):
        # A signal before httpd has set its handlers is lost (SIGWINCH is
        # ignored by default): a server not yet serving stops hard.
        if self.error_log().count(SERVING) > self.generations:
            stop_gracefully(self.proc)
        stop_process(self.proc)
        self.proc = None

    def request(self, method, path, headers=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, r.headers, data)
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)


def own_tree(path):
    """Apache's children run as www-data when started as root: they must be
    able to write the database, its WAL and the document directory."""
    if not RUN_AS_ROOT:
        return
    pw = pwd.getpwnam("www-data")
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, pw.pw_uid, pw.pw_gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), pw.pw_uid, pw.pw_gid)


def quote(path):
    return urllib.parse.quote(path, safe="/?=&")


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory):
    """The demo database, made once and copied for each server."""
    d = tmp_path_factory.mktemp("template")
    db = str(d / "site.db")
    make_demo_db(db)
    return db


def copy_db(template, dest_dir):
    db = os.path.join(dest_dir, "site.db")
    shutil.copy(template, db)
    if os.path.isdir(template + "-filer"):
        shutil.copytree(template + "-filer", db + "-filer")
    return db


def make_server(template_db):
    """A demo-site Apache, configured but not started, in a run directory
    that the Apache user can enter (not pytest's private tmp)."""
    rundir = tempfile.mkdtemp(prefix="naering-")
    os.chmod(rundir, 0o755)
    apache = Apache(rundir, free_port())
    apache.db = copy_db(template_db, rundir)
    apache.write_conf(apache.db)
    open(os.path.join(rundir, "htpasswd"), "w").close()
    return apache


def prefork(apache):
    """Rewrites the run's configuration from event to prefork."""
    conf = os.path.join(apache.rundir, "httpd.conf")
    with open(conf) as f:
        text = f.read().replace("mpm_event", "mpm_prefork")
    text = re.sub(r"(?m)^ThreadsPerChild.*$", "", text)
    text = re.sub(r"(?m)^ServerLimit.*$", "ServerLimit 8", text)
    text = re.sub(r"(?m)^MaxRequestWorkers.*$", "MaxRequestWorkers 8", text)
    with open(conf, "w") as f:
        f.write(text)


def serving(template_db, confs=()):
    """For a module fixture: a demo-site Apache with editor_client's users
    and extra configuration [(name, text)], started; yields it, then stops
    it and checks that no child crashed."""
    from editor_client import add_users     # it does not import conftest
    apache = make_server(template_db)
    add_users(apache)
    for name, text in confs:
        apache.add_conf(name, text)
    apache.start()
    yield apache
    apache.stop()
    log = apache.error_log()
    shutil.rmtree(apache.rundir, ignore_errors=True)
    assert "exit signal" not in log, log[-3000:]


@pytest.fixture
def new_server(demo_template_db):
    """Factory: a demo-site Apache that a test configures before start()."""
    servers = []

    def make():
        apache = make_server(demo_template_db)
        servers.append(apache)
        return apache

    yield make
    for s in servers:
        s.stop()
        shutil.rmtree(s.rundir, ignore_errors=True)


@pytest.fixture(scope="module")
def site(demo_template_db):
    """The demo site on a running Apache, shared by a test module."""
    apache = make_server(demo_template_db)
    subprocess.run(["htpasswd", "-bc", os.path.join(apache.rundir,
                    "htpasswd"), "redaktor", "redaktor"], check=True,
                   capture_output=True)
    apache.start()
    yield apache
    apache.stop()
    log = apache.error_log()
    shutil.rmtree(apache.rundir, ignore_errors=True)
    assert "exit signal" not in log, log
