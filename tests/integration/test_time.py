"""Time (issue 15): news and meetings with listings, feeds and iCalendar,
scheduled changes applied by the module's own tick with no request, and
review dates.

The site runs with NaeringTestClock: "now" is the number in a file the test
writes, and the tick runs every second, so no test waits for real time to
pass.  The meetings include the nights the clocks change in 2026: Sunday
29 March (02:30 does not exist: the form says so; the meeting is at 03:30,
01:30 UTC) and Sunday 25 October (02:30 comes twice: the form and RFC 5545
take the first, summer time, 00:30 UTC; the second, 01:30 UTC, is kept by
an unchanged form and written in UTC in iCalendar).
"""
import datetime
import json
import os
import re
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
import zoneinfo

import pytest

from conftest import ADMIN, db_rows, serving
from editor_client import Editor, add_users, field

icalendar = pytest.importorskip("icalendar",
                                reason="python3-icalendar (Debian) is needed")

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
UTC = datetime.timezone.utc
JAN_15 = 1768478400             # 2026-01-15 12:00 UTC
ATOM = "{http://www.w3.org/2005/Atom}"


def utc(*args):
    return int(datetime.datetime(*args, tzinfo=UTC).timestamp())


class Clock:
    """The test clock: a file the Apache user can read."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="naering-clock-")
        os.chmod(self.dir, 0o755)
        self.path = os.path.join(self.dir, "now")
        self.set(JAN_15)

    def set(self, secs):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(secs))
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.path)


CLOCK = Clock()


def wait_for(what, timeout=30):
    """Polls what() until it is true: the tick runs every second."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = what()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("condition not met in %d s" % timeout)


def create(ed, parent, slug, title, **fields):
    data = {"csrf": ed.csrf(parent), "handling": "opprett", "slug": slug,
            "title": title, "body": "<p>%s</p>" % title,
            "status": "publisert"}
    data.update(fields)
    r = ed.post(parent, data)
    assert r.status == 303, (r.status, r.text[:2000])
    return (parent if parent != "/" else "") + "/" + slug


def make_listing(ed, slug, title, kind):
    path = create(ed, "/", slug, title)
    r = ed.save(path, kind=kind)
    assert r.status == 303, r.text[:2000]
    return path


@pytest.fixture(scope="module")
def site(demo_template_db):
    CLOCK.set(JAN_15)
    for apache in serving(demo_template_db,
                          [("clock", "NaeringTestClock %s\n" % CLOCK.path)]):
        ed = Editor(apache)
        news = make_listing(ed, "nyheter", "Nyheter", "news-list")
        for i in range(12):
            create(ed, news, "sak-%d" % i, "Sak nummer %d" % i,
                   starts="2026-01-%02dT10:00" % (i + 1),
                   summary="Kort om sak %d" % i)
        meetings = make_listing(ed, "radsmoter", "Rådsmøter", "meeting-list")
        create(ed, meetings, "mars", "Rådsmøte i mars",
               starts="2026-03-29T03:30", ends="2026-03-29T04:00",
               place="Rådhuset, Kristiansand")
        create(ed, meetings, "oktober", "Rådsmøte i oktober",
               starts="2026-10-25T02:30", ends="2026-10-25T03:30",
               place="Arendal kulturhus")
        create(ed, meetings, "november-2025", "Rådsmøte i november",
               starts="2025-11-04T09:00", ends="2025-11-04T11:00",
               event_status="held")
        create(ed, meetings, "februar", "Rådsmøte i februar",
               starts="2026-02-03T09:00", ends="2026-02-03T12:00",
               event_status="cancelled")
        apache.news, apache.meetings = news, meetings
        yield apache


def tick_at(site):
    return db_rows(site, "SELECT value FROM setting WHERE key = "
                   "'tick_at'")[0][0]


@pytest.fixture(autouse=True)
def clock_back(request):
    """After each test the clock is back at JAN_15 and so is the tick's
    last time (the tick follows a clock set back): no test depends on
    where the one before left time, or on a tick having run yet."""
    yield
    if "site" in request.fixturenames:
        site = request.getfixturevalue("site")
        CLOCK.set(JAN_15)
        wait_for(lambda: tick_at(site) <= JAN_15)


