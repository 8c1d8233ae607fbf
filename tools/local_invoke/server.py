"""`local-invoke start-lambda`: the Lambda Invoke API on a local port, like `sam local start-lambda`, without Docker.

POST /2015-03-31/functions/<name|ARN>/invocations runs the function in a warm execution environment; a request
that finds every environment of that function busy gets a new one (Lambda scales the same way), up to
MAX_ENVIRONMENTS per function. Point an SDK, the AWS CLI (`aws lambda invoke --endpoint-url`) or a Step Functions
emulator at it. Errors answer 200 with X-Amz-Function-Error: Unhandled, as Lambda does.
"""

import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List

from emulator import Environment
from template import FunctionSpec

MAX_ENVIRONMENTS = 4
PREFIX = "/2015-03-31/functions/"


class Pool:
    def __init__(self, spec: FunctionSpec, endpoint_url: str, max_environments: int = MAX_ENVIRONMENTS,
                 log=None):
        self.spec = spec
        self.endpoint_url = endpoint_url
        self._log = log or sys.stderr
        self._environments: List[Environment] = []
        self._idle: List[Environment] = []
        self._slots = threading.Semaphore(max_environments)
        self._lock = threading.Lock()

    def invoke(self, payload: bytes):
        with self._slots:
            with self._lock:
                environment = self._idle.pop() if self._idle else None
                if environment is None:
                    environment = Environment(self.spec, self.endpoint_url, self._log)
                    self._environments.append(environment)
            try:
                return environment.invoke(payload)
            finally:
                with self._lock:
                    self._idle.append(environment)

    def stop(self):
        for environment in self._environments:
            environment.stop()


def function_key(path_name: str) -> str:
    """Logical id, name, name:qualifier or ARN (arn:aws:lambda:region:account:function:name[:qualifier])."""
    name = path_name
    if name.startswith("arn:"):
        parts = name.split(":")
        name = parts[6] if len(parts) > 6 else name
    return name.split(":", 1)[0]


def serve(specs: List[FunctionSpec], host: str, port: int, endpoint_url: str) -> None:
    pools: Dict[str, Pool] = {}
    for spec in specs:
        pool = Pool(spec, endpoint_url)
        for name in [spec.logical_id, *spec.aliases]:
            pools[name] = pool

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body go out as separate writes: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def _answer(self, status, body=b"", headers=()):
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            from urllib.parse import unquote

            length = int(self.headers.get("Content-Length") or 0)
            payload = self.rfile.read(length) if length else b"{}"
            path = self.path.split("?", 1)[0]
            if not (path.startswith(PREFIX) and path.endswith("/invocations")):
                self._answer(404, b'{"message":"only POST /2015-03-31/functions/<name>/invocations is served"}')
                return
            name = function_key(unquote(path[len(PREFIX):-len("/invocations")]))
            pool = pools.get(name)
            if pool is None:
                body = json.dumps({"Type": "User", "message": f"Function not found: {name}"}).encode()
                self._answer(404, body, [("x-amzn-ErrorType", "ResourceNotFoundException"),
                                         ("Content-Type", "application/json")])
                return
            invocation_type = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
            if invocation_type == "DryRun":
                self._answer(204)
                return
            if invocation_type == "Event":
                threading.Thread(target=pool.invoke, args=(payload,), daemon=True).start()
                self._answer(202)
                return
            result = pool.invoke(payload)
            headers = [("X-Amz-Executed-Version", "$LATEST"), ("Content-Type", "application/json")]
            if result.failed:
                headers.append(("X-Amz-Function-Error", "Unhandled"))
            self._answer(200, result.body, headers)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    stopping = threading.Event()

    def shutdown(*_):
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    print(f"local-invoke: serving the Lambda Invoke API for {', '.join(s.logical_id for s in specs)} on "
          f"http://{host}:{server.server_address[1]} (environments start on first use; Ctrl-C stops)",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        for pool in set(pools.values()):
            pool.stop()
        server.server_close()
