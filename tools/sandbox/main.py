"""scripts/sandbox: the whole suite on a local AWS endpoint, wired as template.yaml wires it.

  sandbox up [--demo] [--no-build] [--edge-port 8080] [--aws-port 5000] [--lambda-port 3001]
  sandbox demo       one scenario per system against the running sandbox (exit 1 names the failed systems)
  sandbox status     resources, recent invocations and runs of the running (or last) sandbox

State lives in .sandbox/ (git-ignored): the lock of the running `up`, state.json (endpoints, names), the
invocation and notification logs and one log file per function.
"""

import argparse
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "local_invoke"))
sys.path.insert(0, HERE)

STATE_DIR = os.environ.get("SANDBOX_STATE_DIR", os.path.join(ROOT, ".sandbox"))
BUILD_TEMPLATE = os.path.join(ROOT, ".aws-sam", "build", "template.yaml")
MOTO_LAUNCHER = os.path.join(ROOT, "test-support", "src", "main", "resources", "moto_server_sfn.py")
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "us-east-1",
               "AWS_REGION": "us-east-1"}


class Progress:
    def __init__(self):
        self.started = time.monotonic()
        self._lock = threading.Lock()

    def say(self, line: str) -> None:
        with self._lock:
            print(f"[{time.monotonic() - self.started:6.1f}s] {line}", flush=True)

    def step(self, what: str):
        progress = self

        class Step:
            def __enter__(self):
                self.began = time.monotonic()
                return self

            def __exit__(self, kind, error, trace):
                took = time.monotonic() - self.began
                progress.say(f"{what}: {'done' if kind is None else 'FAILED'} ({took:.1f} s)")

        return Step()


def shown(path: str) -> str:
    """A path as the user types it: relative inside the repository, absolute elsewhere."""
    return os.path.relpath(path, ROOT) if os.path.abspath(path).startswith(ROOT + os.sep) else path


def summarize_notes(notes):
    """One line per kind of note ("AWS::IAM::Role x20: created, not enforced ..."), not one per resource."""
    grouped = {}
    for note in notes:
        head, _, text = note.partition(": ")
        kind = head.split(" ", 1)[0]
        for part in text.split("; "):
            grouped.setdefault((kind, part), []).append(head.split(" ", 1)[1] if " " in head else head)
    lines = []
    for (kind, text), ids in grouped.items():
        who = ids[0] if len(ids) == 1 else f"{len(ids)} resources"
        lines.append(f"{kind} ({who}): {text}")
    return lines


