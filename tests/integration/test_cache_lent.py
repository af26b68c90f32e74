"""A hit of the process's render cache is sent without a copy: the response
points into the cache's entry, which stays until the response is written
(core/cache.c, httpd/http.c).  A reader slower than the server keeps
receiving the page it asked for, whole, while an editor's save replaces the
entry and other visitors already get the new page."""
import os
import re
import socket
import time

from editor_client import Editor, add_users

LOG = 'LogFormat "%U%q %{naering-cache}n %{User-Agent}i" naering_cache\n' \
      'CustomLog "{rundir}/cache.log" naering_cache\n'
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
    log = os.path.join(apache.rundir, "cache.log")
    deadline = time.time() + 10
    while True:
        try:
            with open(log) as f:
                rows = [l.split()[1] for l in f if l.rstrip().endswith(agent)]
        except FileNotFoundError:
            rows = []
        if len(rows) >= count:
            return rows
        assert time.time() < deadline, rows
        time.sleep(0.02)


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
    apache.add_conf("log", LOG.replace("{rundir}", apache.rundir))
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
