"""The site served by gunicorn as `make serve` runs it (gunicorn.conf.py),
for the tests that need a real server: slow clients, timeouts, request
limits, a database that goes away. Every wait is bounded."""

import contextlib
import http.client
import socket
import threading
import time
from urllib.parse import quote

from django.db import connection

from bench import common

# What the kernel may hold of an answer on its way to a slow client: a
# download of a few hundred KB then keeps its worker busy for as long as
# the client takes, as a 300 MB one does with the usual buffers of MBs.
SEND_BUFFER = 8 * 1024
RECEIVE_BUFFER = 4 * 1024
WAIT = 60  # seconds: the bound on every wait of these tests


def database_url_of_this_run():
    """The URL of the database this test run uses (PostgreSQL)."""
    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    host, port = s["HOST"] or "localhost", s["PORT"] or 5432
    return f"postgres://{quote(s['USER'], safe='')}{password}@{host}:{port}/{s['NAME']}"


def listening_socket():
    """A listener on a free port whose connections keep little in flight."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


@contextlib.contextmanager
def served(database_url, *options):
    """gunicorn with gunicorn.conf.py on 127.0.0.1; yields its port."""
    with contextlib.closing(listening_socket()) as listener:
        with common.gunicorn(
            database_url, as_served=True, options=options, listener=listener
        ) as (base_url, _):
            yield int(base_url.rsplit(":", 1)[1])


def fetch(port, path, headers=None, timeout=WAIT):
    """(status, headers, body) of a GET, read at once."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        client.close()


def raw_request(port, line):
    """The status line and body the server answers to a raw request line."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        sock.sendall(line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body


class SlowDownload(threading.Thread):
    """A client that asks for `path`, reads the answer's head, then stops
    reading until `release` is set (or for `hold` seconds), and then reads
    the rest a few KB at a time. `body` is what it received (HTTP/1.0: no
    chunks; the body ends where the connection does), `error` what went
    wrong on the way."""

    def __init__(self, port, path, hold=None):
        super().__init__(daemon=True)
        self.port, self.path, self.hold = port, path, hold
        self.started = threading.Event()
        self.release = threading.Event()
        self.status_line, self.body, self.error = "", b"", None

    def run(self):
        try:
            self._download()
        except OSError as error:
            self.error = error
        finally:
            self.started.set()

    def _download(self):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        sock.settimeout(WAIT)
        with sock:
            sock.connect(("127.0.0.1", self.port))
            request = f"GET {self.path} HTTP/1.0\r\nHost: 127.0.0.1:{self.port}\r\n\r\n"
            sock.sendall(request.encode())
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = sock.recv(RECEIVE_BUFFER)
                if not chunk:
                    break
                received += chunk
            head, _, self.body = received.partition(b"\r\n\r\n")
            self.status_line = head.split(b"\r\n")[0].decode()
            self.started.set()
            self.release.wait(self.hold if self.hold is not None else WAIT)
            while chunk := sock.recv(RECEIVE_BUFFER):
                self.body += chunk
                time.sleep(0.002)  # a pause between reads

    def finish(self):
        """Let it read the rest; wait for the end (bounded)."""
        self.release.set()
        self.join(WAIT)
        return not self.is_alive()
