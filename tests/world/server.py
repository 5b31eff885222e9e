"""The test world: one local HTTPS server playing many real hostnames.

Chromium is pointed at it with --host-resolver-rules (see World.browser_args),
so pages, trackers and broken hosts all live on 127.0.0.1:<port>.
"""

import select
import socketserver
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler

from . import sites, trackers
from .tls import self_signed, server_context
from .web import Request, Response, html

ROUTES = {**sites.HOSTS, **trackers.HOSTS}

HANDSHAKE_TIMEOUT = 10  # a client that connects but never says hello
IDLE_TIMEOUT = 30  # keep-alive connections left idle by the browser


def unknown_host(request):
    return html("<!DOCTYPE html><title>404</title><h1>unknown host in test world</h1>"
                f"<p>{request.host}</p>", 404)


def route(request):
    return ROUTES.get(request.host, unknown_host)(request)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, every response has Content-Length
    timeout = IDLE_TIMEOUT

    def version_string(self):
        return "nginx"  # the Server header, as most small French sites send

    def do_GET(self):
        self.serve()

    do_POST = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = do_GET

    def log_message(self, format, *args):
        pass  # quiet: the World keeps its own request log

    def serve(self):
        request = self.read_request()
        self.server.world.log(request)
        response = route(request)
        if response.hold and not self.hold(response.hold):
            return
        if not response.answer:
            self.close_connection = True
            return
        self.send(response)

    def read_request(self):
        headers = {k.lower(): v for k, v in self.headers.items()}
        host = headers.get("host", "").partition(":")[0].lower()  # vhost, port stripped
        length = int(headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        return Request(host, self.path, self.command, headers, body, self.client_address)

    def hold(self, seconds):
        """Stay silent up to `seconds`; False if the client left (or we stop) meanwhile.

        Only select() on the socket, so a held connection costs one idle thread
        and never blocks the others.
        """
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.5)
            # Browsers send nothing while waiting: readable means they hung up.
            if readable or self.server.world.stopping.is_set():
                self.close_connection = True
                return False
        return True

    def send(self, response: Response):
        if response.stream is not None:
            return self.send_stream(response)
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status not in (204, 304):  # these must not carry a body length
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def send_stream(self, response: Response):
        """Headers, then each chunk after its pause, until the chunks end, the client leaves
        or the world stops."""
        self.close_connection = True
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        for pause, chunk in response.stream:
            # A client that left is seen by the failed write.
            if pause and self.server.world.stopping.wait(pause):
                return
            try:
                self.wfile.write(chunk)
                self.wfile.flush()
            except OSError:
                return


class TLSServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, world, port, context):
        self.world = world
        self.ssl_context = context
        super().__init__(("127.0.0.1", port), Handler)

    def finish_request(self, sock, client_address):
        # Runs in the per-connection thread, so a slow handshake blocks nobody.
        sock.settimeout(HANDSHAKE_TIMEOUT)
        try:
            tls = self.ssl_context.wrap_socket(sock, server_side=True)
        except OSError:  # includes ssl.SSLError: scanners, aborted handshakes
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            tls.close()

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):  # closed/reset sockets are business as usual
            traceback.print_exc()


class World:
    """World(port=0).start() ... .stop(), or `with World() as world:`."""

    def __init__(self, port=0):
        self.requested_port = port
        self.requests = []  # (host, path_with_query, method), in arrival order
        self.received = []  # the same requests whole, headers included
        self.stopping = threading.Event()
        self.cert_pem = None  # PEM of the self-signed certificate, once started
        self._server = None
        self._thread = None

    @property
    def port(self):
        return self._server.server_address[1]

    def log(self, request):
        self.requests.append((request.host, request.target, request.method))
        self.received.append(request)

    def start(self):
        self.cert_pem, key_pem = self_signed(ROUTES)
        context = server_context(self.cert_pem, key_pem)
        self._server = TLSServer(self, self.requested_port, context)
        self._thread = threading.Thread(target=self._server.serve_forever, name="world", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.stopping.set()  # releases held (slow, long-poll) connections
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def browser_args(self):
        return [
            f"--host-resolver-rules=MAP *.invalid ~NOTFOUND, MAP * 127.0.0.1:{self.port}, EXCLUDE localhost",
            "--ignore-certificate-errors",
        ]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
