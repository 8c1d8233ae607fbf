"""One execution environment: AWS's Runtime Interface Emulator (RIE) running a function's bootstrap on the host.

The RIE serves the Runtime API to the bootstrap and the Invoke API to us, enforces the Timeout and prints
START/END/REPORT. Between the bootstrap and the RIE's Runtime API sits a small observing proxy, because the RIE
alone cannot tell us three things Lambda reports: when the init really ended (the RIE's Init Duration is ~0 ms and
its first Duration includes the init), whether the function answered with an error (the RIE returns errors with
HTTP 200 and no X-Amz-Function-Error header) and how much memory the runtime used. The proxy only records; every
request and response passes through unchanged.
"""

import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Optional, TextIO

import runtimes
from template import FunctionSpec

# Lambda gives an on-demand init 10 s; past that it runs the init again inside the first invoke's Timeout.
INIT_LIMIT_S = 10.0


def _die_with_parent() -> None:
    """Linux: the emulator is killed if this process dies without cleaning up (SIGKILL); the runtime then loses
    its Runtime API and exits."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Result:
    status: str  # ok | error | timeout
    body: bytes
    request_id: str = ""
    error_type: str = ""
    init_ms: Optional[float] = None
    duration_ms: Optional[float] = None
    max_memory_mb: Optional[int] = None

    @property
    def failed(self) -> bool:
        return self.status != "ok"


class _Invocation:
    def __init__(self):
        self.request_id = ""
        self.started = None  # when the runtime received the event
        self.ended = None
        self.outcome = None  # response | error
        self.error_type = ""
        self.init_ms = None
        self.max_memory_mb = None
        self.done = threading.Event()
        self.reported = threading.Event()


class Environment:
    """invoke() as often as needed (serially); stop() kills the whole process group.

    The RIE starts the bootstrap when the first event arrives, so the init runs inside the first invoke, as on
    Lambda for an on-demand cold start. The init is allowed INIT_LIMIT_S, the handler its Timeout from the moment it
    receives the event (our watchdog; the RIE's own timer, which would count the init too, is set further out as a
    backstop). A timed-out environment is discarded and the next invoke starts a new one, as Lambda does.
    """

    def __init__(self, spec: FunctionSpec, endpoint_url: str = "", log: TextIO = sys.stderr):
        self.spec = spec
        self.endpoint_url = endpoint_url
        self.log = log
        self.described = ""
        self._process: Optional[subprocess.Popen] = None
        self._server: Optional[ThreadingHTTPServer] = None
        self._opt_dir = ""
        self._lock = threading.Lock()
        self._log_lock = threading.Lock()
        self._stopping = False
        self._init_started = None
        self._init_ms = None
        self._init_pending = True
        self._current: Optional[_Invocation] = None
        self._by_id: Dict[str, _Invocation] = {}

    # ---- lifecycle ----
    def start(self) -> None:
        self._stopping = False
        self._init_pending, self._init_ms = True, None
        self._opt_dir = tempfile.mkdtemp(prefix=f"local-invoke-opt-{self.spec.logical_id}-")
        runtimes.merge_layers(self.spec.layer_dirs, self._opt_dir)
        command, env, self.described = runtimes.bootstrap(self.spec, self._opt_dir, self.endpoint_url)
        rie_api_port, self._invoke_port = free_port(), free_port()
        self._rie_api = f"127.0.0.1:{rie_api_port}"
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._proxy_handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        proxy = f"127.0.0.1:{self._server.server_address[1]}"
        env["AWS_LAMBDA_FUNCTION_TIMEOUT"] = str(self.spec.timeout_s + int(INIT_LIMIT_S) + 5)
        # the RIE sets AWS_LAMBDA_RUNTIME_API to its own address; env(1) points the bootstrap at the proxy instead
        full = [runtimes.emulator_binary(), "--log-level", "error", "--runtime-api-address", self._rie_api,
                "--runtime-interface-emulator-address", f"127.0.0.1:{self._invoke_port}",
                "/usr/bin/env", f"AWS_LAMBDA_RUNTIME_API={proxy}",
                f"AWS_LAMBDA_FUNCTION_TIMEOUT={self.spec.timeout_s}", *command]
        self._say(f"local-invoke: {self.spec.logical_id} ({self.described}), MemorySize {self.spec.memory_mb} MB, "
                  f"Timeout {self.spec.timeout_s} s, layers: {len(self.spec.layer_dirs)}")
        self._process = subprocess.Popen(full, cwd=self.spec.code_dir, env=env, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                         # the death signal follows the forking THREAD: main thread only
                                         preexec_fn=_die_with_parent
                                         if threading.current_thread() is threading.main_thread() else None)
        for stream in (self._process.stdout, self._process.stderr):
            threading.Thread(target=self._pump, args=(stream,), daemon=True).start()
        self._wait_for_rie()

    def stop(self) -> None:
        self._stopping = True  # the runtime's last long poll fails as it dies: not worth a log line
        if self._process and self._process.poll() is None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._process.wait(timeout=10)
        self._process = None
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._opt_dir:
            shutil.rmtree(self._opt_dir, ignore_errors=True)
            self._opt_dir = ""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _wait_for_rie(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the Runtime Interface Emulator exited with status {self._process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self._invoke_port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the Runtime Interface Emulator did not start listening within 10 s")

    # ---- invoke ----
    def invoke(self, payload: bytes) -> Result:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self.stop()
                self.start()
            invocation = _Invocation()
            self._current = invocation
            sent = time.monotonic()
            if self._init_pending:
                self._init_started = sent
            killed = threading.Event()
            watchdog = threading.Thread(target=self._watch, args=(invocation, sent, killed), daemon=True)
            watchdog.start()
            connection = http.client.HTTPConnection("127.0.0.1", self._invoke_port,
                                                    timeout=self.spec.timeout_s + INIT_LIMIT_S + 30)
            try:
                connection.request("POST", "/2015-03-31/functions/function/invocations", body=payload,
                                   headers={"Content-Type": "application/json"})
                body = connection.getresponse().read()
            except (socket.timeout, OSError, http.client.HTTPException) as e:
                body = f"the emulator did not answer: {e}".encode()
            finally:
                connection.close()
                invocation.done.set()
                watchdog.join()
            if killed.is_set() or (invocation.outcome is None and body.startswith(b"Task timed out after")):
                return self._timed_out(invocation)
            if invocation.outcome is None:
                # the runtime died before answering (init failure, exit): the RIE answers with its own error
                self.stop()
                return Result("error", body, invocation.request_id, "Runtime.ExitError", invocation.init_ms)
            status = "ok" if invocation.outcome == "response" else "error"
            invocation.reported.wait(2)  # the RIE's END/REPORT lines come after its answer; keep logs in order
            return Result(status, body, invocation.request_id, invocation.error_type, invocation.init_ms,
                          invocation.duration_ms, invocation.max_memory_mb)

    def _watch(self, invocation: _Invocation, sent: float, killed: threading.Event) -> None:
        """Ends the environment when the handler passes its Timeout (or the init its limit)."""
        while not invocation.done.wait(0.02):
            now = time.monotonic()
            started = invocation.started
            over = (started is not None and now - started > self.spec.timeout_s) or (
                started is None and now - sent > INIT_LIMIT_S + self.spec.timeout_s)
            if over:
                killed.set()
                self._kill_runtime()
                return

    def _kill_runtime(self):
        self._stopping = True
        if self._process and self._process.poll() is None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _timed_out(self, invocation: _Invocation) -> Result:
        self.stop()
        self._stopping = False
        request_id = invocation.request_id or "-"
        if invocation.started is None:
            message = f"Init did not finish within {INIT_LIMIT_S + self.spec.timeout_s:.2f} seconds"
        else:
            message = f"Task timed out after {self.spec.timeout_s:.2f} seconds"
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z"
        self._say(f"{stamp} {request_id} {message}")
        self._say(f"END RequestId: {request_id}")
        init = f"\tInit Duration: {invocation.init_ms:.2f} ms" if invocation.init_ms is not None else ""
        self._say(f"REPORT RequestId: {request_id}\tDuration: {self.spec.timeout_s * 1000:.2f} ms\t"
                  f"Billed Duration: {self.spec.timeout_s * 1000} ms\tMemory Size: {self.spec.memory_mb} MB"
                  f"{init}\tStatus: timeout")
        body = json.dumps({"errorMessage": f"{stamp} {request_id} {message}", "errorType": "Sandbox.Timedout"})
        return Result("timeout", body.encode(), invocation.request_id, "Sandbox.Timedout", invocation.init_ms,
                      self.spec.timeout_s * 1000.0)

    # ---- the observing Runtime API proxy ----
    def _proxy_handler(self):
        env = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out as separate writes: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_GET(self):
                self._forward("GET")

            def do_POST(self):
                self._forward("POST")

            def _forward(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path
                if method == "GET" and path.endswith("/runtime/restore/next"):
                    # SnapStart init (LOCAL_INVOKE_INIT_TYPE=snap-start): the runtime ran its beforeCheckpoint
                    # hooks and waits to be restored; the emulator has no snapshots, so "restore" at once
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if method == "GET" and path.endswith("/runtime/invocation/next"):
                    env._on_next()
                elif method == "POST" and path.endswith("/response"):
                    env._on_result("response", "")
                elif method == "POST" and path.endswith("/error") and "/invocation/" in path:
                    env._on_result("error", self.headers.get("Lambda-Runtime-Function-Error-Type", ""))
                upstream = http.client.HTTPConnection(env._rie_api, timeout=None)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                    upstream.request(method, path, body=body, headers=headers)
                    response = upstream.getresponse()
                    data = response.read()
                except OSError:
                    self.send_error(502)
                    return
                finally:
                    upstream.close()
                if method == "GET" and path.endswith("/runtime/invocation/next") and response.status == 200:
                    env._on_delivered(response.getheader("Lambda-Runtime-Aws-Request-Id", ""))
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() == "lambda-runtime-deadline-ms":
                        # the RIE's deadline counts its backstop timer; the handler's is its Timeout from now
                        value = str(int(time.time() * 1000) + env.spec.timeout_s * 1000)
                    if key.lower() not in ("content-length", "connection", "transfer-encoding", "date"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _on_next(self):
        if self._init_pending:
            started = self._init_started or time.monotonic()
            self._init_ms = (time.monotonic() - started) * 1000
            self._init_pending = False

    def _on_delivered(self, request_id):
        invocation = self._current or _Invocation()
        invocation.request_id = request_id
        invocation.started = time.monotonic()
        invocation.init_ms, self._init_ms = self._init_ms, None
        self._by_id[request_id] = invocation

    def _on_result(self, outcome, error_type):
        invocation = self._current
        if invocation is None or invocation.started is None:
            return
        invocation.ended = time.monotonic()
        invocation.duration_ms = (invocation.ended - invocation.started) * 1000
        invocation.outcome = outcome
        invocation.error_type = error_type
        invocation.max_memory_mb = self._max_memory_mb()
        invocation.done.set()

    def _max_memory_mb(self) -> Optional[int]:
        """Peak resident memory (VmHWM) of the runtime's processes: what Lambda reports as Max Memory Used."""
        if not self._process:
            return None
        children: Dict[int, list] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
        total_kb, stack = 0, list(children.get(self._process.pid, []))
        while stack:
            pid = stack.pop()
            stack.extend(children.get(pid, []))
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            total_kb += int(line.split()[1])
            except OSError:
                continue
        return math.ceil(total_kb / 1024) if total_kb else None

    # ---- logs: the RIE's output to our stderr, its REPORT line replaced by the measured one ----
    def _pump(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("REPORT RequestId: "):
                line = self._report_line(line.split()[2])
            self._say(line)

    def _report_line(self, request_id: str) -> str:
        invocation = self._by_id.get(request_id)
        if invocation:
            invocation.done.wait(2)
        if not invocation or invocation.duration_ms is None:
            duration = self.spec.timeout_s * 1000.0 if invocation and invocation.ended is None else 0.0
            parts = [f"Duration: {duration:.2f} ms"]
        else:
            duration = invocation.duration_ms
            parts = [f"Duration: {duration:.2f} ms"]
        init = invocation.init_ms if invocation else None
        # Lambda bills the init phase of managed runtimes too (since August 2025)
        billed = math.ceil(duration + (init or 0))
        parts += [f"Billed Duration: {billed} ms", f"Memory Size: {self.spec.memory_mb} MB"]
        if invocation and invocation.max_memory_mb:
            parts.append(f"Max Memory Used: {invocation.max_memory_mb} MB")
        if init is not None:
            parts.append(f"Init Duration: {init:.2f} ms")
        if invocation:
            invocation.reported.set()
        return "REPORT RequestId: " + request_id + "\t" + "\t".join(parts) + "\t"

    def _say(self, line: str) -> None:
        if self._stopping:
            return
        with self._log_lock:
            self.log.write(line + "\n")
            self.log.flush()
