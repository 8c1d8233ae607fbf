"""The template's functions, run from the `sam build` artifacts by scripts/local-invoke's warm pools.

Configuration comes from local-invoke's Template (SAM CLI's own resolution of the built template), with the
environment variables the sandbox resolved against the resources it created (a Ref is the real local name, not
the logical id). Synchronous invokes (Step Functions tasks, the edge, the API, `aws lambda invoke`) and
asynchronous ones (S3 notifications) are recorded in .sandbox/invocations.jsonl for `status`.
"""

import json
import os
import queue
import threading
import time
import uuid
from typing import Callable, Dict, Optional

from resources import Deployed, Function
from server import Pool, function_key
from template import Template

# Lambda retries a failed asynchronous event after about 1 and 2 minutes; locally the waits are short
ASYNC_RETRY_DELAYS_S = (1.0, 2.0)
# one warm environment per function: a JVM each, on a small machine; Map iterations of a function queue up
ENVIRONMENTS_PER_FUNCTION = int(os.environ.get("SANDBOX_ENVIRONMENTS_PER_FUNCTION", "1"))


class Functions:
    def __init__(self, deployed: Deployed, build_template: str, endpoint_url: str, state_dir: str,
                 sqs_client: Callable[[], object], say: Callable[[str], None]):
        self.deployed = deployed
        self.state_dir = state_dir
        self.say = say
        self._sqs = sqs_client
        self._write_lock = threading.Lock()
        self._pool_lock = threading.Lock()
        # filled as functions are created (a custom resource runs before the later ones exist); SAM CLI's runner
        # keeps this dict and reads it when a spec is asked for. "Parameters" (global overrides) stays empty.
        self._env_vars: Dict[str, dict] = {"Parameters": {}}
        self._template = Template(build_template, {}, self._env_vars, "us-east-1")
        self.endpoint_url = endpoint_url
        os.makedirs(os.path.join(state_dir, "logs"), exist_ok=True)
        self._logs = []
        self.pools: Dict[str, Pool] = {}
        self._queues: Dict[str, queue.Queue] = {}

    def known(self, name_or_arn: str) -> bool:
        return self.deployed.function_by_name(function_key(name_or_arn)) is not None

    def _function(self, name_or_arn: str) -> Function:
        function = self.deployed.function_by_name(function_key(name_or_arn))
        if function is None:
            raise KeyError(f"no function {name_or_arn} in the template")
        return function

    def _pool(self, function: Function) -> Pool:
        with self._pool_lock:
            pool = self.pools.get(function.logical_id)
            if pool is None:
                self._env_vars[function.logical_id] = dict(function.environment)
                spec = self._template.spec(function.logical_id)
                log = open(os.path.join(self.state_dir, "logs", f"{function.logical_id}.log"), "a", buffering=1)
                self._logs.append(log)
                pool = self.pools[function.logical_id] = Pool(
                    spec, self.endpoint_url, max_environments=ENVIRONMENTS_PER_FUNCTION, log=log)
            return pool

    def invoke(self, name_or_arn: str, payload: bytes, source: str):
        """Synchronous invoke (RequestResponse); returns local-invoke's Result."""
        function = self._function(name_or_arn)
        started = time.time()
        result = self._pool(function).invoke(payload)
        self._record(function, source, started, result)
        return result

    def invoke_async(self, name_or_arn: str, payload: bytes, source: str) -> None:
        """Event invoke: queued per function, retried as EventInvokeConfig says, then sent to the failure queue."""
        function = self._function(name_or_arn)
        events = self._queues.get(function.logical_id)
        if events is None:
            events = self._queues[function.logical_id] = queue.Queue()
            threading.Thread(target=self._drain, args=(function, events), daemon=True).start()
        events.put((payload, source))

    def _drain(self, function: Function, events: queue.Queue) -> None:
        while True:
            payload, source = events.get()
            result = None
            for attempt in range(1 + function.async_retries):
                if attempt:
                    time.sleep(ASYNC_RETRY_DELAYS_S[min(attempt - 1, len(ASYNC_RETRY_DELAYS_S) - 1)])
                result = self.invoke(function.logical_id, payload,
                                     source if not attempt else f"{source} (retry {attempt})")
                if not result.failed:
                    break
            if result is not None and result.failed:
                self._on_failure(function, payload, result, 1 + function.async_retries)

    def _on_failure(self, function: Function, payload: bytes, result, attempts: int) -> None:
        self.say(f"{function.logical_id}: event failed after {attempts} attempts: "
                 f"{result.body.decode('utf-8', 'replace')[:200]}")
        if not function.on_failure:
            return
        queue_name = function.on_failure.rsplit(":", 1)[1]
        sqs = self._sqs()
        url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
        # the record Lambda sends to an on-failure destination
        record = {"version": "1.0", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                  "requestContext": {"requestId": result.request_id or str(uuid.uuid4()),
                                     "functionArn": f"arn:aws:lambda:us-east-1:123456789012:function:"
                                                    f"{function.name}:$LATEST",
                                     "condition": "RetriesExhausted", "approximateInvokeCount": attempts},
                  "requestPayload": json.loads(payload or b"{}"),
                  "responseContext": {"statusCode": 200, "executedVersion": "$LATEST",
                                      "functionError": "Unhandled"},
                  "responsePayload": _json_or_text(result.body)}
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(record))

    def _record(self, function: Function, source: str, started: float, result) -> None:
        entry = {"time": time.strftime("%H:%M:%S", time.localtime(started)), "function": function.logical_id,
                 "source": source, "outcome": result.status, "durationMs": _round(result.duration_ms),
                 "initMs": _round(result.init_ms), "requestId": result.request_id}
        if result.failed:
            entry["error"] = result.error_type or "error"
        with self._write_lock, open(os.path.join(self.state_dir, "invocations.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    def stop(self) -> None:
        with self._pool_lock:
            pools = list(self.pools.values())
        # side by side: each environment's stop waits for its proxy server to shut down (up to half a second)
        stoppers = [threading.Thread(target=pool.stop) for pool in pools]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for log in self._logs:
            log.close()


def _round(value: Optional[float]):
    return None if value is None else round(value, 1)


def _json_or_text(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")
