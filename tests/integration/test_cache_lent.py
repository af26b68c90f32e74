"""A hit of the process's render cache is sent without a copy: the response
points into the cache's entry, which stays until the response is written
(core/cache.c, httpd/http.c).  A reader slower than the server keeps
receiving the page it asked for, whole, while an editor's save replaces the
entry and other visitors already get the new page."""
import os
import re
import signal
import socket

from conftest import cache_sources, log_cache_sources
from editor_client import Editor, add_users

# Big enough that the body cannot sit in the sockets' buffers: the event
# MPM is still writing it when the save replaces the entry.
PARAGRAPHS = 20000


def one_child(apache):
    """Event MPM with a single child, so every hit is in one render cache."""
    conf = os.path.join(apache.rundir, "httpd.conf")
    with open(conf) as f:
        text = f.read()
    text = re.sub(r"(?m)^StartServers.*$", "StartServers 1", text)
    text = re.sub(r"(?m)^ServerLimit.*$", "ServerLimit 1", text)
    text = re.sub(r"(?m)^MaxRequestWorkers.*$", "MaxRequestWorkers 25", text)
    # A small send buffer: the kernel cannot take the whole body at once.
    text += "\nSendBufferSize 8192\n"
    with open(conf, "w") as f:
        f.write(text)


def sources(apache, agent, count):
    """Where the responses with this User-Agent came from, once logged."""
    return cache_sources(apache, lambda l: l.rstrip().endswith(agent), count)


def slow_reader(apache, path):
    """A connection that asks for path and reads almost nothing yet: a
    small receive window keeps the server's write pending."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", apache.port))
    s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               "User-Agent: slow-reader\r\nConnection: close\r\n\r\n"
               % (path, apache.port)).encode())
    first = s.recv(1024)
    assert first.startswith(b"HTTP/1.1 200"), first[:100]
    return s, first


def read_all(s, first):
    data = [first]
    s.settimeout(30)
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data.append(chunk)
    s.close()
    head, _, body = b"".join(data).partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def test_a_hit_in_flight_keeps_its_page_while_a_save_replaces_it(new_server):
    apache = new_server()
    add_users(apache)
    one_child(apache)
    log_cache_sources(apache)
    apache.start()
    old_text = "".join("<p>Gammel avsnitt %d om bussruter.</p>" % i
                       for i in range(PARAGRAPHS))
    assert Editor(apache).save("/samferdsel", body=old_text).status == 303
    old = apache.get("/samferdsel")
    assert old.status == 200 and "Gammel avsnitt %d " % (PARAGRAPHS - 1) \
        in old.text
    assert len(old.body) > 600 * 1024

    s, first = slow_reader(apache, "/samferdsel")
    # The save moves the page's tag: the next look drops the lent entry
    # and the page is rendered and kept again, while s is unread.
    assert Editor(apache).save("/samferdsel",
                               body="<p>Ny tekst om Blåbærlia.</p>"
                               ).status == 303
    for _ in range(3):
        new = apache.get("/samferdsel")
        assert new.status == 200 and "Blåbærlia" in new.text
        assert "Gammel avsnitt" not in new.text

    head, body = read_all(s, first)
    assert body == old.body                     # whole, and the old page
    length = re.search(r"(?im)^Content-Length: *(\d+)", head)
    assert length and int(length.group(1)) == len(old.body)
    assert "ETag: " + old.header("ETag") in head
    assert sources(apache, "slow-reader", 1) == ["process"]
    apache.stop()
    assert "exit signal" not in apache.error_log()


def cut_off(s, first):
    """What a reader got before the server closed on it (a reset counts
    as the end), the headers left out."""
    data = [first]
    s.settimeout(30)
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data.append(chunk)
    except ConnectionResetError:
        pass
    s.close()
    return b"".join(data).partition(b"\r\n\r\n")[2]


def big_page(apache):
    """/samferdsel made longer than the sockets' buffers, read once so the
    next request is a hit in the process's cache."""
    text = "".join("<p>Avsnitt %d om bussruter.</p>" % i
                   for i in range(PARAGRAPHS))
    assert Editor(apache).save("/samferdsel", body=text).status == 303
    page = apache.get("/samferdsel")
    assert page.status == 200 and len(page.body) > 600 * 1024
    return page


def test_a_graceful_stop_lets_a_slow_reader_of_a_hit_finish(new_server):
    """A visitor still downloading a page lent by the cache when the
    server is stopped gracefully gets all of it; the child lets the
    response go before its cache (torn down with the child's pool)."""
    apache = new_server()
    add_users(apache)
    one_child(apache)
    log_cache_sources(apache)
    apache.start()
    page = big_page(apache)
    readers = [slow_reader(apache, "/samferdsel") for _ in range(3)]
    apache.proc.send_signal(signal.SIGWINCH)        # graceful stop
    for s, first in readers:
        head, body = read_all(s, first)
        assert body == page.body
    assert apache.proc.wait(60) == 0
    assert sources(apache, "slow-reader", 3) == ["process"] * 3
    log = apache.error_log()
    assert "exit signal" not in log, log[-3000:]
    assert not apache.sanitizer_reports()


def test_a_hard_stop_with_slow_readers_of_hits_leaves_no_crash(new_server):
    """Stopped hard while visitors are mid-download of lent hits, the
    child cuts them off and exits without a crash or a sanitizer report
    (the hits are given back as their responses are destroyed, around the
    child's teardown).  Under the worker MPM, as test_shutdown's hard stops
    (the event MPM's own race there is httpd's)."""
    apache = new_server()
    add_users(apache)
    one_child(apache)
    conf = os.path.join(apache.rundir, "httpd.conf")
    with open(conf) as f:
        text = f.read().replace("mpm_event", "mpm_worker")
    with open(conf, "w") as f:
        f.write(text)
    log_cache_sources(apache)
    apache.start()
    page = big_page(apache)
    readers = [slow_reader(apache, "/samferdsel") for _ in range(3)]
    apache.proc.terminate()                         # hard stop
    assert apache.proc.wait(60) == 0
    for s, first in readers:
        body = cut_off(s, first)
        assert len(body) < len(page.body)
        assert page.body.startswith(body)
    log = apache.error_log()
    assert "exit signal" not in log, log[-3000:]
    assert "caught SIGTERM, shutting down" in log
    assert not apache.sanitizer_reports()
