"""Listings of news and meetings, and the front page with the latest news,
are built from other pages' items (issues 15 and 18): a write to a news
item changes them at once, in every process, and an edit to an ordinary
page leaves them, with their ETags, in place."""
import pytest

from conftest import db_rows, prefork, make_server
from editor_client import Editor, add_users

ROUNDS = 12     # more than the prefork children: each of them answers


@pytest.fixture(scope="module")
def isite(demo_template_db):
    apache = make_server(demo_template_db)
    prefork(apache)
    add_users(apache)
    apache.start()
    yield apache
    apache.stop()


def etags(apache, path):
    """The ETag every child gives path; one value when they agree."""
    seen = set()
    for _ in range(ROUNDS):
        r = apache.get(path)
        assert r.status == 200, (path, r.status)
        seen.add(r.header("ETag"))
    return seen


def test_an_ordinary_edit_leaves_the_listings_and_the_front_page(isite):
    front, news = etags(isite, "/"), etags(isite, "/aktuelt")
    assert len(front) == 1 and len(news) == 1
    ed = Editor(isite)
    assert ed.save("/kontakt-oss", body="<p>Ny kontaktinformasjon.</p>"
                   ).status == 303
    assert etags(isite, "/") == front
    assert etags(isite, "/aktuelt") == news
    assert isite.get("/", {"If-None-Match": front.pop()}).status == 304


def test_a_news_item_changes_the_listing_and_the_front_page_everywhere(isite):
    front, news = etags(isite, "/"), etags(isite, "/aktuelt")
    item = db_rows(isite, "SELECT p.path FROM page p JOIN revision r"
                   " ON r.id = p.revision_id WHERE p.kind = 'news'"
                   " AND p.deleted_at IS NULL ORDER BY r.starts_at DESC"
                   " LIMIT 1")[0][0]
    ed = Editor(isite)
    assert ed.save(item, title="Ny overskrift på den siste saken"
                   ).status == 303
    for path, before in (("/", front), ("/aktuelt", news)):
        after = etags(isite, path)
        assert len(after) == 1 and after != before, path
        for _ in range(ROUNDS):
            assert "Ny overskrift på den siste saken" in isite.get(path).text
