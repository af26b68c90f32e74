"""The Debian package libapache2-mod-naering, from build to purge (issue 19).

scripts/deb builds it (or NAERING_DEB names a .deb already built); lintian
must find no errors.  Then, on this machine, as root:

1. install it with apt-get: the files are in place, /var/lib/naering
   belongs to www-data, naering-admin runs, and nothing is enabled;
2. serve the demo site on Debian's own Apache with the INSTALLED files: a
   copy of /etc/apache2 in a scratch ServerRoot (free ports, scratch run
   and log folders), naering enabled there the way a2enmod does it, the
   shipped example site enabled with its database pointed at a demo
   database made by the installed naering-admin, and no NaeringTemplates
   (so the module's compiled-in /usr/share/mod_naering/xslt is used);
3. purge it, answering the debconf question "no" on the teletype: the data
   stays;
4. install it again, preseed "yes" with debconf-set-selections and purge:
   the data goes, and the machine is as it was before the test (files
   under /etc/apache2 and the other places the package touches, dpkg's and
   debconf's records).

The real /etc/apache2 is never changed by the test itself, only by the
package's own maintainer scripts.  It skips unless run as root on Debian
with the package not installed (it could not leave the machine as it was).
"""
import hashlib
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time

import pytest

PKG = "libapache2-mod-naering"
SRCDIR = os.environ.get("NAERING_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
ETC = "/etc/apache2"
DATA = "/var/lib/naering"
HOST = "knutepunkt.example.no"
QUESTION = PKG + "/purge-data"
# Everything the package or its maintainer scripts could leave behind.
WATCHED = ["/etc/apache2", "/usr/lib/apache2/modules", "/usr/share/mod_naering",
           "/usr/share/doc/" + PKG, "/var/lib/apache2", DATA,
           "/usr/bin/naering-admin", "/usr/share/man/man1/naering-admin.1.gz"]
INSTALLED = ["/usr/lib/apache2/modules/mod_naering.so",
             "/etc/apache2/mods-available/naering.load",
             "/etc/apache2/mods-available/naering.conf",
             "/etc/apache2/sites-available/naering-site.conf",
             "/etc/apache2/sites-available/naering-site-ssl.conf",
             "/usr/share/mod_naering/xslt/site.xsl",
             "/usr/share/mod_naering/xslt/nb.xml",
             "/usr/share/mod_naering/xslt/ressurser/naering.css",
             "/usr/bin/naering-admin",
             "/usr/share/man/man1/naering-admin.1.gz",
             "/usr/share/doc/%s/copyright" % PKG,
             "/usr/share/doc/%s/README.Debian" % PKG]
APT_ENV = dict(os.environ, DEBIAN_FRONTEND="noninteractive",
               LC_ALL="C.UTF-8")
# Waits for the dpkg lock (another apt-get on the machine) instead of failing.
APT = ["apt-get", "-o", "DPkg::Lock::Timeout=900"]


def dpkg_state(package):
    """dpkg's word for the package: not-installed, installed, config-files..."""
    r = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status}",
                        package], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "not-installed"


def debconf_records():
    """The lines of debconf's database that name the package."""
    lines = []
    for name in ("config.dat", "templates.dat", "passwords.dat"):
        try:
            with open("/var/cache/debconf/" + name, errors="replace") as f:
                lines += [name + ": " + l.rstrip("\n") for l in f if PKG in l]
        except FileNotFoundError:
            pass
    return lines


def skip_reason():
    if os.geteuid() != 0:
        return "installs a package: run as root"
    if not os.path.exists("/etc/debian_version") or not shutil.which("dpkg") \
            or not shutil.which("apt-get"):
        return "not Debian (no /etc/debian_version, dpkg or apt-get)"
    state = dpkg_state(PKG)
    if state != "not-installed":
        return ("%s is %s on this machine: the test could not leave it as it "
                "was (purge it first)" % (PKG, state))
    if debconf_records():
        return "debconf already holds answers for %s (preseeded?)" % PKG
    if not os.path.isfile(os.path.join(ETC, "apache2.conf")) \
            or not os.path.isfile("/usr/sbin/apache2"):
        return "Debian's apache2 is not installed"
    return None


