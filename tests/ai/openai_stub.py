"""A small OpenAI-compatible chat server on loopback, written with the standard library.

It answers POST .../chat/completions (any prefix, so every provider's path works)
the way `behaviour` says: "ok", "slow", "500", "429", "401-echo" (an error
that quotes the key, as some providers do), "malformed", "no-choices", "empty",
"stream" or "no-json-schema" (a 400 for a JSON-schema response format, as DeepSeek
gives, else "ok"); `per_model` overrides it for one model name. An "ok" answer is `reply`, or
`answer(body)` when set (a model that reads its prompt, e.g. one that obeys an injection).
Every request is recorded (path, headers, body) so tests can check what the real client sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class StubState:
    behaviour: str = "ok"
    reply: str = "Hello from the stub [1]."
    answer: Callable[[dict[str, Any]], str] | None = None
    slow_seconds: float = 5.0
    per_model: dict[str, str] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def _handler(state: StubState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json",
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw)
            except ValueError:
                body = {}
            state.requests.append(Recorded(self.path, dict(self.headers.items()), body))
            if not self.path.rstrip("/").endswith("chat/completions"):
                self._send(404, b'{"error": {"message": "not found"}}')
                return
            model = str(body.get("model", ""))
            behaviour = state.per_model.get(model, state.behaviour)
            if behaviour == "slow":
                state.stop.wait(state.slow_seconds)
                behaviour = "ok"
            if behaviour == "no-json-schema":
                if (body.get("response_format") or {}).get("type") == "json_schema":
                    message = b"This response_format type is unavailable now"
                    self._send(400, b'{"error": {"message": "' + message + b'"}}')
                    return
                behaviour = "ok"
            if behaviour == "401-echo":
                key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                message = f"Incorrect API key provided: {key}. Check your key."
                self._send(401, json.dumps({"error": {"message": message}}).encode())
            elif behaviour == "500":
                self._send(500, b'{"error": {"message": "internal trouble", "type": "server"}}')
            elif behaviour == "429":
                self._send(
                    429,
                    b'{"error": {"message": "slow down", "type": "rate_limit"}}',
                    extra={"Retry-After": "0"},
                )
            elif behaviour == "malformed":
                self._send(200, b"this is { not json")
            elif behaviour == "no-choices":
                self._send(200, json.dumps({"id": "x", "model": model, "choices": []}).encode())
            elif behaviour == "empty":
                self._send(200, json.dumps(_completion(model, "")).encode())
            elif behaviour == "stream" and body.get("stream"):
                self._stream(model)
            else:
                text = state.answer(body) if state.answer is not None else state.reply
                self._send(200, json.dumps(_completion(model, text)).encode())

        def _stream(self, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            for piece in state.reply.split(" "):
                chunk = {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [{"index": 0, "delta": {"content": piece + " "}}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            self.close_connection = True

    return Handler


class OpenAIStub:
    def __init__(self) -> None:
        self.state = StubState()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> OpenAIStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
