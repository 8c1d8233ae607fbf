"""scripts/sandbox: the events it builds have the shapes AWS sends, the template resolves as CloudFormation
resolves it, and the whole suite comes up, passes its demo and leaves nothing running (after the demo, and after
Ctrl-C to `up`).

The end-to-end tests run `scripts/sandbox` itself on the `sam build` artifacts (scripts/test.sh builds them first),
each with its own state folder, and watch every process it starts.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "tools", "local_invoke"))
sys.path.insert(0, os.path.join(ROOT, "tools", "sandbox"))

from gateway import api_gateway_event, origin_request_event  # noqa: E402
from resources import Creator  # noqa: E402
from server import function_key  # noqa: E402
from stack import NO_VALUE, Resolver, TemplateError, creation_order, translate_template  # noqa: E402
from triggers import matches, s3_event  # noqa: E402


def load(name):
    with open(os.path.join(ROOT, "events", name)) as f:
        return json.load(f)


def shape(value):
    """The keys of a JSON document, recursively (lists by their first element)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value and isinstance(value[0], (dict, list)) else []
    return None


# ---- events as AWS builds them ----
def test_s3_event_has_the_shape_of_a_real_notification_including_versionId():
    event = s3_event("bucket", "reports/q1 summary.txt", 12, '"abc"', "v-1", 7, "cfg")
    assert shape(event) == shape(load("s3-diff-checker-object-created.json"))
    obj = event["Records"][0]["s3"]["object"]
    assert obj["key"] == "reports/q1+summary.txt" and obj["versionId"] == "v-1" and obj["eTag"] == "abc"


def test_s3_event_of_an_unversioned_bucket_has_no_versionId():
    assert "versionId" not in s3_event("b", "k.csv", 1, "e", "null", 1, "c")["Records"][0]["s3"]["object"]


def test_notification_filters_match_prefix_and_suffix():
    config = {"event": "s3:ObjectCreated:*", "prefix": "input/", "suffix": ".csv"}
    assert matches(config, "input/a.csv")
    assert not matches(config, "input_archive/a.csv") and not matches(config, "input/a.txt")


def test_origin_request_event_has_cloudfronts_shape_and_the_origin_custom_headers():
    distribution = {"id": "E123", "config": {
        "DefaultCacheBehavior": {"TargetOriginId": "api"},
        "Origins": [{"Id": "api", "DomainName": "abc.execute-api.us-east-1.amazonaws.com", "OriginPath": "/v1",
                     "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"]},
                     "OriginCustomHeaders": [{"HeaderName": "x-router-version-header", "HeaderValue": "Accept"}]}]}}
    event = origin_request_event(distribution, "GET", "/hello", "a=1", [("Host", "127.0.0.1:8080"),
                                                                         ("Accept", "application/json")], "10.0.0.1")
    sample = load("edge-origin-request-v1-accept.json")
    request, expected = event["Records"][0]["cf"]["request"], sample["Records"][0]["cf"]["request"]
    assert set(event["Records"][0]["cf"]["config"]) == set(sample["Records"][0]["cf"]["config"])
    assert set(request) == set(expected) and set(request["origin"]["custom"]) == set(expected["origin"]["custom"])
    assert request["headers"]["host"] == [{"key": "Host", "value": "abc.execute-api.us-east-1.amazonaws.com"}]
    assert request["origin"]["custom"]["customHeaders"]["x-router-version-header"][0]["value"] == "Accept"


def test_api_gateway_event_has_the_rest_proxy_shape_with_stage_variables():
    event = api_gateway_event("abcdef1234", "v2", {"apiVersion": "v2"}, "GET", "/hello", "",
                              {"Accept": "application/vnd.example.v2+json"}, b"", "192.0.2.10", "/hello")
    sample = load("demo-api-hello-v2.json")
    assert set(event) == set(sample) and set(event["requestContext"]) == set(sample["requestContext"])
    assert event["stageVariables"] == {"apiVersion": "v2"} and event["requestContext"]["path"] == "/v2/hello"