@pytest.fixture
def ed(site):
    return Editor(site)


def page(site, path):
    r = site.get(path)
    assert r.status == 200, (path, r.status)
    return r.text


# ---- news and meetings ----------------------------------------------------

def test_news_listing_newest_first_and_paged(site):
    first = page(site, site.news)
    titles = re.findall(r'<a href="[^"]*/nyheter/sak-\d+">([^<]*)</a>', first)
    assert titles == ["Sak nummer %d" % i for i in range(11, 1, -1)]
    assert "mandag 12. januar 2026" in first       # a news item: no clock
    assert 'rel="next"' in first
    second = page(site, site.news + "?side=2")
    assert re.findall(r'>(Sak nummer \d+)</a>', second) == [
        "Sak nummer 1", "Sak nummer 0"]
    # Past the last page: not an empty page but "not found".
    assert site.get(site.news + "?side=3").status == 404
    assert site.get(site.news + "?side=101").status == 404


def test_meeting_listing_upcoming_first_then_past_by_year(site):
    html = page(site, site.meetings)
    order = re.findall(r'>(Rådsmøte i \w+)</a>', html)
    assert order == ["Rådsmøte i februar", "Rådsmøte i mars",
                     "Rådsmøte i oktober", "Rådsmøte i november"]
    assert "Kommende møter" in html and "Tidligere møter 2025" in html
    # The issue's own example, and the two DST nights on Oslo's clock.
    assert "tirsdag 3. februar 2026 kl. 09.00" in html
    assert "søndag 29. mars 2026 kl. 03.30" in html       # 01:30 UTC
    assert "søndag 25. oktober 2026 kl. 02.30" in html    # the first 02:30
    assert "(Avlyst)" in html


def test_front_page_latest_news_and_next_meeting(site):
    html = page(site, "/")
    assert "Siste nytt" in html and "Sak nummer 11" in html
    # The cancelled February meeting is not "the next meeting".
    nxt = html.split("Neste møte", 1)[1]
    assert "Rådsmøte i mars" in nxt.split("</section>", 1)[0]


def test_atom_feed_per_listing(site):
    r = site.get(site.news + "?format=atom")
    assert r.status == 200
    assert r.header("Content-Type").startswith("application/atom+xml")
    feed = ET.fromstring(r.body)
    assert feed.find(ATOM + "title").text.startswith("Nyheter")
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 12
    assert entries[0].find(ATOM + "title").text == "Sak nummer 11"
    assert entries[0].find(ATOM + "updated").text.startswith("2026-01-12")


def ics_events(body):
    cal = icalendar.Calendar.from_ical(body)
    tz = [c for c in cal.walk("VTIMEZONE")]
    assert tz and str(tz[0]["TZID"]) == "Europe/Oslo"
    assert tz[0].walk("STANDARD") and tz[0].walk("DAYLIGHT")
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def rfc5545_utc(prop):
    """A DTSTART/DTEND with TZID as RFC 5545 3.3.5 reads it: a repeated
    local time is its first occurrence, a skipped one takes the offset
    before the gap (zoneinfo's fold=0 does both)."""
    assert prop.params["TZID"] == "Europe/Oslo"
    wall = prop.dt.replace(tzinfo=None)
    return int(wall.replace(tzinfo=OSLO, fold=0).timestamp())


