"""One rendered copy for several servers (issue 18): with NaeringCache
memcache:... or redis:..., two Apaches serving one site share the pages
either renders, give them the same ETag, keep sharing across a restart,
and never serve a copy the other rendered with other templates -- against
a real memcached and a real redis-server."""
import os
import shutil
import socket
import subprocess
import time

import pytest

from conftest import (TEMPLATES, free_port, log_cache_sources, make_server,
                      stop_process)
from editor_client import Editor, add_users
from test_shared_cache import sources

MODULES = "/usr/lib/apache2/modules"
PAGE = "/samferdsel"
# What a load balancer in front passes to each server: the site's own
# name and port, the same for both (the cache key holds them).
HOST = {"Host": "www.knutepunkt.example:8080"}


def get(apache, path, more=None):
    return apache.get(path, dict(HOST, **(more or {})))


def restarted(apache, timeout=30):
    """Sends a restart (SIGHUP) and waits until the server has read its
    configuration again and answers."""
    apache.restart(timeout)
    deadline = time.time() + timeout
    while True:
        try:
            return get(apache, "/")
        except (OSError, ConnectionError):
            assert time.time() < deadline, "no answer after the restart"
            time.sleep(0.05)


def wait_port(port, proc, what):
    deadline = time.time() + 15
    while True:
        assert proc.poll() is None, what + " exited"
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            assert time.time() < deadline, what + " never listened"
            time.sleep(0.05)


def memcached(port):
    return subprocess.Popen(["memcached", "-l", "127.0.0.1", "-p", str(port),
                             "-U", "0", "-m", "64", "-u", "nobody"],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def redis(port):
    return subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port",
                             str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


PROVIDERS = {
    "memcache": ("memcached", memcached, "socache_memcache_module",
                 "mod_socache_memcache.so"),
    "redis": ("redis-server", redis, "socache_redis_module",
              "mod_socache_redis.so"),
}


@pytest.fixture(params=sorted(PROVIDERS))
def pair(request, demo_template_db):
    """A cache server and two Apaches (a, b) on one database, both with
    NaeringCache pointing at it; not started."""
    name = request.param
    program, start, module, so = PROVIDERS[name]
    if not shutil.which(program) or not os.path.exists(
            os.path.join(MODULES, so)):
        pytest.skip(program + " or " + so + " is not installed")
    port = free_port()
    proc = start(port)
    wait_port(port, proc, program)
    a, b = make_server(demo_template_db), make_server(demo_template_db)
    add_users(a)
    b.db = a.db                      # one site, served by two servers
    b.write_conf(a.db)
    for apache in (a, b):
        apache.add_conf("cache", "LoadModule %s %s/%s\nNaeringCache "
                        "%s:127.0.0.1:%d\n" % (module, MODULES, so, name,
                                               port))
        log_cache_sources(apache)
    yield a, b
    for apache in (a, b):
        if apache.proc:
            apache.stop()
        assert "exit signal" not in apache.error_log()
    stop_process(proc)


def test_two_servers_share_what_either_rendered(pair):
    a, b = pair
    a.start()
    b.start()
    first = get(a, PAGE)
    assert sources(a, PAGE, 1) == ["miss"]
    second = get(b, PAGE)
    assert sources(b, PAGE, 1) == ["shared"]
    assert second.body == first.body
    assert second.header("ETag") == first.header("ETag")
    assert get(b, PAGE, {"If-None-Match": first.header("ETag")}).status \
        == 304
    # A save through one server shows at once on the other: the page's
    # tag moved, and the copy of before is never served again.
    assert Editor(a).save(PAGE, title="Samferdsel for to").status == 303
    assert "Samferdsel for to" in get(b, PAGE).text
    assert get(b, PAGE).header("ETag") != first.header("ETag")


def test_a_restart_keeps_the_shared_pages_and_their_etags(pair):
    a, b = pair
    a.start()
    b.start()
    etag = get(a, PAGE).header("ETag")
    assert sources(a, PAGE, 1) == ["miss"]
    restarted(b)
    r = get(b, PAGE)
    assert r.header("ETag") == etag
    assert sources(b, PAGE, 1) == ["shared"]


def test_a_server_with_other_templates_renders_its_own(pair):
    """Same site, same cache, other templates: each server shows its own
    look, never the other's copy."""
    a, b = pair
    mine = os.path.join(b.rundir, "xslt")
    shutil.copytree(TEMPLATES, mine)
    strings = os.path.join(mine, "nb.xml")
    with open(strings, encoding="utf-8") as f:
        text = f.read()
    assert "Siste endringer" in text
    with open(strings, "w", encoding="utf-8") as f:
        f.write(text.replace("Siste endringer", "Nyeste endringer"))
    b.write_conf(a.db, templates=mine)
    a.start()
    b.start()
    assert "Siste endringer" in get(a, PAGE).text
    # The same key in the cache, rendered otherwise: b renders its own
    # (and a, finding b's copy next, its own again).
    for _ in range(3):
        assert "Nyeste endringer" in get(b, PAGE).text
        assert "Siste endringer" in get(a, PAGE).text
    assert sources(b, PAGE, 1)[0] == "miss"
    assert get(a, PAGE).header("ETag") != get(b, PAGE).header("ETag")
