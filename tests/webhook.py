"""A local HTTP server that records the JSON POSTs it receives (alert webhook tests)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookReceiver:
    """`with WebhookReceiver(status=204) as hook:` ... hook.url("/run-a"), hook.posts."""

    def __init__(self, status: int = 204, hang: float = 0):
        self.status, self.hang = status, hang
        self.posts: list[tuple[str, dict]] = []  # (path, JSON body)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._lock:
                    receiver.posts.append((self.path, json.loads(body)))
                if receiver.hang:
                    threading.Event().wait(receiver.hang)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def received(self, path: str) -> list[dict]:
        with self._lock:
            return [body for where, body in self.posts if where == path]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
