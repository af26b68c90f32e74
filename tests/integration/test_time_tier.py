"""A scheduled change goes live with no request (issue 15): the module's
tick (mod_watchdog) applies it, every Apache process stops serving the old
text from its render cache, and Varnish in front is banned, so a visitor
sees the new text at once, through the cache or not.

The test clock (NaeringTestClock) stands in for the time passing; the
server runs prefork with several children, each with its own render cache,
all warmed with the old text first.
"""
import os

import pytest

from conftest import db_rows, make_server, prefork
from editor_client import Editor, add_users
from test_cache_tier import VARNISHD, Varnish, hit
from test_time import CLOCK, JAN_15, utc, wait_for

pytestmark = pytest.mark.skipif(not os.path.exists(VARNISHD),
                                reason="varnishd is not installed")

PATH = "/naeringsnettverket"
NEW = "Teksten som gjelder fra mandag"


@pytest.fixture(scope="module")
def tier(demo_template_db):
    CLOCK.set(JAN_15)
    apache = make_server(demo_template_db)
    add_users(apache)
    prefork(apache)
    apache.start()          # first: Varnish needs the backend's port
    apache.stop()
    varnish = Varnish(apache.port)
    apache.add_conf("time", """
NaeringTestClock %s
<Location "/">
    NaeringPurge http://127.0.0.1:%d
</Location>
""" % (CLOCK.path, varnish.port))
    apache.start()
    apache.wait_start_ban()
    yield apache, varnish
    varnish.stop()
    apache.stop()


def test_due_change_shows_everywhere_without_a_request(tier):
    apache, varnish = tier
    ed = Editor(apache)
    form = ed.form(PATH)
    r = ed.post(PATH, dict(form, body="<p>%s</p>" % NEW,
                           planlagt="2026-01-19T00:00"))
    assert r.status == 303
    # Old text everywhere: many requests reach every child of the
    # prefork server and fill its render cache; Varnish keeps a copy.
    for _ in range(60):
        assert NEW not in apache.get(PATH).text
    varnish.get(PATH)
    status, headers, body = varnish.get(PATH)
    assert hit(headers) and NEW.encode() not in body
    # Time passes; nobody asks for anything until the tick has run.
    CLOCK.set(utc(2026, 1, 18, 23, 0))
    wait_for(lambda: db_rows(apache, "SELECT state FROM schedule "
                             "ORDER BY id DESC LIMIT 1")[0][0] == "done")
    # Varnish was banned by the tick: the next visitor through it gets the
    # new text (a miss, fetched fresh), and so does every process.
    wait_for(lambda: NEW.encode() in varnish.get(PATH)[2], timeout=10)
    for _ in range(60):
        assert NEW in apache.get(PATH).text
    log = apache.error_log()
    assert "tick: 1 scheduled change(s) applied" in log
    CLOCK.set(JAN_15)


@pytest.fixture
def server_level_purge(demo_template_db):
    """NaeringPurge at server level, outside the site's <Location>: every
    request merges it, and so must the tick."""
    CLOCK.set(JAN_15)
    apache = make_server(demo_template_db)
    add_users(apache)
    apache.start()
    apache.stop()
    varnish = Varnish(apache.port)
    apache.add_conf("time", "NaeringTestClock %s\nNaeringPurge "
                    "http://127.0.0.1:%d\n" % (CLOCK.path, varnish.port))
    apache.start()
    apache.wait_start_ban()
    yield apache, varnish
    varnish.stop()
    apache.stop()


def test_tick_bans_a_cache_configured_at_server_level(server_level_purge):
    apache, varnish = server_level_purge
    assert "none reaches the site" not in apache.error_log()
    assert "time is not real; for tests only" in apache.error_log()
    ed = Editor(apache)
    form = ed.form(PATH)
    r = ed.post(PATH, dict(form, body="<p>%s</p>" % NEW,
                           planlagt="2026-01-19T00:00"))
    assert r.status == 303
    varnish.get(PATH)
    status, headers, body = varnish.get(PATH)
    assert hit(headers) and NEW.encode() not in body
    CLOCK.set(utc(2026, 1, 18, 23, 0))
    wait_for(lambda: db_rows(apache, "SELECT state FROM schedule "
                             "ORDER BY id DESC LIMIT 1")[0][0] == "done")
    wait_for(lambda: NEW.encode() in varnish.get(PATH)[2], timeout=10)
    CLOCK.set(JAN_15)
