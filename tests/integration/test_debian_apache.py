"""The shipped site configuration on Debian's own Apache (issue 19).

A copy of this machine's /etc/apache2 (apache2.conf, envvars, ports.conf, the
modules and sites Debian enables by default: mod_dir, mod_autoindex,
mod_alias, mod_negotiation, mod_status, 000-default...) in a scratch
ServerRoot, with conf/naering.load, conf/naering.conf and
conf/naering-site-ssl.conf enabled the way a2enmod and a2ensite do it.
Only what cannot be the same in a test is changed: ports (a free one for
80 and for 443), the run, lock and log folders, the database, the password
file, a certificate made for the test, and the templates of this tree.
"""
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time

import pytest

from conftest import (APACHE, MODULE, RUN_AS_ROOT, TEMPLATES, SRCDIR,
                      copy_db, free_port, own_tree, sanitizer_env,
                      sanitizer_reports, stop_process)
from editor_client import auth

ETC = "/etc/apache2"
HOST = "knutepunkt.example.no"

pytestmark = pytest.mark.skipif(
    not os.path.isfile(os.path.join(ETC, "apache2.conf"))
    or not os.path.isdir(os.path.join(ETC, "mods-available")),
    reason="no Debian Apache configuration in /etc/apache2")


def enable(root, kind, name):
    """What a2enmod / a2ensite do: a link in *-enabled."""
    link = os.path.join(root, kind + "-enabled", name)
    if not os.path.lexists(link):
        os.symlink(os.path.join("..", kind + "-available", name), link)


def rewrite(path, *pairs):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for old, new in pairs:
        assert old in text, (path, old)
        text = text.replace(old, new)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def certificate(folder):
    key, cert = (os.path.join(folder, n) for n in ("test.key", "test.pem"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-days", "1", "-subj", "/CN=" + HOST,
                    "-keyout", key, "-out", cert], check=True,
                   capture_output=True)
    return key, cert


class DebianApache:
    def __init__(self, template_db, site):
        self.site = site
        self.ssl = site == "naering-site-ssl.conf"
        self.run = tempfile.mkdtemp(prefix="naering-debian-")
        os.chmod(self.run, 0o755)
        self.root = os.path.join(self.run, "apache2")
        shutil.copytree(ETC, self.root, symlinks=True)
        self.port, self.tls = free_port(), free_port()
        self.docroot = os.path.join(self.run, "www")
        os.makedirs(os.path.join(self.docroot, ".well-known", "acme-challenge"))
        with open(os.path.join(self.docroot, ".well-known", "acme-challenge",
                               "token"), "w") as f:
            f.write("acme-token-for-the-test\n")
        # What Debian puts there: mod_dir turns "/" into it, unless the
        # site says otherwise.
        with open(os.path.join(self.docroot, "index.html"), "w") as f:
            f.write("<title>Apache2 Debian Default Page: It works</title>\n")
        for d in ("run", "lock", "log"):
            os.makedirs(os.path.join(self.run, d))
        self.db = copy_db(template_db, self.run)
        self.htpasswd = os.path.join(self.run, "htpasswd")
        subprocess.run(["htpasswd", "-cbB", self.htpasswd, "redaktor",
                        "redaktor"], check=True, capture_output=True)
        self.configure()
        self.envvars()
        self.proc = None

    def configure(self):
        r = self.root
        rewrite(os.path.join(r, "ports.conf"),
                ("Listen 80", "Listen 127.0.0.1:%d" % self.port),
                ("Listen 443", "Listen 127.0.0.1:%d" % self.tls))
        rewrite(os.path.join(r, "sites-available", "000-default.conf"),
                ("*:80", "*:%d" % self.port))
        with open(os.path.join(SRCDIR, "conf", "naering.load")) as f:
            load = f.read().replace("/usr/lib/apache2/modules/mod_naering.so",
                                    MODULE)
        with open(os.path.join(r, "mods-available", "naering.load"), "w") as f:
            f.write(load)
        shutil.copy(os.path.join(SRCDIR, "conf", "naering.conf"),
                    os.path.join(r, "mods-available", "naering.conf"))
        mods = ["naering.load", "naering.conf"]
        if self.ssl:
            mods += ["ssl.load", "ssl.conf", "socache_shmcb.load"]
        for name in mods:
            enable(r, "mods", name)
        site = os.path.join(r, "sites-available", "knutepunkt.conf")
        shutil.copy(os.path.join(SRCDIR, "conf", self.site), site)
        if self.ssl:
            key, cert = certificate(self.run)
            rewrite(site, ("*:443", "*:%d" % self.tls),
                    ("https://%s/redigering" % HOST,
                     "https://%s:%d/redigering" % (HOST, self.tls)),
                    ("/etc/ssl/certs/ssl-cert-snakeoil.pem", cert),
                    ("/etc/ssl/private/ssl-cert-snakeoil.key", key))
        rewrite(site, ("*:80", "*:%d" % self.port),
                ("/var/lib/naering/knutepunkt.db", self.db),
                ("/etc/apache2/naering.htpasswd", self.htpasswd),
                ("/var/www/html", self.docroot),
                ('NaeringSiteName "Knutepunkt Sørlandet"',
                 'NaeringSiteName "Knutepunkt Sørlandet"\n'
                 '        NaeringTemplates "%s"' % TEMPLATES))
        enable(r, "sites", "knutepunkt.conf")

    def envvars(self):
        """Debian's envvars, with its folders moved into the run folder
        (and the user when the tests do not run as root)."""
        run = self.run
        pairs = [("/var/run/apache2$SUFFIX/apache2.pid",
                  run + "/run/apache2.pid"),
                 ("APACHE_RUN_DIR=/var/run/apache2$SUFFIX",
                  "APACHE_RUN_DIR=" + run + "/run"),
                 ("/var/lock/apache2$SUFFIX", run + "/lock"),
                 ("/var/log/apache2$SUFFIX", run + "/log")]
        if not RUN_AS_ROOT:
            user = os.environ.get("USER") or str(os.getuid())
            pairs += [("APACHE_RUN_USER=www-data", "APACHE_RUN_USER=" + user),
                      ("APACHE_RUN_GROUP=www-data",
                       "APACHE_RUN_GROUP=" + user)]
        rewrite(os.path.join(self.root, "envvars"), *pairs)

    def start(self):
        own_tree(self.run)
        # As apache2ctl starts it: envvars sourced, then apache2.
        self.proc = subprocess.Popen(
            ["/bin/sh", "-c", '. "$APACHE_CONFDIR/envvars" && exec "$0" '
             '-d "$APACHE_CONFDIR" -DFOREGROUND', APACHE],
            env=dict(sanitizer_env(self.run), APACHE_CONFDIR=self.root),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stdout.read().decode()
                                   + self.log("error.log"))
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Debian's Apache did not start")

    def log(self, name):
        try:
            with open(os.path.join(self.run, "log", name), errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def get(self, path, host=HOST, headers=None, tls=False):
        if tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection("127.0.0.1", self.tls,
                                               timeout=30, context=ctx)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                              timeout=30)
        try:
            h = {"Host": host}
            h.update(headers or {})
            conn.request("GET", path, headers=h)
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read().decode(
                "utf-8", "replace")
        finally:
            conn.close()

    def stop(self):
        """Stops it; returns what the sanitizers reported, if anything."""
        stop_process(self.proc)
        reports = sanitizer_reports(self.run)
        shutil.rmtree(self.run, ignore_errors=True)
        return reports


