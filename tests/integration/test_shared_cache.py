"""One rendered copy per server (issue 18): a page rendered in one process
is a hit in the others, through httpd's shared-object cache
(mod_socache_shmcb, NaeringCache's default).  The access log says where
each response came from (%{naering-cache}n: process, shared or miss)."""
import http.client
import os
import select
import socket
import time

import pytest

from conftest import cache_sources, db_rows, log_cache_sources, prefork
from editor_client import Editor, add_users

def sources(apache, path, count):
    """Where the responses for path came from, once count are logged; the
    watchdog's own warm-up requests are not a visitor's and not counted."""
    return cache_sources(apache, lambda l: l.split()[0] == path
                         and "mod_naering warm" not in l, count)


@pytest.fixture
def pf(new_server):
    apache = new_server()
    add_users(apache)
    prefork(apache)
    log_cache_sources(apache)
    return apache


def test_a_page_rendered_once_is_a_hit_in_every_process(pf):
    pf.start()
    # The first visitor keeps its connection open: its child (prefork, one
    # connection at a time) stays busy, and the next fifteen are answered
    # by other processes.  Sixteen in a row could all land in one child
    # that is back at accept() first.
    held = http.client.HTTPConnection("127.0.0.1", pf.port, timeout=30)
    held.request("GET", "/samferdsel")
    bodies = {held.getresponse().read()}
    bodies |= {pf.get("/samferdsel").body for _ in range(15)}
    held.close()
    assert len(bodies) == 1
    rows = sources(pf, "/samferdsel", 16)
    assert rows.count("miss") == 1, rows
    assert "shared" in rows, rows       # another process had it
    # After a save, one render again, shared by all.
    assert Editor(pf).save("/samferdsel", title="Samferdsel delt").status \
        == 303
    for _ in range(16):
        assert "Samferdsel delt" in pf.get("/samferdsel").text
    # Children write their log lines in their own order: count them all.
    # (or none, when the watchdog's warm-up rendered it first).
    rows = sources(pf, "/samferdsel", 32)
    assert rows[:16].count("miss") == 1, rows
    assert rows[16:].count("miss") <= 1, rows


def test_no_surrogate_keys_without_a_cache_to_purge(pf):
    """The xkey header is for a Varnish the module purges (NaeringPurge);
    without one it would only reach the visitor."""
    pf.start()
    r = pf.get("/samferdsel")
    assert r.status == 200 and r.header("ETag")
    assert r.header("xkey") is None


def test_none_keeps_one_cache_per_process(pf):
    pf.add_conf("nocache", "NaeringCache none\n")
    pf.start()
    for _ in range(16):
        pf.get("/samferdsel")
    rows = sources(pf, "/samferdsel", 16)
    assert "shared" not in rows and rows.count("miss") >= 1


def test_an_unknown_provider_stops_the_start(pf):
    pf.add_conf("nocache", "NaeringCache nosuch:x\n")
    assert pf.start(expect_failure=True) != 0
    assert "NaeringCache nosuch:x" in pf.error_log()


def test_a_changed_page_is_warmed_again_after_a_save(pf):
    """The module's watchdog renders the page a save changed again (it
    was requested recently: it is in the shared cache), so the next
    visitor's view is a hit, not a render."""
    pf.add_conf("ua", 'LogFormat "%U%q %{naering-cache}n %{User-Agent}i" '
                'naering_cache\n')
    pf.start()
    for _ in range(4):
        pf.get("/samferdsel")
    sources(pf, "/samferdsel", 4)
    assert Editor(pf).save("/samferdsel", body="<p>Varm igjen.</p>").status \
        == 303
    log = os.path.join(pf.rundir, "cache.log")
    deadline = time.time() + 20
    while True:
        with open(log) as f:
            warm = [l for l in f if "mod_naering warm" in l
                    and l.startswith("/samferdsel ")]
        if warm:
            break
        assert time.time() < deadline, "the page was never warmed"
        time.sleep(0.05)
    assert warm[0].split()[1] == "miss"         # the warm-up rendered it
    r = pf.get("/samferdsel")
    assert "Varm igjen." in r.text
    rows = sources(pf, "/samferdsel", 5)
    assert rows[-1] in ("shared", "process"), rows