SKIP = skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=str(SKIP))
# Seconds per step, and lintian's warnings: printed at the end.
TIMES = {}
LINTIAN_WARNINGS = []


def timed(what, started):
    TIMES[what] = TIMES.get(what, 0) + time.monotonic() - started


def run(cmd, timeout=1800, env=None, input=None, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       env=env, input=input)
    if check and r.returncode != 0:
        raise AssertionError("%s: exit %d\n%s\n%s" % (
            " ".join(cmd), r.returncode, r.stdout[-4000:], r.stderr[-4000:]))
    return r


def snapshot():
    """The watched files (type, mode, owner, content or link target), the
    dpkg status of every package, the package's dpkg and debconf records."""
    files = {}
    for top in WATCHED:
        if not os.path.lexists(top):
            continue
        paths = [top]
        if os.path.isdir(top) and not os.path.islink(top):
            for d, dirs, names in os.walk(top):
                paths += [os.path.join(d, n) for n in dirs + names]
        for p in paths:
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                what = "-> " + os.readlink(p)
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    what = hashlib.sha256(f.read()).hexdigest()
            else:
                what = ""
            files[p] = (stat.filemode(st.st_mode), st.st_uid, st.st_gid, what)
    status = run(["dpkg-query", "-W", "-f=${binary:Package} "
                  "${db:Status-Abbrev} ${Version}\n"]).stdout.splitlines()
    info = sorted(n for n in os.listdir("/var/lib/dpkg/info")
                  if n.startswith(PKG + ".") or n.startswith(PKG + ":"))
    return {"files": files, "dpkg": sorted(status), "info": info,
            "debconf": debconf_records()}


def differences(before, after, ignore=()):
    """What changed, one line each (ignore: path prefixes left out)."""
    out = []

    def kept(p):
        return not any(p == i or p.startswith(i + "/") for i in ignore)

    for p in sorted(set(before["files"]) | set(after["files"])):
        if not kept(p):
            continue
        a, b = before["files"].get(p), after["files"].get(p)
        if a != b:
            out.append("%s: %s -> %s" % (p, a, b))
    for key in ("dpkg", "info", "debconf"):
        gone = sorted(set(before[key]) - set(after[key]))
        new = sorted(set(after[key]) - set(before[key]))
        out += ["%s: gone: %s" % (key, l) for l in gone]
        out += ["%s: new: %s" % (key, l) for l in new]
    return out


def listing(folder):
    return sorted((n, os.readlink(os.path.join(folder, n))
                   if os.path.islink(os.path.join(folder, n)) else None)
                  for n in os.listdir(folder))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Machine:
    """This machine, with the package built, installed and purged."""

    def __init__(self, deb):
        self.deb = deb
        self.before = snapshot()
        self.data_existed = os.path.lexists(DATA)
        self.enabled = self.enabled_now()

    def install(self):
        started = time.monotonic()
        r = run(APT + ["install", "-y", self.deb], env=APT_ENV)
        timed("install", started)
        assert dpkg_state(PKG) == "installed", r.stdout[-3000:]
        return r

    def purge(self, env, input=None):
        started = time.monotonic()
        r = run(APT + ["purge", "-y", PKG], env=env, input=input)
        timed("purge", started)
        assert dpkg_state(PKG) == "not-installed", r.stdout[-3000:]
        return r

    def enabled_now(self):
        return {k: listing(os.path.join(ETC, k + "-enabled"))
                for k in ("mods", "sites", "conf")}

    def clean_up(self):
        """Whatever a failed step left: the package, its debconf answers,
        and the data folder if the test made it."""
        if dpkg_state(PKG) != "not-installed":
            run(APT + ["purge", "-y", PKG], env=APT_ENV, check=False)
        if debconf_records():
            run(["debconf-communicate", PKG], input="PURGE\n", check=False)
        if not self.data_existed and os.path.lexists(DATA):
            shutil.rmtree(DATA, ignore_errors=True)