def test_version_and_alias_arns_resolve_to_their_function():
    for arn in ["arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                "arn:aws:lambda:us-east-1:123456789012:function:my-fn:live",
                "arn:aws:lambda:us-east-1:123456789012:function:my-fn:7", "my-fn:live", "my-fn"]:
        assert function_key(arn) == "my-fn"


# ---- template resolution ----
TEMPLATE = {
    "Parameters": {"Suffixes": {"Type": "CommaDelimitedList", "Default": ".txt,.md"},
                   "Email": {"Type": "String", "Default": ""}},
    "Conditions": {"HasEmail": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Email"}, ""]}]}},
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
        "Topic": {"Type": "AWS::SNS::Topic", "DependsOn": "Queue", "Properties": {}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {
            "TOPIC": {"Ref": "Topic"}, "QUEUE_ARN": {"Fn::GetAtt": ["Queue", "Arn"]},
            "SECOND": {"Fn::Select": [1, {"Ref": "Suffixes"}]},
            "MAIL": {"Fn::If": ["HasEmail", {"Ref": "Email"}, {"Ref": "AWS::NoValue"}]},
            "NAME": {"Fn::Sub": "${AWS::StackName}-${Queue.QueueName}-${!Literal}"}}}}},
        "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmName": {"Ref": "Fn"}}},
        "AlarmQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::GetAtt": ["Alarm", "Arn"]}}},
    },
}


def test_resources_are_created_after_what_they_reference_or_depend_on():
    order = creation_order(TEMPLATE["Resources"])
    assert order.index("Queue") < order.index("Topic") < order.index("Fn") < order.index("Alarm")


def test_intrinsics_resolve_as_cloudformation_resolves_them():
    resolver = Resolver(TEMPLATE)
    resolver.created["Queue"] = {"Ref": "https://q/url", "Arn": "arn:aws:sqs:us-east-1:123456789012:q1",
                                 "QueueName": "q1"}
    resolver.created["Topic"] = {"Ref": "arn:aws:sns:us-east-1:123456789012:t"}
    variables = resolver.value(TEMPLATE["Resources"]["Fn"]["Properties"])["Environment"]["Variables"]
    assert variables == {"TOPIC": "arn:aws:sns:us-east-1:123456789012:t",
                         "QUEUE_ARN": "arn:aws:sqs:us-east-1:123456789012:q1", "SECOND": ".md",
                         "NAME": "serverless-java-suite-q1-${Literal}"}
    assert resolver.value({"Ref": "AWS::NoValue"}) is NO_VALUE


def test_a_reference_to_nothing_stops_with_its_name():
    with pytest.raises(TemplateError, match="Missing"):
        Resolver(TEMPLATE).value({"Ref": "Missing"})


