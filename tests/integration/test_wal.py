"""The WAL stays bounded while visitors read and editors write without a
pause (issue 18): readers give their snapshots back before rendering, and
the module's watchdog (httpd/warm.c) empties the WAL with a TRUNCATE
checkpoint once it passes 1 MiB.  Without it SQLite's own checkpoints
never reset a WAL that some reader always holds, and it grows for as long
as the load lasts."""
import os
import threading

import pytest

from conftest import prefork
from editor_client import Editor, add_users

# What the WAL may reach: the checkpoint's threshold (1 MiB) plus what
# half a second of saves writes on a loaded machine, with room to spare.
WAL_BOUND = 8 * 1024 * 1024
# Each save writes a text this large (revision, search rows): a few
# hundred KiB of WAL per save, so that 60 saves write well over WAL_BOUND.
PARAGRAPHS = 400

READ_PATHS = ["/", "/naeringsnettverket", "/samferdsel", "/sok?q=plan",
              "/feed.atom", "/sitemap.xml"]


def wal_size(apache):
    try:
        return os.path.getsize(apache.db + "-wal")
    except FileNotFoundError:
        return 0


def readers(apache, stop, count):
    """Threads that read pages until stop is set; returns them started."""
    def run(i):
        n = i
        while not stop.is_set():
            apache.get(READ_PATHS[n % len(READ_PATHS)])
            n += 1
    threads = [threading.Thread(target=run, args=(i,), daemon=True)
               for i in range(count)]
    for t in threads:
        t.start()
    return threads


def long_body(i):
    return "".join("<p>Avsnitt %d av lagring %d: næringsliv, samferdsel og "
                   "planer for regionen i mange år framover.</p>" % (k, i)
                   for k in range(PARAGRAPHS))


def saves_under_reads(apache, saves=60, reader_count=4):
    ed = Editor(apache)
    stop = threading.Event()
    threads = readers(apache, stop, reader_count)
    largest, emptied, written = 0, 0, 0
    try:
        for i in range(saves):
            before = wal_size(apache)
            r = ed.save("/samferdsel", body=long_body(i))
            assert r.status == 303, r.status
            after = wal_size(apache)
            emptied += after < before
            written += max(0, after - before)
            largest = max(largest, after)
        return largest, emptied, written
    finally:
        stop.set()
        for t in threads:
            t.join(30)


@pytest.mark.parametrize("mpm", ["event", "prefork"])
def test_the_wal_stays_bounded_under_reads_and_writes(new_server, mpm):
    apache = new_server()
    add_users(apache)
    if mpm == "prefork":
        prefork(apache)
    apache.start()
    largest, emptied, written = saves_under_reads(apache)
    assert largest < WAL_BOUND, "the WAL reached %d bytes" % largest
    # It was emptied while the readers went on, not only at the end.
    assert emptied >= 1, "the WAL was never emptied under load"
    assert "checkpoint:" not in apache.error_log()