@pytest.fixture(scope="module")
def deb():
    path = os.environ.get("NAERING_DEB")
    if path:
        assert os.path.isfile(path), "NAERING_DEB=%s: no such file" % path
        return os.path.abspath(path)
    started = time.monotonic()
    r = run([os.path.join(SRCDIR, "scripts", "deb")], timeout=3600)
    path = (r.stdout.strip().splitlines() or [""])[-1]
    assert path.endswith(".deb") and os.path.isfile(path), r.stdout + r.stderr
    timed("build", started)
    return path


@pytest.fixture(scope="module")
def machine(deb):
    # apt-get would install what the package needs and leave it after the
    # purge: then the machine could not end as it began.
    sim = run(APT + ["install", "-s", deb], env=APT_ENV)
    others = [l.split()[1] for l in sim.stdout.splitlines()
              if l.startswith("Inst ") and l.split()[1] != PKG]
    if others:
        pytest.skip("installing %s would also install %s, which purging it "
                    "would leave behind" % (PKG, " ".join(others)))
    m = Machine(deb)
    try:
        yield m
    finally:
        m.clean_up()


def test_lintian_finds_no_errors(deb):
    if not shutil.which("lintian"):
        pytest.skip("lintian is not installed (scripts/deps --deb)")
    started = time.monotonic()
    r = run(["lintian", "--no-cfg", deb], check=False)
    timed("lintian", started)
    tags = r.stdout.splitlines()
    LINTIAN_WARNINGS[:] = [l for l in tags if l.startswith("W:")]
    for line in LINTIAN_WARNINGS:
        print(line)
    errors = [l for l in tags if l.startswith("E:")]
    assert not errors, "\n".join(errors)
    assert r.returncode == 0, r.stdout + r.stderr


def test_installs_the_files_and_enables_nothing(machine):
    machine.install()
    for path in INSTALLED:
        assert os.path.isfile(path), path
    st = os.stat(DATA)
    if not machine.data_existed:
        assert (pwd.getpwuid(st.st_uid).pw_name, st.st_gid,
                stat.S_IMODE(st.st_mode)) \
            == ("www-data", pwd.getpwnam("www-data").pw_gid, 0o750)
    r = run(["/usr/bin/naering-admin", "--version"])
    assert re.match(r"naering-admin \d+\.\d+\.\d+ \(schema \d+", r.stdout), \
        r.stdout
    # Not enabled: a stock Apache stays as it was.
    assert machine.enabled_now() == machine.enabled
    # The purge question is in debconf's templates, ready for the postrm.
    assert any("Name: " + QUESTION in l for l in debconf_records()), \
        debconf_records()


class PortTaken(Exception):
    """Another process took a free port before Apache bound it."""