def test_warming_never_follows_the_host_header_to_another_port(pf):
    """A visitor's Host header names a port of its choice; the watchdog
    warms through the address Apache listens on, never to that port (it
    once sent its GET to any loopback port a Host header named)."""
    pf.add_conf("ua", 'LogFormat "%U%q %{naering-cache}n %{Host}i '
                '%{User-Agent}i" naering_cache\n')
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(8)
    trap.setblocking(False)
    host = "127.0.0.1:%d" % trap.getsockname()[1]
    try:
        pf.start()
        assert pf.get("/samferdsel", {"Host": host}).status == 200
        sources(pf, "/samferdsel", 1)
        assert Editor(pf).save("/samferdsel", body="<p>Felle.</p>").status \
            == 303
        log = os.path.join(pf.rundir, "cache.log")
        deadline = time.time() + 20
        while True:
            with open(log) as f:
                warm = [l for l in f if "mod_naering warm" in l
                        and l.startswith("/samferdsel ") and host in l]
            if warm:
                break
            assert not select.select([trap], [], [], 0)[0], \
                "the module connected to the port the Host header named"
            assert time.time() < deadline, "the page was never warmed"
            time.sleep(0.05)
        # Warmed through Apache's own listener, with the visitor's Host.
        assert not select.select([trap], [], [], 0)[0], \
            "the module connected to the port the Host header named"
    finally:
        trap.close()


def test_many_pages_all_stay_shared(pf):
    """Hundreds of responses, each rendered once, are all in the shared
    cache (shmcb picks its sub-cache by an id's first byte: ids that all
    began with the site's path once filled one 32nd of it)."""
    pf.start()
    urls = ["/sok?q=plan%d" % i for i in range(400)]
    for url in urls:
        assert pf.get(url).status == 200
    for url in urls:
        assert pf.get(url).status == 200
    deadline = time.time() + 10
    while True:
        with open(os.path.join(pf.rundir, "cache.log")) as f:
            rows = [l.split() for l in f if l.startswith("/sok?")]
        if len(rows) >= 800:
            break
        assert time.time() < deadline, len(rows)
        time.sleep(0.02)
    # Each rendered once (children write their log lines in their own
    # order: count per URL, not by position).
    misses = [r[0] for r in rows if r[1] == "miss"]
    assert len(misses) == len(set(misses)) == 400, len(misses)


def test_the_front_page_is_warmed_after_a_news_item_changes(pf):
    """The front page shows the latest news: when an item changes (its key
    'items'), the watchdog renders the front page again too."""
    pf.add_conf("ua", 'LogFormat "%U%q %{naering-cache}n %{User-Agent}i" '
                'naering_cache\n')
    pf.start()
    for _ in range(4):
        pf.get("/")
    item = db_rows(pf, "SELECT p.path FROM page p JOIN revision r"
                   " ON r.id = p.revision_id WHERE p.kind = 'news'"
                   " AND p.deleted_at IS NULL ORDER BY r.starts_at DESC"
                   " LIMIT 1")[0][0]
    # the summary: a new title would change the menus too, and warm all
    assert Editor(pf).save(item, summary="Siste nytt, varmt").status == 303
    log = os.path.join(pf.rundir, "cache.log")
    deadline = time.time() + 20
    while True:
        with open(log) as f:
            if any("mod_naering warm" in l and l.startswith("/ ") for l in f):
                break
        assert time.time() < deadline, "the front page was never warmed"
        time.sleep(0.05)
    assert "Siste nytt, varmt" in pf.get("/").text
    assert sources(pf, "/", 5)[-1] in ("shared", "process")