def test_icalendar_feed_across_dst(site):
    r = site.get(site.meetings + "?format=ics")
    assert r.status == 200
    assert r.header("Content-Type").startswith("text/calendar")
    ev = ics_events(r.body)
    assert len(ev) == 4
    mars, okt = ev["Rådsmøte i mars"], ev["Rådsmøte i oktober"]
    # Wall clock as written, and the instant each names.
    assert mars["DTSTART"].dt.replace(tzinfo=None) == datetime.datetime(
        2026, 3, 29, 3, 30)
    assert rfc5545_utc(mars["DTSTART"]) == utc(2026, 3, 29, 1, 30)
    assert rfc5545_utc(mars["DTEND"]) == utc(2026, 3, 29, 2, 0)
    assert okt["DTSTART"].dt.replace(tzinfo=None) == datetime.datetime(
        2026, 10, 25, 2, 30)
    assert rfc5545_utc(okt["DTSTART"]) == utc(2026, 10, 25, 0, 30)
    assert rfc5545_utc(okt["DTEND"]) == utc(2026, 10, 25, 2, 30)
    assert str(okt["LOCATION"]) == "Arendal kulturhus"
    assert str(ev["Rådsmøte i februar"]["STATUS"]) == "CANCELLED"
    assert str(mars["STATUS"]) == "CONFIRMED"
    uids = {str(e["UID"]) for e in ev.values()}
    assert len(uids) == 4 and all(u.startswith("meeting-") for u in uids)
    # What was stored is UTC.
    stored = dict(db_rows(site, "SELECT r.title, r.starts_at FROM page p "
                          "JOIN revision r ON r.id = p.revision_id "
                          "WHERE p.kind = 'meeting'"))
    assert stored["Rådsmøte i oktober"] == utc(2026, 10, 25, 0, 30)


def test_one_meeting_ics_and_sequence_bumped_on_change(site, ed):
    path = site.meetings + "/mars"
    before = ics_events(site.get(path + "?format=ics").body)
    seq = int(before["Rådsmøte i mars"]["SEQUENCE"])
    uid = str(before["Rådsmøte i mars"]["UID"])
    form = ed.form(path)
    r = ed.post(path, dict(form, starts="2026-03-29T10:00",
                           ends="2026-03-29T12:00",
                           place="Rådhuset, Kristiansand"))
    assert r.status == 303
    after = ics_events(site.get(path + "?format=ics").body)["Rådsmøte i mars"]
    assert int(after["SEQUENCE"]) == seq + 1 and str(after["UID"]) == uid
    assert rfc5545_utc(after["DTSTART"]) == utc(2026, 3, 29, 8, 0)


def test_ics_uid_names_the_server_not_the_host_header(site):
    path = site.meetings + "/oktober?format=ics"
    plain = ics_events(site.get(path).body)["Rådsmøte i oktober"]
    other = ics_events(site.get(path, {"Host": "annen.example"}).body)
    uid = str(other["Rådsmøte i oktober"]["UID"])
    assert uid == str(plain["UID"]) and uid.endswith("@127.0.0.1"), uid


def json_ld(html):
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                  re.S)
    assert m, "no JSON-LD"
    return json.loads(m.group(1))


