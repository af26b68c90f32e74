"""naering-admin a11y: every live page's accessibility warnings, counted by
kind, for a cron mail; exit 0 on a clean site, 1 with warnings, 2 when the
site cannot be read.  Pages are written through the editor, so what is
checked is what the sanitizer kept."""
import os

import pytest

from conftest import admin, serving
from editor_client import Editor

PAGE = "/samferdsel"
BODY = ('<h2>Kollektivtilbud</h2><p>Bussene går hver halvtime.</p>'
        '<h4>Rutetider</h4><p>Rutetidene finner du '
        '<a href="https://www.akt.no/">klikk her</a>.</p>')


@pytest.fixture(scope="module")
def asite(demo_template_db):
    yield from serving(demo_template_db)


def page_lines(out, path):
    """The lines of one page's report: its count line and its warnings."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.split("\t")[0] == path:
            j = i + 1
            while j < len(lines) and lines[j].startswith("\t"):
                j += 1
            return lines[i:j]
    return []


def test_a_clean_site_exits_0(tmp_path):
    db = str(tmp_path / "site.db")
    admin("init", db)            # the seed: the accessibility statement
    r = admin("a11y", db, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1].startswith("a11y: 0 warnings on 0 of ")


def test_a_page_with_a_skipped_heading_and_a_vague_link_is_reported(asite):
    ed = Editor(asite)
    assert ed.save(PAGE, body=BODY).status == 303
    r = admin("a11y", asite.db, check=False)
    assert r.returncode == 1, r.stdout + r.stderr
    lines = page_lines(r.stdout, PAGE)
    assert lines[0] == PAGE + "\theading-skip 1, link-vague 1"
    assert lines[1:] == ["\theading-skip\tWCAG 1.3.1\tRutetider",
                         "\tlink-vague\tWCAG 2.4.4\tklikk her"]
    assert r.stdout.splitlines()[-1].startswith("a11y: ")

    # Mended, the page is no longer in the report.
    assert ed.save(PAGE, body=BODY.replace("h4", "h3").replace(
        "klikk her", "rutetidene hos AKT")).status == 303
    r = admin("a11y", asite.db, check=False)
    assert page_lines(r.stdout, PAGE) == []


def test_drafts_are_marked_and_the_trash_is_left_out(asite):
    ed = Editor(asite)
    assert ed.post("/", {"csrf": ed.csrf("/"), "handling": "opprett",
                         "slug": "a11y-utkast", "title": "Utkast",
                         "status": "utkast"}).status == 303
    assert ed.save("/a11y-utkast", body="<p>Les mer <a href=\"/kontakt-oss\">"
                   "her</a>.</p>", status="utkast").status == 303
    r = admin("a11y", asite.db, check=False)
    assert r.returncode == 1
    assert page_lines(r.stdout, "/a11y-utkast (draft)")[0] == \
        "/a11y-utkast (draft)\tlink-vague 1"
    assert ed.post("/a11y-utkast", {"csrf": ed.csrf("/a11y-utkast"),
                                    "handling": "slett"}).status == 303
    r = admin("a11y", asite.db, check=False)
    assert "/a11y-utkast" not in r.stdout


def test_a_site_that_cannot_be_read_exits_2(tmp_path):
    r = admin("a11y", os.path.join(str(tmp_path), "ingen", "site.db"),
              check=False)
    assert r.returncode == 2
    assert "naering-admin:" in r.stderr and r.stdout == ""
    assert admin("a11y", check=False).returncode == 2