def free_port(preferred: int = 0) -> int:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
        except OSError:
            s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_state():
    try:
        with open(os.path.join(STATE_DIR, "state.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def running_pid():
    """The pid of the `up` holding the lock, or None."""
    try:
        with open(os.path.join(STATE_DIR, "lock"), "r+") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return int(f.read().strip() or 0) or -1
            fcntl.flock(f, fcntl.LOCK_UN)
    except OSError:
        pass
    return None


class Sandbox:
    def __init__(self, args, progress: Progress):
        self.args = args
        self.progress = progress
        self.say = progress.say
        self.moto = None
        self.lambda_endpoint = None
        self.edge = None
        self.functions = None
        self.watcher = None
        self.listener = None
        self.session = None
        self.state = {}

    # ---- start-up ----
    def start(self) -> None:
        os.environ.update(CREDENTIALS)
        os.environ.setdefault("SAM_CLI_TELEMETRY", "0")
        os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
        os.environ.pop("AWS_ENDPOINT_URL", None)
        self._check_build()
        moto_port = free_port(self.args.aws_port)
        with self.progress.step("Lambda endpoint (Invoke API for the local functions)"):
            from gateway import LambdaEndpoint

            self.lambda_endpoint = LambdaEndpoint(moto_port, free_port(self.args.lambda_port))
        with self.progress.step(f"moto_server on 127.0.0.1:{moto_port} (Step Functions interpreter on)"):
            self._start_moto(moto_port)
        import boto3

        self.session = boto3.session.Session(region_name="us-east-1")
        aws = f"http://127.0.0.1:{moto_port}"
        client = lambda service: self.session.client(service, endpoint_url=aws)  # noqa: E731
        with self.progress.step("translate template.yaml (aws-sam-translator)"):
            from stack import Resolver, translate_template

            template = translate_template()
            resolver = Resolver(template)
        from functions import Functions
        from resources import Creator

        creator = Creator(client, self._custom_resource, self.say)
        self.functions = Functions(creator.deployed, BUILD_TEMPLATE, aws, STATE_DIR, lambda: client("sqs"), self.say)
        self.lambda_endpoint.functions = self.functions
        with self.progress.step(f"create {len(template['Resources'])} resources of the translated template"):
            deployed = creator.create_all(template, resolver)
        for line in summarize_notes(deployed.notes):
            self.say(f"  {line}")
        self.deployed = deployed
        if "BatchReferenceTableName" in deployed.outputs:
            with self.progress.step("load the sample reference data into the reference table"):
                self._load_reference(client("dynamodb"), deployed.outputs["BatchReferenceTableName"])
        from triggers import NotificationListener, S3Watcher

        with self.progress.step(f"S3 notifications ({len(deployed.notifications)} configurations) and SNS "
                                f"subscription"):
            self.watcher = S3Watcher(client("s3"), deployed.notifications, self.functions.invoke_async, self.say)
            self.watcher.poll_once()  # what exists now is not new
            self.watcher.start()
            self.listener = NotificationListener(client("sns"), client("sqs"), deployed.topics,
                                                 os.path.join(STATE_DIR, "notifications.jsonl"), self.say)
            self.listener.start()
        with self.progress.step("edge endpoint (CloudFront + origin-request function + API Gateway)"):
            from gateway import EdgeEndpoint

            self.edge = EdgeEndpoint(deployed, self.functions, free_port(self.args.edge_port))
        self.state = {
            "pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S"), "stateDir": STATE_DIR,
            "endpoints": {"aws": aws, "lambda": self.lambda_endpoint.url(), "edge": self.edge.url()},
            "outputs": deployed.outputs, "resources": deployed.resources,
            "stateMachines": deployed.state_machines, "notes": deployed.notes,
            "archiveFolder": resolver.parameters.get("InputArchiveFolder", "input_archive"),
            "functions": {f.logical_id: f.name for f in deployed.functions.values()},
            "ports": [moto_port, self.lambda_endpoint.port, self.edge.port],
        }
        with open(os.path.join(STATE_DIR, "state.json"), "w") as f:
            json.dump(self.state, f, indent=1)
        self.say(f"sandbox up in {time.monotonic() - self.progress.started:.1f} s")

    def _check_build(self) -> None:
        import cli as local_invoke_cli
        from template import Template, UsageError

        reason = ""
        with self.progress.step("check the sam build artifacts (.aws-sam/build) against the sources"):
            try:
                template = Template(BUILD_TEMPLATE, {}, {}, "us-east-1")
                for logical_id in template.function_ids():
                    local_invoke_cli.check_build(template, template.spec(logical_id), BUILD_TEMPLATE)
            except UsageError as e:
                reason = str(e)
        if not reason:
            return
        if self.args.no_build:
            raise SystemExit(f"sandbox: {reason}")
        self.say(f"the build is missing or stale ({reason.split(':')[0]}): running sam build")
        with self.progress.step("sam build (every function and the layer)"):
            subprocess.run([os.path.join(ROOT, ".venv", "bin", "sam"), "build"], cwd=ROOT, check=True,
                           stdout=open(os.path.join(STATE_DIR, "sam-build.log"), "w"), stderr=subprocess.STDOUT)
        if not os.path.exists(os.path.join(ROOT, "local-runtime", "target", "runtime-interface-client")):
            subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-ntp", "-pl", "local-runtime", "package"],
                           cwd=ROOT, check=True)

    def _start_moto(self, port: int) -> None:
        env = dict(os.environ, MOTO_PORT=str(self.lambda_endpoint.port))
        log = open(os.path.join(STATE_DIR, "moto.log"), "w")
        self.moto = subprocess.Popen([PYTHON, MOTO_LAUNCHER, "-H", "127.0.0.1", "-p", str(port)], cwd=ROOT, env=env,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if self.moto.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"sandbox: moto_server did not start (see {STATE_DIR}/moto.log)")
                time.sleep(0.1)
        import urllib.request

        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/moto-api/config", method="POST",
            data=json.dumps({"stepfunctions": {"execute_state_machine": True},
                             "lambda": {"use_docker": False}}).encode())
        urllib.request.urlopen(request, timeout=30).read()

    def _custom_resource(self, logical_id: str, kind: str, properties: dict) -> dict:
        """CloudFormation's Create call: the ServiceToken function gets the event and PUTs its answer back."""
        response_url = self.lambda_endpoint.response_url()
        event = {"RequestType": "Create", "ServiceToken": properties["ServiceToken"], "ResponseURL": response_url,
                 "StackId": f"arn:aws:cloudformation:us-east-1:123456789012:stack/serverless-java-suite/{uuid.uuid4()}",
                 "RequestId": str(uuid.uuid4()), "ResourceType": kind, "LogicalResourceId": logical_id,
                 "ResourceProperties": properties}
        result = self.functions.invoke(properties["ServiceToken"], json.dumps(event).encode(),
                                       f"CloudFormation {logical_id}")
        try:
            response = self.lambda_endpoint.await_response(response_url, 5 if result.failed else 30)
        except TimeoutError:
            from stack import TemplateError

            raise TemplateError(f"{logical_id}: the function sent no response "
                                f"({result.status}: {result.body.decode('utf-8', 'replace')[:300]})")
        if response.get("Status") != "SUCCESS":
            from stack import TemplateError

            raise TemplateError(f"{logical_id}: FAILED: {response.get('Reason')}")
        return response

    @staticmethod
    def _load_reference(dynamodb, table: str) -> None:
        """The sample reference data, so an uploaded CSV is enriched (the README's load-reference.sh step)."""
        import csv
        from decimal import Decimal

        path = os.path.join(ROOT, "batch-orchestrator", "sample-data", "reference-sample.csv")
        with open(path) as f:
            for row in csv.DictReader(f):
                dynamodb.put_item(TableName=table, Item={
                    name: ({"S": value.strip().lower()} if name == "uuid" else {"N": str(Decimal(value.strip()))})
                    for name, value in row.items()})

    # ---- what to try ----
    def print_guide(self) -> None:
        o, e = self.state["outputs"], self.state["endpoints"]
        aws = f".venv/bin/aws --endpoint-url {e['aws']}"
        lines = ["", "The suite is running locally. Try (credentials: any, e.g. export AWS_ACCESS_KEY_ID=local "
                     "AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1):", ""]
        if "EdgeHelloUrl" in o:
            lines += ["# versioned API through the edge (CloudFront + Lambda@Edge + API Gateway, played locally)",
                      f"curl -s -H 'Accept: application/vnd.example.v2+json' {e['edge']}/hello",
                      f"curl -s -H 'Accept: application/vnd.example.v1+json' {e['edge']}/hello",
                      f"curl -s -i {e['edge']}/hello                  # 403 from the edge: no version", ""]
        if "DiffCheckerBucketName" in o:
            lines += ["# S3 diff checker: upload two versions of a watched file, read the report",
                      "printf 'a\\nb\\n' > notes.txt && " + f"{aws} s3 cp notes.txt s3://{o['DiffCheckerBucketName']}/docs/notes.txt",
                      "printf 'a\\nc\\n' > notes.txt && " + f"{aws} s3 cp notes.txt s3://{o['DiffCheckerBucketName']}/docs/notes.txt",
                      f"{aws} s3 ls --recursive s3://{o['DiffCheckerReportBucketName']}/_diffs/", ""]
        if "BatchBucketName" in o:
            lines += ["# batch: a CSV in input/ runs the state machines; output, errors, notification",
                      f"{aws} s3 cp batch-orchestrator/sample-data/sales-sample.csv s3://{o['BatchBucketName']}/input/sales.csv",
                      f"{aws} stepfunctions list-executions --state-machine-arn {o['BatchMainStateMachineArn']}",
                      f"{aws} s3 ls s3://{o['BatchBucketName']}/output/",
                      f"tail -f {shown(STATE_DIR)}/notifications.jsonl   # SNS messages", ""]
        if "SecretsEnvExampleFunctionName" in o:
            lines += ["# secrets layer: the example function reports the variables it received (names only)",
                      f".venv/bin/aws --endpoint-url {e['lambda']} lambda invoke --function-name "
                      f"{o['SecretsEnvExampleFunctionName']} /dev/stdout", ""]
        if "ForecastStateMachineArn" in o:
            lines += ["# forecast: the state machine exists, but moto has no Amazon Forecast: a run stops at its "
                      "first Forecast call", ""]
        lines += ["scripts/sandbox status     # resources, recent invocations, runs",
                  "scripts/sandbox demo       # one scenario per system",
                  f"function logs: {shown(STATE_DIR)}/logs/<LogicalId>.log", "",
                  "Ctrl-C stops everything."]
        print("\n".join(lines), flush=True)

    # ---- shut-down ----
    def stop(self) -> None:
        for part in (self.watcher, self.listener):
            if part:
                try:
                    part.stop()
                except Exception:
                    pass
        if self.edge:
            self.edge.stop()
        if self.functions:
            self.functions.stop()
        if self.lambda_endpoint:
            self.lambda_endpoint.stop()
        if self.moto and self.moto.poll() is None:
            try:
                os.killpg(self.moto.pid, signal.SIGTERM)
                self.moto.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.moto.pid, signal.SIGKILL)
                self.moto.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def cmd_up(args) -> int:
    os.makedirs(STATE_DIR, exist_ok=True)
    lock = open(os.path.join(STATE_DIR, "lock"), "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.seek(0)
        state = read_state() or {}
        print(f"sandbox: already running (pid {lock.read().strip() or '?'}, started {state.get('started', '?')}; "
              f"endpoints {json.dumps(state.get('endpoints', {}))}). Use `scripts/sandbox status` or "
              "`scripts/sandbox demo`, or stop it with Ctrl-C where it runs.", file=sys.stderr)
        return 1
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    for name in ("state.json", "invocations.jsonl", "notifications.jsonl"):
        try:
            os.remove(os.path.join(STATE_DIR, name))
        except FileNotFoundError:
            pass
    import shutil

    shutil.rmtree(os.path.join(STATE_DIR, "logs"), ignore_errors=True)
    # SIGINT explicitly too: a shell starts background jobs with SIGINT ignored, and Python then keeps it ignored
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _interrupt)
    progress = Progress()
    sandbox = Sandbox(args, progress)
    status = 0
    try:
        sandbox.start()
        if args.demo:
            from demo import Demo

            failed = Demo(sandbox.state, progress.say).run()
            if failed:
                progress.say(f"demo FAILED: {', '.join(failed)}")
                status = 1
            else:
                progress.say("demo: every system did what it should")
        else:
            sandbox.print_guide()
            signal.pause() if hasattr(signal, "pause") else threading.Event().wait()
    except KeyboardInterrupt:
        progress.say("stopping (interrupted)")
    except Exception as e:  # start-up failures name the step and resource; everything started is stopped below
        progress.say(f"sandbox: {type(e).__name__}: {e}")
        status = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sandbox.stop()
        try:
            os.remove(os.path.join(STATE_DIR, "state.json"))
        except FileNotFoundError:
            pass
        progress.say("stopped: nothing the sandbox started is running")
        lock.close()
    return status