def test_json_ld_news_article_and_event(site):
    art = json_ld(page(site, site.news + "/sak-3"))
    assert art["@type"] == "NewsArticle"
    assert art["headline"] == "Sak nummer 3"
    assert art["datePublished"] == "2026-01-04T10:00:00+01:00"
    ev = json_ld(page(site, site.meetings + "/oktober"))
    assert ev["@type"] == "Event"
    assert ev["startDate"] == "2026-10-25T02:30:00+02:00"
    assert ev["endDate"] == "2026-10-25T03:30:00+01:00"
    assert ev["location"]["name"] == "Arendal kulturhus"
    assert ev["eventStatus"] == "https://schema.org/EventScheduled"
    cancelled = json_ld(page(site, site.meetings + "/februar"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_bad_time_is_a_field_error_and_loses_nothing(site, ed):
    path = site.meetings + "/oktober"
    form = ed.form(path)
    r = ed.post(path, dict(form, starts="2026-02-30T10:00", title="Endret"))
    assert r.status == 400
    assert "Skriv tidspunktet som dato og klokkeslett" in r.text
    assert 'value="Endret"' in r.text
    r = ed.post(path, dict(form, starts="2026-10-25T12:00",
                           ends="2026-10-25T10:00"))
    assert r.status == 400 and "kan ikke slutte før" in r.text


# ---- scheduled changes ------------------------------------------------------

def applied(site, action):
    return db_rows(site, "SELECT count(*) FROM schedule WHERE action = ? "
                   "AND state = 'done'", (action,))[0][0]


def test_publish_at_and_unpublish_at(site, ed):
    path = create(ed, site.news, "planlagt-sak", "Planlagt sak",
                  status="utkast", starts="2026-01-20T08:00")
    assert site.get(path).status == 404
    at = JAN_15 + 3600
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "planlegg",
                       "hva": "publish", "tidspunkt": "2026-01-15T14:00"})
    assert r.status == 303
    listed = ed.get("/", "vis=planlagt").text
    assert "Planlagt sak" in listed and "torsdag 15. januar 2026 kl. 14.00" \
        in listed
    # a marker due a minute earlier: once the tick has applied it, a tick
    # has run at that minute, and the page must still be hidden
    marker = create(ed, site.news, "merke-sak", "Merke", status="utkast",
                    starts="2026-01-20T08:00")
    assert ed.post(marker, {"csrf": ed.csrf(marker), "handling": "planlegg",
                            "hva": "publish", "tidspunkt": "2026-01-15T13:59"}
                   ).status == 303
    done = applied(site, "publish")
    CLOCK.set(at - 60)
    wait_for(lambda: applied(site, "publish") == done + 1)
    assert site.get(marker).status == 200
    assert site.get(path).status == 404
    CLOCK.set(at)
    wait_for(lambda: applied(site, "publish") == done + 2)
    assert site.get(path).status == 200
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "planlegg",
                       "hva": "unpublish", "tidspunkt": "2026-01-15T15:00"})
    assert r.status == 303
    CLOCK.set(at + 3600)
    wait_for(lambda: site.get(path).status == 404)
    history = ed.get(path, "vis=historikk").text
    assert "Publisert som planlagt" in history
    assert "Avpublisert som planlagt" in history
    CLOCK.set(JAN_15)


def test_scheduled_revision_old_text_public_until_due(site, ed):
    path = site.news + "/sak-5"
    form = ed.form(path)
    r = ed.post(path, dict(form, body="<p>Ny tekst fra i morgen</p>",
                           planlagt="2026-01-16T09:00"))
    assert r.status == 303 and "melding=planlagt" in r.header("Location")
    assert "Ny tekst fra i morgen" not in page(site, path)
    # In the history it is a scheduled text, not yet live.
    history = ed.get(path, "vis=historikk").text
    assert "planlagt, ikke publisert ennå" in history
    listed = ed.get("/", "vis=planlagt").text
    row = [r for r in re.findall(r"<tr>(.*?)</tr>", listed, re.S)
           if "/nyheter/sak-5\"" in r]
    assert len(row) == 1 and "fredag 16. januar 2026 kl. 09.00" in row[0] \
        and "<td>Ny tekst</td>" in row[0], row
    # A minute before its time a tick runs (it publishes a marker page
    # due then): the old text stays.
    marker = create(ed, "/", "markor-sak-5", "Markør", status="utkast")
    assert ed.post(marker, {"csrf": ed.csrf(marker), "handling": "planlegg",
                            "hva": "publish",
                            "tidspunkt": "2026-01-16T08:58"}).status == 303
    done = applied(site, "publish")
    CLOCK.set(utc(2026, 1, 16, 7, 59))
    wait_for(lambda: applied(site, "publish") > done)
    assert "Ny tekst fra i morgen" not in page(site, path)
    assert "<p>Sak nummer 5</p>" in page(site, path)
    CLOCK.set(utc(2026, 1, 16, 8, 0))
    wait_for(lambda: "Ny tekst fra i morgen" in page(site, path))
    assert "planlagt, ikke publisert ennå" not in \
        ed.get(path, "vis=historikk").text
    CLOCK.set(JAN_15)