@pytest.fixture(scope="module")
def servers(demo_template_db):
    """One Debian Apache per site file, started when a test first asks."""
    made = {}

    def get(site):
        if site not in made:
            made[site] = DebianApache(demo_template_db, site)
            made[site].start()
        return made[site]

    yield get
    for apache in made.values():
        log = apache.log("error.log") + apache.log("knutepunkt-error.log")
        reports = apache.stop()
        assert "exit signal" not in log, log[-3000:]
        assert not reports, "\n".join(reports)


@pytest.fixture(params=["naering-site-ssl.conf", "naering-site.conf"])
def debian(servers, request):
    return servers(request.param)


@pytest.fixture
def debian_ssl(servers):
    return servers("naering-site-ssl.conf")


def test_the_front_page_is_the_front_page(debian):
    status, headers, body = debian.get("/")
    assert status == 200, (status, body[:300], debian.log("error.log")[-2000:])
    assert "<title>Knutepunkt Sørlandet" in body
    assert 'class="main-menu"' in body
    assert "Debian Default Page" not in body


def test_pages_search_and_documents_are_served(debian):
    assert debian.get("/naeringsnettverket")[0] == 200
    assert debian.get("/sok?q=n%C3%A6ring")[0] == 200
    status, headers, _ = debian.get(
        "/naeringsnettverket/dokumenter/Strategisk%20n%C3%A6ringsplan.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"


def test_another_virtual_host_is_not_taken_over(debian):
    status, _, body = debian.get("/", host="annen.example.no")
    assert status == 200
    assert "Debian Default Page" in body
    assert "Knutepunkt" not in body


def test_server_status_and_acme_challenges_keep_working(debian):
    status, _, body = debian.get("/server-status?auto")
    assert status == 200 and "Total Accesses" in body, body[:300]
    status, _, body = debian.get("/.well-known/acme-challenge/token")
    assert status == 200 and body == "acme-token-for-the-test\n"


def test_the_editor_asks_for_credentials(debian):
    status, headers, _ = debian.get("/redigering/naeringsnettverket",
                                    tls=debian.ssl)
    assert status == 401
    assert 'Basic realm="Redigering"' in headers["WWW-Authenticate"]


def test_the_editor_is_on_https_only(debian_ssl):
    debian = debian_ssl
    status, headers, _ = debian.get("/redigering/naeringsnettverket")
    assert status == 301
    assert headers["Location"] == "https://%s:%d/redigering/naeringsnettverket" \
        % (HOST, debian.tls)
    status, headers, _ = debian.get("/redigering/naeringsnettverket",
                                    tls=True)
    assert status == 401
    assert 'Basic realm="Redigering"' in headers["WWW-Authenticate"]
    status, _, body = debian.get("/redigering/naeringsnettverket", tls=True,
                                 headers=auth("redaktor", "redaktor"))
    assert status == 200 and 'name="csrf"' in body


def test_public_pages_answer_on_both(debian_ssl):
    debian = debian_ssl
    status, headers, body = debian.get("/", tls=True)
    assert status == 200 and "<title>Knutepunkt Sørlandet" in body
    # Debian does not enable mod_headers by default; the site file guards
    # its HSTS line so Apache starts without it (and sends none).
    assert "Strict-Transport-Security" not in headers


def test_health_check_and_version_line(debian):
    status, headers, body = debian.get("/.helse")
    assert status == 200 and body == "ok\n"
    assert headers["Cache-Control"] == "private, no-store"
    log = debian.log("error.log")
    assert re.search(r"naering: mod_naering \d+\.\d+\.\d+ \(schema \d+; "
                     r"SQLite [\d.]+, libxml2 [\d.]+, libxslt [\d.]+\)", log), \
        log[-2000:]