def cmd_demo(args) -> int:
    state = read_state()
    if not running_pid() or not state:
        print("sandbox: no sandbox is running: start one with `scripts/sandbox up` (or run `scripts/sandbox up "
              "--demo`, which starts, runs the demo and stops)", file=sys.stderr)
        return 2
    os.environ.update(CREDENTIALS)
    from demo import Demo

    progress = Progress()
    failed = Demo(state, progress.say).run()
    if failed:
        progress.say(f"demo FAILED: {', '.join(failed)}")
        return 1
    progress.say("demo: every system did what it should")
    return 0


def cmd_status(args) -> int:
    pid = running_pid()
    state = read_state()
    if not pid or not state:
        print("sandbox: not running (start it with `scripts/sandbox up`)")
        return 0 if not args.strict else 1
    print(f"running: pid {pid}, since {state['started']}")
    for name, url in state["endpoints"].items():
        print(f"  {name:7} {url}")
    print("resources:")
    for logical_id, entry in state["resources"].items():
        note = f"  ({entry['note']})" if entry.get("note") else ""
        print(f"  {logical_id:40} {entry['type']:34} {entry['physical']}{note}")
    print("recent invocations (function, source, duration, outcome):")
    try:
        with open(os.path.join(STATE_DIR, "invocations.jsonl")) as f:
            lines = f.readlines()[-args.last:]
    except FileNotFoundError:
        lines = []
    for line in lines:
        entry = json.loads(line)
        init = f" + init {entry['initMs']} ms" if entry.get("initMs") else ""
        print(f"  {entry['time']} {entry['function']:32} {entry['source'][:40]:40} {entry['durationMs']} ms{init} "
              f"{entry['outcome']}{' ' + entry['error'] if entry.get('error') else ''}")
    if not lines:
        print("  (none yet)")
    os.environ.update(CREDENTIALS)
    import boto3

    sfn = boto3.client("stepfunctions", endpoint_url=state["endpoints"]["aws"], region_name="us-east-1")
    print("runs:")
    for logical_id, machine in state["stateMachines"].items():
        for execution in sfn.list_executions(stateMachineArn=machine)["executions"][:args.last]:
            print(f"  {logical_id:28} {execution['name'][:60]:60} {execution['status']}")
    return 0


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="scripts/sandbox", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start the whole suite locally; Ctrl-C stops it")
    up.add_argument("--demo", action="store_true", help="run the demo scenarios, then stop (exit 1 if one fails)")
    up.add_argument("--no-build", action="store_true", help="fail instead of running sam build when it is stale")
    up.add_argument("--edge-port", type=int, default=8080, help="CloudFront endpoint (default 8080, else free)")
    up.add_argument("--aws-port", type=int, default=5000, help="moto_server (default 5000, else a free port)")
    up.add_argument("--lambda-port", type=int, default=3001, help="Lambda Invoke API (default 3001, else free)")
    commands.add_parser("demo", help="one scenario per system against the running sandbox")
    status = commands.add_parser("status", help="resources, recent invocations and runs")
    status.add_argument("--last", type=int, default=15)
    status.add_argument("--strict", action="store_true", help="exit 1 when no sandbox runs")
    args = parser.parse_args(argv)
    return {"up": cmd_up, "demo": cmd_demo, "status": cmd_status}[args.command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
