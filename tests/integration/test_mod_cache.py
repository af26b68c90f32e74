"""Apache's own mod_cache in front (conf/naering-cache-front.conf): a
second, real Apache proxies to the module's Apache and keeps its public
pages.  It revalidates them on every request (the origin answers 304
without rendering), shows a save at once without any purge, and never
keeps the editor."""
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import SRCDIR, Apache, free_port, make_server
from editor_client import Editor, add_users

MODULES = subprocess.run(["apxs", "-q", "LIBEXECDIR"], capture_output=True,
                         text=True).stdout.strip() or "/usr/lib/apache2/modules"

FRONT_CONF = """ServerRoot "{run}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{run}/httpd.pid"
ErrorLog "{run}/error.log"
LogLevel warn
LogFormat "%h %t \\"%r\\" %>s %b" front
CustomLog "{run}/access.log" front
DefaultRuntimeDir "{run}"
Mutex file:{run} default
{user}
LoadModule mpm_event_module {mods}/mod_mpm_event.so
LoadModule authz_core_module {mods}/mod_authz_core.so
LoadModule proxy_module {mods}/mod_proxy.so
LoadModule proxy_http_module {mods}/mod_proxy_http.so
LoadModule cache_module {mods}/mod_cache.so
LoadModule cache_disk_module {mods}/mod_cache_disk.so
Define NAERING_ORIGIN http://127.0.0.1:{origin}
Define NAERING_CACHE_ROOT {run}/cache
Include "{conf}"
"""


@pytest.fixture(scope="module")
def front(demo_template_db):
    origin = make_server(demo_template_db)
    add_users(origin)
    origin.start()
    run = tempfile.mkdtemp(prefix="naering-front-")
    os.chmod(run, 0o755)
    os.makedirs(os.path.join(run, "cache"))
    proxy = Apache(run, free_port())
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    with open(os.path.join(run, "httpd.conf"), "w") as f:
        f.write(FRONT_CONF.format(
            run=run, port=proxy.port, user=user, mods=MODULES,
            origin=origin.port,
            conf=os.path.join(SRCDIR, "conf", "naering-cache-front.conf")))
    proxy.start()
    yield origin, proxy
    proxy.stop()
    origin.stop()
    shutil.rmtree(run, ignore_errors=True)
    shutil.rmtree(origin.rundir, ignore_errors=True)


def origin_lines(origin, path):
    with open(os.path.join(origin.rundir, "access.log")) as f:
        return [line for line in f if '"GET %s ' % path in line]


def cached_get(proxy, path, headers=None):
    """GET through the front once mod_cache has the page: mod_cache commits
    a new entry only after the client has the response, so a request right
    behind the first can still miss."""
    deadline = time.time() + 5
    while True:
        r = proxy.get(path, headers)
        if (r.header("X-Cache") or "").startswith("REVALIDATE") \
                or time.time() > deadline:
            return r
        time.sleep(0.05)


def test_pages_come_from_the_cache_after_a_304(front):
    origin, proxy = front
    first = proxy.get("/naeringsnettverket")
    assert first.status == 200
    assert first.header("X-Cache").startswith("MISS")
    second = cached_get(proxy, "/naeringsnettverket")
    assert second.status == 200 and second.body == first.body
    assert "Utviklingsprogram for byregioner" in second.text
    assert second.header("X-Cache").startswith("REVALIDATE")
    # The origin answered the revalidation with 304: nothing re-rendered.
    # Its access log line is written after the answer has gone, so it may
    # come a moment after the proxy's answer: wait for it.
    deadline = time.time() + 10
    while True:
        lines = origin_lines(origin, "/naeringsnettverket")
        if '" 304 ' in lines[-1] or time.time() > deadline:
            break
        time.sleep(0.05)
    assert '" 304 ' in lines[-1], lines
    # The security headers come through the cache as well.
    assert second.header("Content-Security-Policy")


def test_a_save_shows_at_once_without_a_purge(front):
    origin, proxy = front
    assert "Samferdsel" in proxy.get("/samferdsel").text
    assert cached_get(proxy, "/samferdsel").header("X-Cache").startswith(
        "REVALIDATE")
    ed = Editor(origin)
    assert ed.save("/samferdsel", title="Samferdsel og ferje").status == 303
    r = proxy.get("/samferdsel")
    assert r.status == 200 and "<h1>Samferdsel og ferje</h1>" in r.text
    # Every page carries the menu: the next visit to another page too.
    assert "Samferdsel og ferje" in proxy.get("/").text


def test_the_editor_is_never_kept(front):
    origin, proxy = front
    auth = Editor(origin).headers
    for _ in range(3):
        r = proxy.get("/redigering/naeringsnettverket", auth)
        assert r.status == 200 and "Login for redigering" not in r.text
        assert r.header("Cache-Control") == "private, no-store"
        # No X-Cache at all: mod_cache passes requests with credentials.
        assert not (r.header("X-Cache") or "").startswith(("HIT", "REVAL"))
        time.sleep(0.1)
    # Without credentials: the login challenge, never a kept editor page.
    assert proxy.get("/redigering/naeringsnettverket").status == 401
    # Each kept entry's .header file begins with its URL: none is the
    # editor's.
    kept = []
    for dirpath, _, files in os.walk(os.path.join(proxy.rundir, "cache")):
        for name in files:
            if name.endswith(".header"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    kept.append(f.read())
    assert kept and not any(b"/redigering" in h.split(b"\n\n")[0]
                            for h in kept)
    assert any(b"/naeringsnettverket?" in h for h in kept)