def test_scheduled_change_can_be_moved_and_cancelled(site, ed):
    path = site.news + "/sak-6"
    form = ed.form(path)
    assert ed.post(path, dict(form, body="<p>Avlyst endring</p>",
                              planlagt="2026-01-20T09:00")).status == 303
    sid = db_rows(site, "SELECT max(id) FROM schedule")[0][0]
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "planlagt-endre",
                       "id": sid, "tidspunkt": "2026-01-21T09:00"})
    assert r.status == 303
    assert db_rows(site, "SELECT due_at FROM schedule WHERE id = ?",
                   (sid,))[0][0] == utc(2026, 1, 21, 8, 0)
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "planlagt-avbryt",
                       "id": sid})
    assert r.status == 303
    # A tick past both times (the command's, synchronously) applies
    # nothing of it.
    out = subprocess.run([ADMIN, "tick", site.db, "--now",
                          str(utc(2026, 1, 22))], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert "Avlyst endring" not in page(site, path)
    assert db_rows(site, "SELECT state FROM schedule WHERE id = ?",
                   (sid,))[0][0] == "cancelled"
    # The command's tick moved tick_at to 22 January; the module's next
    # tick at the test clock's time brings it back, so later tests see
    # meetings and news pass again.
    CLOCK.set(JAN_15)
    wait_for(lambda: tick_at(site) == JAN_15)
    # Another page's change cannot be cancelled through this page.
    r = ed.post(site.news + "/sak-7", {"csrf": ed.csrf(site.news + "/sak-7"),
                                       "handling": "planlagt-avbryt",
                                       "id": sid})
    assert r.status == 404
    CLOCK.set(JAN_15)


def test_scheduled_text_can_be_edited_before_it_goes_live(site, ed):
    path = site.news + "/sak-9"
    form = ed.form(path)
    assert ed.post(path, dict(form, body="<p>Første utkast</p>",
                              planlagt="2026-01-18T09:00")).status == 303
    sid = db_rows(site, "SELECT max(id) FROM schedule")[0][0]
    listed = ed.get("/", "vis=planlagt").text
    assert "vis=planlagt-tekst&amp;id=%d" % sid in listed
    r = ed.get(path, "vis=planlagt-tekst&id=%d" % sid)
    assert r.status == 200
    assert "Første utkast" in r.text and 'name="erstatter"' in r.text
    assert 'value="2026-01-18T09:00"' in r.text
    form = ed.form(path)
    r = ed.post(path, dict(form, body="<p>Rettet utkast</p>", erstatter=sid,
                           planlagt="2026-01-18T10:00"))
    assert r.status == 303
    assert db_rows(site, "SELECT state FROM schedule WHERE id = ?",
                   (sid,))[0][0] == "cancelled"
    assert "Rettet utkast" not in page(site, path)
    CLOCK.set(utc(2026, 1, 18, 9, 0))           # 10:00 in Oslo
    wait_for(lambda: "Rettet utkast" in page(site, path))
    assert "Første utkast" not in page(site, path)
    CLOCK.set(JAN_15)


def alternates(apache, path):
    """The translations the page at path names to visitors and search
    engines (hreflang), as (language, path) pairs."""
    return sorted(re.findall(r'<link rel="alternate" hreflang="([^"]+)" '
                             r'href="[^"]*?(/[^"/]*)"', page(apache, path)))


def test_a_text_going_live_in_a_language_its_group_has_leaves_it(
        new_server):
    """The tick knows the site's language, here from a <Location> over the
    site (NaeringLanguage nn): a scheduled nynorsk text for a page whose
    translation group holds a page in the site's own language takes the
    page out of the group when it goes live, as a save would (hreflang
    names one page per language)."""
    CLOCK.set(JAN_15)
    apache = new_server()
    add_users(apache)
    apache.add_conf("clock", "NaeringTestClock %s\n" % CLOCK.path)
    apache.add_conf("lang", '<Location "/">\n    NaeringLanguage nn\n'
                    '</Location>\n')
    apache.start()
    try:
        ed = Editor(apache)
        own = create(ed, "/", "reise", "Reise")     # the site's: nynorsk
        en = create(ed, "/", "travel", "Travel", sprak="en")
        nb = create(ed, "/", "reise-nb", "Reise på bokmål", sprak="nb")
        for other in (en, nb):
            assert ed.post(own, {"csrf": ed.csrf(own),
                                 "handling": "koble-oversettelse",
                                 "oversettelse": other}).status == 303
        group = [("en", en), ("nb", nb), ("nn", own)]
        assert alternates(apache, own) == group
        r = ed.post(nb, dict(ed.form(nb), body="<p>No på nynorsk.</p>",
                             sprak="nn", planlagt="2026-01-16T09:00"))
        assert r.status == 303 and "melding=planlagt" in r.header("Location")
        # Until then the pages say what they said (and are cached so).
        assert alternates(apache, own) == group
        assert alternates(apache, nb) == group
        CLOCK.set(utc(2026, 1, 16, 8, 0))
        wait_for(lambda: "No på nynorsk." in apache.get(nb).text)
        assert alternates(apache, nb) == []
        assert alternates(apache, own) == [("en", en), ("nn", own)]
    finally:
        CLOCK.set(JAN_15)


def test_stale_scheduled_revision_fails_and_is_kept(site, ed):
    """An editor saved after the change was scheduled: going live would
    undo that save, so it fails, is logged and stays for the editor."""
    path = site.news + "/sak-8"
    form = ed.form(path)
    assert ed.post(path, dict(form, body="<p>Planlagt</p>",
                              planlagt="2026-01-17T09:00")).status == 303
    assert ed.save(path, body="<p>Lagret etterpå</p>").status == 303
    CLOCK.set(utc(2026, 1, 17, 9))
    wait_for(lambda: db_rows(site, "SELECT attempts FROM schedule WHERE "
                             "id = (SELECT max(id) FROM schedule)")[0][0] > 0)
    assert "Lagret etterpå" in page(site, path)
    # the tick commits, then logs
    wait_for(lambda: "scheduled change failed" in site.error_log())
    assert "Feilet" in ed.get("/", "vis=planlagt").text
    CLOCK.set(JAN_15)


def test_meeting_passing_moves_it_to_past_without_an_edit(site):
    assert "Kommende møter" in page(site, site.meetings)
    CLOCK.set(utc(2026, 12, 1))
    # The tick sees the meetings end and moves the generation: from then
    # on no process serves the listing it rendered before.
    wait_for(lambda: db_rows(site, "SELECT value FROM setting WHERE key = "
                             "'tick_at'")[0][0] >= utc(2026, 12, 1))
    for _ in range(20):
        html = page(site, site.meetings)
        assert "Kommende møter" not in html
        assert "Tidligere møter 2026" in html
    CLOCK.set(JAN_15)


# ---- reviews ---------------------------------------------------------------

def test_review_list_reviewed_and_command(site, ed):
    path = "/naeringsnettverket"
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "gjennomgang-lagre",
                       "neste": "2026-01-10", "ansvarlig": "redaktor"})
    assert r.status == 303
    listed = ed.get("/", "vis=gjennomgang").text
    assert "Trenger gjennomgang" in listed
    rows = re.findall(r"<tr>(.*?)</tr>", listed, re.S)
    row = [r for r in rows if "/redigering/naeringsnettverket\"" in r]
    assert len(row) == 1 and "på overtid" in row[0], rows
    out = subprocess.run(
        [ADMIN, "review", site.db, "--now", str(JAN_15)],
        capture_output=True, text=True)
    assert out.returncode == 1
    assert re.search(r"(?m)^redaktor:\n  2026-01-10  /naeringsnettverket  ",
                     out.stdout), out.stdout
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "gjennomgatt"})
    assert r.status == 303
    assert "Gjennomgått" in ed.get(path, "vis=historikk").text
    out = subprocess.run(
        [ADMIN, "review", site.db, "--now", str(JAN_15)],
        capture_output=True, text=True)
    assert "/naeringsnettverket" not in out.stdout