class Scratch:
    """Debian's Apache from a copy of /etc/apache2 (with the package's
    files in it now), on free ports, with the naering module and the
    shipped example site enabled."""

    def __init__(self, db):
        self.run = tempfile.mkdtemp(prefix="naering-package-")
        os.chmod(self.run, 0o755)
        self.root = os.path.join(self.run, "apache2")
        shutil.copytree(ETC, self.root, symlinks=True)
        for d in ("run", "lock", "log", "www"):
            os.makedirs(os.path.join(self.run, d))
        self.ports = {}
        self.proc = None
        self.configure(db)

    def port(self, number):
        return self.ports.setdefault(number, free_port())

    def configure(self, db):
        r = self.root
        text = self.read("ports.conf")
        text, n = re.subn(r"(?m)^(\s*)Listen\s+(?:\S+:)?(\d+)\b",
                          lambda m: "%sListen 127.0.0.1:%d" % (
                              m.group(1), self.port(m.group(2))), text)
        assert n, "no Listen in ports.conf"
        self.write("ports.conf", text)
        self.http = self.port("80")
        for name, value in (("APACHE_PID_FILE", self.run + "/run/apache2.pid"),
                            ("APACHE_RUN_DIR", self.run + "/run"),
                            ("APACHE_LOCK_DIR", self.run + "/lock"),
                            ("APACHE_LOG_DIR", self.run + "/log")):
            text, n = re.subn(r"(?m)^export %s=.*$" % name,
                              "export %s=%s" % (name, value),
                              self.read("envvars"))
            assert n == 1, name
            self.write("envvars", text)
        # What a2enmod naering and a2ensite naering-site do.
        for kind, name in (("mods", "naering.load"), ("mods", "naering.conf"),
                           ("sites", "naering-site.conf")):
            os.symlink(os.path.join("..", kind + "-available", name),
                       os.path.join(r, kind + "-enabled", name))
        site = "sites-available/naering-site.conf"
        text = self.read(site)
        assert not re.search(r"(?m)^\s*NaeringTemplates", text), \
            "the shipped site sets NaeringTemplates"
        for old, new in (("/var/lib/naering/knutepunkt.db", db),
                         ("/var/www/html", self.run + "/www")):
            assert old in text, old
            text = text.replace(old, new)
        self.write(site, text)
        # Every enabled site's virtual hosts on the free ports.
        for name in os.listdir(os.path.join(r, "sites-enabled")):
            link = os.path.join("sites-enabled", name)
            target = os.readlink(os.path.join(r, link))
            assert not os.path.isabs(target), (link, target)
            rel = os.path.normpath(os.path.join("sites-enabled", target))
            text = re.sub(r"\*:(\d+)", lambda m: "*:%d" % self.port(
                m.group(1)), self.read(rel))
            self.write(rel, text)

    def read(self, rel):
        with open(os.path.join(self.root, rel), encoding="utf-8") as f:
            return f.read()

    def write(self, rel, text):
        with open(os.path.join(self.root, rel), "w", encoding="utf-8") as f:
            f.write(text)

    def log(self, name="error.log"):
        try:
            with open(os.path.join(self.run, "log", name),
                      errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def start(self, timeout=120):
        # As apache2ctl starts it: envvars sourced, then apache2.
        self.proc = subprocess.Popen(
            ["/bin/sh", "-c", '. "$APACHE_CONFDIR/envvars" && exec '
             '/usr/sbin/apache2 -d "$APACHE_CONFDIR" -DFOREGROUND'],
            env=dict(os.environ, APACHE_CONFDIR=self.root),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode() + self.log()
                if "Address already in use" in out:
                    raise PortTaken(out)
                raise AssertionError("apache2 exited: " + out)
            try:
                socket.create_connection(("127.0.0.1", self.http), 1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("apache2 did not listen within %d s" % timeout)

    def get(self, path, host=HOST):
        conn = http.client.HTTPConnection("127.0.0.1", self.http, timeout=60)
        try:
            conn.request("GET", path, headers={"Host": host})
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc is not None and not self.proc.stdout.closed:
            self.proc.stdout.close()

    def remove(self):
        shutil.rmtree(self.run, ignore_errors=True)


def test_the_installed_module_serves_the_demo_site(machine):
    if dpkg_state(PKG) != "installed":
        machine.install()
    started = time.monotonic()
    scratch_data = None
    apache = None
    if machine.data_existed:
        # Someone's folder: the demo goes elsewhere, in a folder like it.
        scratch_data = tempfile.mkdtemp(prefix="naering-package-data-")
        os.chmod(scratch_data, 0o755)
        folder = os.path.join(scratch_data, "naering")
        os.mkdir(folder, 0o750)
        www = pwd.getpwnam("www-data")
        os.chown(folder, www.pw_uid, www.pw_gid)
    else:
        folder = DATA
    db = os.path.join(folder, "demo.db")
    try:
        run([os.path.join(SRCDIR, "scripts", "demo-db"), db],
            env=dict(os.environ, NAERING_ADMIN="/usr/bin/naering-admin"))
        # Run as root, naering-admin worked as the folder's owner.
        assert pwd.getpwuid(os.stat(db).st_uid).pw_name == "www-data"
        for attempt in range(3):
            apache = Scratch(db)
            try:
                apache.start()
                break
            except PortTaken:
                apache.remove()
                apache = None
                if attempt == 2:
                    raise
        status, body = apache.get("/")
        assert status == 200, (status, body[:500], apache.log()[-3000:])
        assert "<title>Knutepunkt Sørlandet" in body, body[:500]
        status, body = apache.get("/naeringsnettverket")
        assert status == 200 and "Næringsnettverket" in body, \
            (status, body[:500])
        # The stylesheet from the compiled-in template folder.
        status, body = apache.get("/ressurser/naering.css")
        assert status == 200 and "{" in body, (status, body[:200])
        assert apache.get("/.helse") == (200, "ok\n")
        assert re.search(r"mod_naering \d+\.\d+\.\d+ \(schema", apache.log()), \
            apache.log()[-3000:]
        apache.stop()
        log = apache.log() + apache.log("knutepunkt-error.log")
        assert "exit signal" not in log, log[-3000:]
        r = run(["/usr/bin/naering-admin", "check", db])
        assert "0 problems" in r.stdout, r.stdout
    finally:
        if apache is not None:
            apache.stop()
            apache.remove()
        if scratch_data:
            shutil.rmtree(scratch_data, ignore_errors=True)
    timed("serve", started)


def test_purge_asks_and_keeps_the_data_on_no(machine):
    if dpkg_state(PKG) != "installed":
        machine.install()
    kept = snapshot()["files"] if machine.data_existed else None
    # The teletype frontend reads the answer from standard input: the
    # question is really asked, and "no" is honoured.
    r = machine.purge(dict(APT_ENV, DEBIAN_FRONTEND="teletype", TERM="dumb"),
                      input="no\n")
    assert "Remove the sites' databases in /var/lib/naering?" in r.stdout, \
        r.stdout[-3000:]
    assert os.path.isdir(DATA), "the data folder went, though the answer was no"
    if not machine.data_existed:
        assert os.path.isfile(os.path.join(DATA, "demo.db"))
    after = snapshot()
    if kept is not None:
        assert {p: v for p, v in after["files"].items()
                if p == DATA or p.startswith(DATA + "/")} \
            == {p: v for p, v in kept.items()
                if p == DATA or p.startswith(DATA + "/")}
    diff = differences(machine.before, after, ignore=[DATA])
    assert not diff, "\n".join(diff)
    assert machine.enabled_now() == machine.enabled


def test_purge_with_yes_preseeded_removes_the_data(machine, capsys):
    if machine.data_existed:
        pytest.skip("%s was there before the test: it is not removed" % DATA)
    machine.install()
    # An earlier installation's folder is left as it is; one more site in
    # it, so that what goes is a folder with databases.
    assert os.path.isdir(DATA)
    run(["/usr/bin/naering-admin", "init", DATA + "/second.db"])
    run(["debconf-set-selections"],
        input="%s %s boolean true\n" % (PKG, QUESTION))
    machine.purge(APT_ENV)
    assert not os.path.lexists(DATA)
    after = snapshot()
    diff = differences(machine.before, after)
    assert not diff, "\n".join(diff)
    assert machine.enabled_now() == machine.enabled
    with capsys.disabled():
        print("\npackage test: " + ", ".join(
            "%s %.1f s" % kv for kv in TIMES.items()))
        for line in LINTIAN_WARNINGS:
            print("lintian: " + line)