def test_an_unknown_resource_type_is_skipped_with_a_note_not_a_crash():
    class FakeClient:
        def create_queue(self, **kwargs):
            return {"QueueUrl": "http://q"}

        def create_topic(self, **kwargs):
            return {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"}

    creator = Creator(lambda service: FakeClient(), lambda *a: {}, lambda line: None)
    deployed = creator.create_all(TEMPLATE, Resolver(TEMPLATE))
    assert deployed.resources["Alarm"]["physical"] == "(skipped)"
    assert any("AWS::CloudWatch::Alarm Alarm: not emulated" in note for note in deployed.notes)
    assert deployed.functions["Fn"].environment["TOPIC"] == "arn:aws:sns:us-east-1:123456789012:t"
    assert deployed.resources["AlarmQueue"]["physical"] == "http://q"  # what refers to a skipped resource is made


def test_the_real_template_translates_and_every_reference_resolves_in_order():
    template = translate_template()
    order = creation_order(template["Resources"])
    assert set(order) == set(template["Resources"])
    assert "EdgeVersionMappings" in order and "AWS::StepFunctions::StateMachine" in {
        r["Type"] for r in template["Resources"].values()}


# ---- end to end: scripts/sandbox itself ----
def descendants(root_pid):
    """(pid, start time) of every live process below root_pid."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append((int(entry), fields[19]))
            except (OSError, IndexError):
                continue
    found, stack = set(), [root_pid]
    while stack:
        for pid, started in children.get(stack.pop(), []):
            found.add((pid, started))
            stack.append(pid)
    return found


def still_running(processes):
    alive = []
    for pid, started in processes:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if fields[19] == started and fields[0] != "Z":
                alive.append(pid)
        except OSError:
            continue
    return alive


class Watched:
    """scripts/sandbox in a subprocess: its output collected, its process tree sampled while it runs."""

    def __init__(self, state_dir, *args):
        env = dict(os.environ, SANDBOX_STATE_DIR=str(state_dir))
        self.process = subprocess.Popen([os.path.join(ROOT, "scripts", "sandbox"), *args], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines, self.seen = [], set()
        self._done = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._sample, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            sys.stdout.write(line)
        self._done.set()

    def _sample(self):
        while self.process.poll() is None:
            self.seen |= descendants(self.process.pid)
            time.sleep(0.2)

    def wait_for(self, text, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"scripts/sandbox did not print {text!r}:\n{''.join(self.lines)[-4000:]}")

    def finish(self, timeout_s):
        status = self.process.wait(timeout_s)
        self._done.wait(10)
        return status


def sandbox(state_dir, *args, timeout_s=600):
    return subprocess.run([os.path.join(ROOT, "scripts", "sandbox"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout_s, env=dict(os.environ, SANDBOX_STATE_DIR=str(state_dir)))


def test_up_then_demo_passes_every_scenario_and_ctrl_c_leaves_nothing_running(tmp_path):
    """One `up` for the whole check (a start costs a minute of cold JVMs here): a second `up` refuses, `demo`
    passes every scenario, `status` lists what ran, and Ctrl-C stops every process the sandbox ever started."""
    run = Watched(tmp_path, "up", "--no-build")
    try:
        run.wait_for("Ctrl-C stops everything.", 300)
        second = sandbox(tmp_path, "up", "--no-build", timeout_s=120)
        assert second.returncode == 1 and "already running" in second.stderr, second.stderr
        demo = sandbox(tmp_path, "demo")
        sys.stdout.write(demo.stdout + demo.stderr)
        assert demo.returncode == 0, demo.stdout[-6000:] + demo.stderr
        assert demo.stdout.count("demo: PASS") == 4, demo.stdout[-6000:]
        status = sandbox(tmp_path, "status", "--last", "100", timeout_s=120)
        for expected in ("HelloFunction", "BatchChunkFunction", "DiffCheckerFunction", "SUCCEEDED", " ok"):
            assert expected in status.stdout, status.stdout
        time.sleep(0.5)
        assert len(run.seen) >= 10, f"expected moto, emulators and runtimes below `up`, saw {run.seen}"
    finally:
        run.process.send_signal(signal.SIGINT)
        exit_status = run.finish(120)
    assert exit_status == 0, "".join(run.lines)[-4000:]
    time.sleep(0.5)
    assert still_running(run.seen) == [], f"left running after Ctrl-C: {still_running(run.seen)}"
    assert not (tmp_path / "state.json").exists()
    assert sandbox(tmp_path, "demo", timeout_s=60).returncode == 2  # nothing to run against any more


def test_an_event_that_keeps_failing_goes_to_the_on_failure_queue_in_lambdas_record_shape(tmp_path):
    from emulator import Result
    from functions import Functions
    from resources import Function

    class FakeSqs:
        sent = []

        def get_queue_url(self, QueueName):
            return {"QueueUrl": f"http://sqs/{QueueName}"}

        def send_message(self, QueueUrl, MessageBody):
            self.sent.append((QueueUrl, json.loads(MessageBody)))

    functions = Functions.__new__(Functions)  # no build needed for the failure path
    sqs = FakeSqs()
    functions._sqs, functions.say = (lambda: sqs), (lambda line: None)
    function = Function("DiffCheckerFunction", "suite-DiffChecker-ABC", {}, 2,
                        "arn:aws:sqs:us-east-1:123456789012:suite-dlq")
    functions._on_failure(function, b'{"Records": []}', Result("error", b'{"errorType": "Boom"}', "req-1"), 3)
    url, record = sqs.sent[0]
    assert url == "http://sqs/suite-dlq"
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestPayload"] == {"Records": []} and record["responsePayload"] == {"errorType": "Boom"}