def test_review_command_exit_codes(site, tmp_path):
    """0 nothing overdue, 1 overdue, 2 broken or misused: a cron mail can
    tell them apart."""
    def review(*args):
        return subprocess.run([ADMIN, "review"] + list(args),
                              capture_output=True, text=True)
    out = review(site.db, "--now", str(utc(2000, 1, 1)))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no page is overdue" in out.stdout
    out = review(site.db, "--now", str(utc(2030, 1, 1)))
    assert out.returncode == 1 and "/naeringsnettverket" in out.stdout
    missing = str(tmp_path / "finnes-ikke.db")
    out = review(missing)
    assert out.returncode == 2, out.stderr
    for bad in (["--now", "abc"], ["--foo", "5"], ["--now"], ["--now", ""]):
        out = review(site.db, *bad)
        assert out.returncode == 2 and "usage" in out.stderr, (bad, out)
    out = subprocess.run([ADMIN, "tick", missing], capture_output=True,
                         text=True)
    assert out.returncode == 2
    out = subprocess.run([ADMIN, "tick", site.db, "--now", "x"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "usage" in out.stderr


# ---- times the clocks skip or repeat -----------------------------------------

def test_march_gap_is_a_field_error_and_loses_nothing(site, ed):
    path = site.meetings + "/oktober"
    form = ed.form(path)
    r = ed.post(path, dict(form, starts="2026-03-29T02:30", title="Flyttet"))
    assert r.status == 400
    assert "finnes ikke – klokka stilles fram" in r.text
    assert 'value="Flyttet"' in r.text
    assert "Rådsmøte i oktober" in page(site, path)


def test_second_half_hour_of_october_kept_and_written_in_utc(site, ed):
    """A meeting at the second 02:30 (01:30 UTC, set by the import of a
    calendar, say): its form shows 02:30, and saving that form unchanged
    keeps 01:30 UTC; iCalendar writes it in UTC."""
    listing = make_listing(ed, "nattmoter", "Nattmøter", "meeting-list")
    path = create(ed, listing, "natt", "Nattmøte",
                  starts="2026-10-25T03:30")
    second = utc(2026, 10, 25, 1, 30)
    script = os.path.join(site.rundir, "second.sql")
    with open(script, "w") as f:
        f.write("UPDATE revision SET starts_at = %d, ends_at = NULL WHERE id ="
                " (SELECT revision_id FROM page WHERE path = '%s');"
                % (second, path))
    os.chmod(script, 0o644)
    out = subprocess.run([ADMIN, "sql", site.db, script],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    html = ed.get(path).text
    assert field(html, "starts") == "2026-10-25T02:30"
    form = dict(ed.form(path), starts=field(html, "starts"),
                ends=field(html, "ends") or "", kind="",
                event_status="planned", place="")
    r = ed.post(path, form)
    assert r.status == 303, r.text[:2000]
    assert db_rows(site, "SELECT r.starts_at FROM page p JOIN revision r "
                   "ON r.id = p.revision_id WHERE p.path = ?",
                   (path,))[0][0] == second
    ev = ics_events(site.get(listing + "?format=ics").body)["Nattmøte"]
    assert "TZID" not in ev["DTSTART"].params
    assert int(ev["DTSTART"].dt.timestamp()) == second
    assert int(ev["DTEND"].dt.timestamp()) == second + 3600


# ---- scheduled saves checked like saves --------------------------------------

def scheduled_count(site):
    return db_rows(site, "SELECT count(*) FROM schedule")[0][0]


def test_scheduled_save_from_an_old_form_is_a_conflict(site, ed):
    path = site.news + "/sak-10"
    form = ed.form(path)
    assert ed.save(path, body="<p>Annen redaktør</p>").status == 303
    n = scheduled_count(site)
    r = ed.post(path, dict(form, body="<p>Fra gammelt skjema</p>",
                           planlagt="2026-01-25T09:00"))
    assert r.status == 409
    assert "Siden er endret av noen andre" in r.text
    assert "Fra gammelt skjema" in r.text
    assert scheduled_count(site) == n


def test_edited_scheduled_text_keeps_its_conflict_check(site, ed):
    path = site.news + "/sak-11"
    form = ed.form(path)
    assert ed.post(path, dict(form, body="<p>Planlagt først</p>",
                              planlagt="2026-01-26T09:00")).status == 303
    sid = db_rows(site, "SELECT max(id) FROM schedule")[0][0]
    text = ed.get(path, "vis=planlagt-tekst&id=%d" % sid).text
    assert ed.save(path, body="<p>Lagret imens</p>").status == 303
    r = ed.post(path, dict(form, revision=field(text, "revision"),
                           body="<p>Planlagt rettet</p>", erstatter=sid,
                           planlagt="2026-01-26T10:00"))
    assert r.status == 409, r.status
    assert "Planlagt rettet" in r.text
    assert db_rows(site, "SELECT state FROM schedule WHERE id = ?",
                   (sid,))[0][0] == "pending"


def test_edited_scheduled_text_gone_meanwhile_shows_the_form(site, ed):
    path = site.news + "/sak-4"
    form = ed.form(path)
    assert ed.post(path, dict(form, body="<p>Skal avbrytes</p>",
                              planlagt="2026-01-27T09:00")).status == 303
    sid = db_rows(site, "SELECT max(id) FROM schedule")[0][0]
    text = ed.get(path, "vis=planlagt-tekst&id=%d" % sid).text
    assert ed.post(path, {"csrf": ed.csrf(path), "handling":
                          "planlagt-avbryt", "id": sid}).status == 303
    r = ed.post(path, dict(form, revision=field(text, "revision"),
                           body="<p>Teksten jeg skrev</p>", erstatter=sid,
                           planlagt="2026-01-27T10:00"))
    assert r.status == 409
    assert "allerede publisert eller avbrutt" in r.text
    assert "Teksten jeg skrev" in r.text
    assert 'name="erstatter"' not in r.text


def test_planned_time_gone_by_is_a_field_error(site, ed):
    path = site.news + "/sak-3"
    form = ed.form(path)
    r = ed.post(path, dict(form, body="<p>For sent</p>",
                           planlagt="2026-01-14T09:00"))
    assert r.status == 400 and "Tidspunktet har vært" in r.text
    assert "For sent" in r.text
    assert "For sent" not in page(site, path)


def generation(site):
    return db_rows(site, "SELECT value FROM setting WHERE key = "
                   "'generation'")[0][0]


def test_news_dated_ahead_appears_on_its_date_without_an_edit(site, ed):
    path = create(ed, site.news, "fremtid", "Sak fra fremtiden",
                  starts="2026-01-16T12:00")
    assert "Sak fra fremtiden" not in page(site, site.news)
    assert b"Sak fra fremtiden" not in site.get(site.news
                                                + "?format=atom").body
    assert "Sak fra fremtiden" not in page(site, "/")
    gen = generation(site)
    CLOCK.set(utc(2026, 1, 16, 11, 0))
    # Listing, feed and front page were rendered and cached before: the
    # tick's new generation is what brings the item in, everywhere.
    wait_for(lambda: generation(site) > gen)
    assert "Sak fra fremtiden" in page(site, site.news)
    assert b"Sak fra fremtiden" in site.get(site.news + "?format=atom").body
    assert "Sak fra fremtiden" in page(site, "/")
    CLOCK.set(JAN_15)
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "slett"})
    assert r.status == 303, r.status


@pytest.mark.parametrize("when,notice", [
    ("2026-01-10T10:00", "planlagt-forbi"),         # before the clock's now
    ("2026-03-29T02:30", "planlagt-finnes-ikke"),   # the March night
    ("", "planlagt-mangler-tid")])
def test_publish_at_a_time_gone_by_or_that_does_not_exist_is_refused(
        site, ed, when, notice):
    path = create(ed, site.news, "ikke-planlagt-%s" % notice, "Ikke planlagt",
                  status="utkast", starts="2026-01-20T08:00")
    before = db_rows(site, "SELECT count(*) FROM schedule")[0][0]
    r = ed.post(path, {"csrf": ed.csrf(path), "handling": "planlegg",
                       "hva": "publish", "tidspunkt": when})
    assert r.status == 303 and "melding=" + notice in r.header("Location")
    assert db_rows(site, "SELECT count(*) FROM schedule")[0][0] == before
    assert site.get(path).status == 404
