"""Every sample event in events/ through scripts/local-invoke, against a moto_server this module starts.

Runs the artifacts of the last `sam build` (scripts/test.sh runs it first) the way Lambda runs them: each event is
one `scripts/local-invoke` process, so the command line, the template resolution, the emulator, the runtimes and
the layer are all under test. Each test creates the resources its events name and asserts the response and the
effect on the local AWS, not only the exit status. Ids that moto assigns (object version ids) replace the sample's
placeholders; nothing else in a sample is changed.
"""

import csv
import http.server
import json
import os
import signal
import socket
import subprocess
import threading
import time
from decimal import Decimal

import boto3
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EVENTS = os.path.join(ROOT, "events")
REGION = "us-east-1"
RUN_TIMEOUT_S = 240  # per process; nothing may hang the suite
EXERCISED = set()
# measurement runs (README table): LOCAL_INVOKE_MEASURE_WARM=5 LOCAL_INVOKE_MEASURE_OUT=file adds --warm 5 to every
# successful-path invoke and appends each function's cold/warm summary line to the file
MEASURE_WARM = int(os.environ.get("LOCAL_INVOKE_MEASURE_WARM", "0"))
MEASURE_OUT = os.environ.get("LOCAL_INVOKE_MEASURE_OUT", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint():
    port = free_port()
    process = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                os.killpg(process.pid, signal.SIGKILL)
                pytest.fail("moto_server did not start: the local AWS endpoint is required (run scripts/setup-tools.sh)")
            time.sleep(0.2)
    yield url
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def client(service, endpoint):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id="local",
                        aws_secret_access_key="local")


def sample(name):
    EXERCISED.add(name)
    with open(os.path.join(EVENTS, name)) as f:
        return json.load(f)


def invoke(function, event, tmp_path, endpoint, env_vars=None, extra=()):
    """scripts/local-invoke <function> -e <event>; returns (exit status, parsed stdout, stderr)."""
    event_file = tmp_path / f"{function}-event.json"
    event_file.write_text(json.dumps(event))
    command = [os.path.join(ROOT, "scripts", "local-invoke"), function, "-e", str(event_file),
               "--endpoint-url", endpoint, *extra]
    if MEASURE_WARM and not extra:
        command += ["--warm", str(MEASURE_WARM)]
    if env_vars:
        env_file = tmp_path / f"{function}-env.json"
        env_file.write_text(json.dumps(env_vars))
        command += ["--env-vars", str(env_file)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.terminate()  # SIGTERM: local-invoke kills its emulator and runtime before exiting
        stdout, stderr = process.communicate(timeout=30)
        pytest.fail(f"{function}: local-invoke did not finish within {RUN_TIMEOUT_S} s\n{stderr[-3000:]}")
    completed = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    out = completed.stdout.strip().split("\n")[0]
    if MEASURE_WARM and MEASURE_OUT and not extra:
        with open(MEASURE_OUT, "a") as f:
            f.writelines(line + "\n" for line in completed.stderr.splitlines() if " cold: Init Duration" in line)
    try:
        body = json.loads(out) if out else None
    except json.JSONDecodeError:
        body = out
    return completed.returncode, body, completed.stderr


def ok(result):
    status, body, stderr = result
    assert status == 0, f"exit {status}\n{stderr[-4000:]}"
    assert "REPORT RequestId:" in stderr and "Init Duration:" in stderr
    return body


# ---- demo-api ----
def test_hello_function_answers_v2(tmp_path, endpoint):
    # HelloFunction reads its origin-verify token from Secrets Manager at run time. In us-east-1 the template sets
    # SECRETS_ENV_SECRETS to ${EdgeOriginVerifySecret}#ORIGIN_VERIFY_TOKEN, which sam local leaves empty (no guard);
    # the override names a local secret holding the token the sample carries, so the guard and the read run
    client("secretsmanager", endpoint).create_secret(Name="origin-verify", SecretString="local-sample-token")
    env = {"HelloFunction": {"SECRETS_ENV_SECRETS": "origin-verify#ORIGIN_VERIFY_TOKEN"}}
    body = ok(invoke("HelloFunction", sample("demo-api-hello-v2.json"), tmp_path, endpoint, env_vars=env))
    assert body["statusCode"] == 200
    assert json.loads(body["body"])["apiVersion"] == "v2"
    # a secret holding another value: the same request is refused, so the value really came from the secret
    client("secretsmanager", endpoint).create_secret(Name="origin-verify-other", SecretString="another-token")
    env = {"HelloFunction": {"SECRETS_ENV_SECRETS": "origin-verify-other#ORIGIN_VERIFY_TOKEN"}}
    refused = ok(invoke("HelloFunction", sample("demo-api-hello-v2.json"), tmp_path, endpoint, env_vars=env))
    assert refused["statusCode"] == 403


# ---- secrets-env ----
def test_secrets_example_receives_the_secret_keys_through_the_layer(tmp_path, endpoint):
    # SECRETS_ENV_SECRETS is !Ref SecretsEnvExampleSecret, which resolves to the logical id locally
    client("secretsmanager", endpoint).create_secret(Name="SecretsEnvExampleSecret", SecretString=json.dumps(
        {"DB_USER": "app", "DB_HOST": "db.example.internal", "DB_PORT": 5432, "DB_PASSWORD": "p@ss word;$x"}))
    status, body, stderr = invoke("SecretsEnvExampleFunction", sample("secrets-env-example-report.json"), tmp_path,
                                  endpoint)
    assert status == 0, stderr[-4000:]
    assert body == {"wrapperRan": True, "exported": ["DB_HOST", "DB_PASSWORD", "DB_PORT", "DB_USER"],
                    "inProcess": ["DB_HOST", "DB_PASSWORD", "DB_PORT", "DB_USER"]}
    assert "p@ss word" not in stderr  # names, never values


# ---- s3-diff-checker ----
def _diff_buckets(s3, bucket, versioned=True):
    s3.create_bucket(Bucket=bucket)
    if versioned:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


@pytest.fixture(scope="module")
def report_bucket(endpoint):
    client("s3", endpoint).create_bucket(Bucket="diff-reports")
    return {"DiffCheckerFunction": {"REPORT_BUCKET": "diff-reports"}}


@pytest.mark.parametrize("name,key", [
    ("s3-diff-checker-object-created.json", "reports/q1 summary.txt"),
    ("s3-diff-checker-unicode-key.json", "teams/café über/deep/path/notes + plan ✓.md"),
])
def test_diff_checker_writes_a_report(name, key, tmp_path, endpoint, report_bucket):
    s3 = client("s3", endpoint)
    event = sample(name)
    bucket = event["Records"][0]["s3"]["bucket"]["name"]
    _diff_buckets(s3, bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=b"alpha\nbeta\n")
    version = s3.put_object(Bucket=bucket, Key=key, Body=b"alpha\nbeta changed\n")["VersionId"]
    event["Records"][0]["s3"]["object"]["versionId"] = version
    body = ok(invoke("DiffCheckerFunction", event, tmp_path, endpoint, report_bucket))
    report_key = f"_diffs/{key}/{version}.json"
    assert body == [f"REPORTED {report_key}"]
    report = json.loads(s3.get_object(Bucket="diff-reports", Key=report_key)["Body"].read())
    assert report["key"] == key and report["addedLines"] == 1 and report["removedLines"] == 1


def test_diff_checker_fails_for_an_unversioned_bucket(tmp_path, endpoint, report_bucket):
    s3 = client("s3", endpoint)
    event = sample("s3-diff-checker-unversioned-bucket.json")
    bucket = event["Records"][0]["s3"]["bucket"]["name"]
    _diff_buckets(s3, bucket, versioned=False)
    s3.put_object(Bucket=bucket, Key="notes/today.txt", Body=b"hello world\n")
    status, body, stderr = invoke("DiffCheckerFunction", event, tmp_path, endpoint, report_bucket)
    # an event without a version id cannot be diffed: the invocation fails (Lambda retries, then the DLQ)
    assert status == 1, stderr[-4000:]
    assert "versionId" in json.dumps(body) or "version" in json.dumps(body).lower()
    assert "returned an error" in stderr
    assert client("s3", endpoint).list_objects_v2(Bucket="diff-reports", Prefix="_diffs/notes/").get("KeyCount") == 0


# ---- edge-version-mappings (custom resource) ----
class _Responses(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _Responses.received.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_version_mappings_create_update_delete(tmp_path, endpoint):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Responses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dynamodb = client("dynamodb", endpoint)
    try:
        responses = []
        for name in ["edge-version-mappings-create.json", "edge-version-mappings-update.json",
                     "edge-version-mappings-delete.json"]:
            event = sample(name)
            table = event["ResourceProperties"]["TableName"]
            if name.endswith("create.json"):
                dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                      AttributeDefinitions=[{"AttributeName": "version", "AttributeType": "S"}],
                                      KeySchema=[{"AttributeName": "version", "KeyType": "HASH"}])
            # CloudFormation's presigned S3 URL stands in for a local receiver
            event["ResponseURL"] = f"http://127.0.0.1:{server.server_address[1]}/response?name={name}"
            ok(invoke("EdgeVersionMappingsFunction", event, tmp_path, endpoint))
            responses.append(_Responses.received[-1])
            versions = sorted(i["version"]["S"] for i in dynamodb.scan(TableName=table)["Items"]
                              if not i["version"]["S"].startswith("#"))
            if name.endswith("create.json"):
                assert versions == ["v1", "v2"]
            elif name.endswith("update.json"):
                assert versions == ["v2", "v3"]
            else:
                assert versions == []
        assert [r["Status"] for r in responses] == ["SUCCESS"] * 3
        assert {r["PhysicalResourceId"] for r in responses} == {"edge-version-mappings/" + table}
    finally:
        server.shutdown()


# ---- edge-origin-request (Node.js) ----
@pytest.mark.parametrize("name,expect", [
    ("edge-origin-request-v1-accept.json", ("route", "/v1")),
    ("edge-origin-request-v2-accept-params.json", ("route", "/v2")),
    ("edge-origin-request-custom-header.json", ("route", "/v2")),
    ("edge-origin-request-unknown-version.json", ("refused", "The requested API version does not exist.")),
    ("edge-origin-request-missing-header.json", ("refused", "The API version header is missing.")),
    # a CORS preflight carries no version: by default it goes to the first catalog version, whose CORS answers it
    ("edge-origin-request-cors-preflight.json", ("route", "/v1")),
])
def test_edge_origin_request(name, expect, tmp_path, endpoint):
    event = sample(name)
    request = event["Records"][0]["cf"]["request"]
    headers = request["origin"]["custom"]["customHeaders"]
    table = headers["x-router-version-table"][0]["value"]
    dynamodb = client("dynamodb", endpoint)
    if table not in dynamodb.list_tables()["TableNames"]:
        dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "version", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "version", "KeyType": "HASH"}])
        for version, api in [("v1", "abcdefgh12"), ("v2", "ijklmnop34")]:
            dynamodb.put_item(TableName=table, Item={
                "version": {"S": version}, "domain": {"S": f"{api}.execute-api.us-east-1.amazonaws.com"},
                "path": {"S": f"/{version}"}})
        # the catalog as the custom resource writes it (a list)
        dynamodb.put_item(TableName=table, Item={"version": {"S": "#catalog"},
                                                 "versions": {"L": [{"S": "v1"}, {"S": "v2"}]}})
    body = ok(invoke("EdgeOriginRequestFunction", event, tmp_path, endpoint))
    kind, value = expect
    if kind == "route":
        assert body["origin"]["custom"]["path"] == value
        # the router's configuration headers never reach the origin
        assert not [h for h in body["origin"]["custom"]["customHeaders"] if h.startswith("x-router-")]
    else:
        assert body["status"] == "403", body
        assert json.loads(body["body"])["message"] == value


# ---- forecast-workflow: the consolidator, the workflow's last step ----
def test_forecast_consolidator_merges_partitioned_exports(tmp_path, endpoint):
    event = sample("forecast-workflow-consolidate.json")
    bucket = "forecast-local-" + str(os.getpid())
    s3 = client("s3", endpoint)
    s3.create_bucket(Bucket=bucket)
    backtest, forecast = (e["prefix"] for e in event["exports"])
    header = "item_id,date,p10,p50,p90\n"
    # Forecast's part numbers are not zero-padded: part10 must come after part2
    parts = {
        forecast + "fc_export_2026-11-30T10-00-00Z_part2.csv": header + "client_2,2026-11-16 01:00:00,1.5,2.5,3.5\n",
        forecast + "fc_export_2026-11-30T10-00-00Z_part10.csv": header + "client_3,2026-11-16 00:00:00,0.5,1.0,1.5\n",
        forecast + "fc_export_2026-11-30T10-00-00Z_part1.csv": header + "client_1,2026-11-16 00:00:00,1.0,2.0,3.0\n",
        forecast + "_SUCCESS": "",
        backtest + "accuracy-metrics-values/bt_export_2026-11-30T09-00-00Z_part0.csv":
            "item_id,backtest_window,wQL[0.5],RMSE\nclient_1,Computed Average,0.12,3.4\n",
    }
    for key, body in parts.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode())

    body = ok(invoke("ForecastConsolidatorFunction", event, tmp_path, endpoint, {
        "ForecastConsolidatorFunction": {"RESULTS_BUCKET": bucket}}))

    tables = {t["table"]: t for t in body["tables"]}
    assert set(tables) == {"backtest-accuracy-metrics-values", "forecast"}, body
    assert tables["forecast"]["rows"] == 3 and tables["forecast"]["parts"] == 3
    written = s3.get_object(Bucket=bucket, Key=tables["forecast"]["key"])["Body"].read().decode()
    assert written.splitlines() == ["item_id,date,p10,p50,p90",
                                    "client_1,2026-11-16 00:00:00,1.0,2.0,3.0",
                                    "client_2,2026-11-16 01:00:00,1.5,2.5,3.5",
                                    "client_3,2026-11-16 00:00:00,0.5,1.0,1.5"]
    assert tables["backtest-accuracy-metrics-values"]["rows"] == 1


# ---- batch-orchestrator: the trigger, then every step in the order the state machines run them ----
def test_batch_trigger_starts_a_run(tmp_path, endpoint):
    sfn = client("stepfunctions", endpoint)
    # STATE_MACHINE_ARN resolves to <stack>-batch-main with the local stack name "local"
    sfn.create_state_machine(name="local-batch-main", roleArn="arn:aws:iam::123456789012:role/local",
                             definition=json.dumps({"StartAt": "Wait", "States": {"Wait": {"Type": "Pass",
                                                                                            "End": True}}}))
    event = sample("batch-orchestrator-input-created.json")
    s3 = client("s3", endpoint)
    bucket = event["Records"][0]["s3"]["bucket"]["name"]
    s3.create_bucket(Bucket=bucket)
    body = ok(invoke("BatchTriggerFunction", event, tmp_path, endpoint))
    executions = sfn.list_executions(
        stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:local-batch-main")["executions"]
    assert len(executions) == 1
    assert json.dumps(body).count(executions[0]["name"]) >= 1, body


def test_batch_steps_split_chunk_merge_archive_notify_and_failure(tmp_path, endpoint):
    s3, dynamodb, sns = client("s3", endpoint), client("dynamodb", endpoint), client("sns", endpoint)
    split_event = sample("batch-orchestrator-split.json")
    bucket, key, run_id = split_event["bucket"], split_event["key"], split_event["runId"]
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    with open(os.path.join(ROOT, "batch-orchestrator", "sample-data", "sales-sample.csv"), "rb") as f:
        version = s3.put_object(Bucket=bucket, Key=key, Body=f.read())["VersionId"]
    for table, keys in [("batch-reference", [("uuid", "S", "HASH")]),
                        ("batch-errors", [("runId", "S", "HASH"), ("rowNumber", "N", "RANGE")])]:
        dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t, _ in keys],
                              KeySchema=[{"AttributeName": n, "KeyType": k} for n, _, k in keys])
    with open(os.path.join(ROOT, "batch-orchestrator", "sample-data", "reference-sample.csv")) as f:
        for row in csv.DictReader(f):
            dynamodb.put_item(TableName="batch-reference", Item={
                name: ({"S": value.strip().lower()} if name == "uuid" else {"N": str(Decimal(value.strip()))})
                for name, value in row.items()})
    topic = sns.create_topic(Name="batch-notifications")["TopicArn"]
    env = {"BatchChunkFunction": {"REFERENCE_TABLE": "batch-reference", "ERROR_TABLE": "batch-errors"},
           "BatchMergeFunction": {"ERROR_TABLE": "batch-errors"},
           "BatchNotifyFunction": {"TOPIC_ARN": topic}}

    split_event["versionId"] = version
    split = ok(invoke("BatchSplitFunction", split_event, tmp_path, endpoint, env))
    assert split["inputRows"] == 10 and split["chunkCount"] == 1 and split["parts"] == [1], split

    chunk = ok(invoke("BatchChunkFunction", sample("batch-orchestrator-chunk.json"), tmp_path, endpoint, env))
    # the sample's 10 rows: 7 valid, 3 refused (see batch-orchestrator/sample-data)
    assert (chunk["part"], chunk["inputRows"], chunk["outputRows"], chunk["errorRows"]) == (1, 10, 7, 3), chunk

    merge_event = sample("batch-orchestrator-merge.json")
    merge_event["versionId"] = version
    summary = ok(invoke("BatchMergeFunction", merge_event, tmp_path, endpoint, env))
    assert (summary["inputRows"], summary["outputRows"], summary["errorRows"]) == (10, 7, 3), summary
    output = s3.get_object(Bucket=bucket, Key=summary["outputKey"])["Body"].read().decode()
    assert len(output.strip().splitlines()) == 1 + 7

    archive_event = sample("batch-orchestrator-archive.json")
    archive_event["versionId"] = version
    archived = ok(invoke("BatchArchiveFunction", archive_event, tmp_path, endpoint, env))
    assert archived["archiveKey"].startswith("input_archive/")
    s3.head_object(Bucket=bucket, Key=archived["archiveKey"])

    notify_event = sample("batch-orchestrator-notify.json")
    queue = client("sqs", endpoint).create_queue(QueueName="batch-notifications-probe")["QueueUrl"]
    queue_arn = client("sqs", endpoint).get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    notified = ok(invoke("BatchNotifyFunction", notify_event, tmp_path, endpoint, env))
    assert notified["messageId"]
    messages = client("sqs", endpoint).receive_message(QueueUrl=queue, WaitTimeSeconds=5).get("Messages", [])
    assert messages and run_id in messages[0]["Body"]
    client("sqs", endpoint).delete_message(QueueUrl=queue, ReceiptHandle=messages[0]["ReceiptHandle"])

    # the failure path of the same run: a chunk's child execution failed (throttled); the step removes the run's
    # error rows and notifies in plain words, with the chunk and row range read from the run's manifest
    failure_event = sample("batch-orchestrator-failure.json")
    failure_event["versionId"] = version
    env["BatchFailureFunction"] = {"TOPIC_ARN": topic, "ERROR_TABLE": "batch-errors"}
    failed = ok(invoke("BatchFailureFunction", failure_event, tmp_path, endpoint, env))
    assert failed["messageId"]
    messages = client("sqs", endpoint).receive_message(QueueUrl=queue, WaitTimeSeconds=5).get("Messages", [])
    text = json.loads(messages[0]["Body"])["Message"]
    assert "chunk 1 of 1, data rows 1-10" in text, text
    assert "ProvisionedThroughputExceededException: Throughput exceeds" in text and "stackTrace" not in text, text
    assert "the 3 error rows this run had recorded were removed" in text, text
    left = dynamodb.query(TableName="batch-errors", KeyConditionExpression="runId = :r",
                          ExpressionAttributeValues={":r": {"S": run_id}})["Items"]
    assert left == []


# ---- failures: clear message, non-zero exit, nothing hangs ----
def _template_with(tmp_path, function, **properties):
    """A copy of the built template with some properties of one function changed (CodeUri made absolute)."""
    from samcli.yamlhelper import yaml_dump, yaml_parse

    built = os.path.join(ROOT, ".aws-sam", "build")
    with open(os.path.join(built, "template.yaml")) as f:
        template = yaml_parse(f.read())
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        for field in ("CodeUri", "ContentUri"):
            if isinstance(props.get(field), str) and not os.path.isabs(props[field]):
                props[field] = os.path.join(built, props[field])
    template["Resources"][function]["Properties"].update(properties)
    path = tmp_path / "template.yaml"
    path.write_text(yaml_dump(template))
    return str(path)


def test_a_handler_that_does_not_exist_fails_clearly(tmp_path, endpoint):
    template = _template_with(tmp_path, "HelloFunction", Handler="com.example.serverless.demoapi.NoSuchHandler")
    started = time.monotonic()
    status, body, stderr = invoke("HelloFunction", {}, tmp_path, endpoint,
                                  extra=("--template", template, "--no-build-check"))
    assert status == 1
    assert "ClassNotFoundException" in json.dumps(body) and "NoSuchHandler" in stderr
    assert time.monotonic() - started < 120


def test_a_function_that_throws_fails_with_its_error(tmp_path, endpoint):
    # the diff checker throws when its report bucket does not exist (the invocation must fail, not swallow it)
    s3 = client("s3", endpoint)
    event = sample("s3-diff-checker-object-created.json")
    bucket = event["Records"][0]["s3"]["bucket"]["name"]
    if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        _diff_buckets(s3, bucket)
    s3.put_object(Bucket=bucket, Key="reports/throw.txt", Body=b"x\n")
    version = s3.put_object(Bucket=bucket, Key="reports/throw.txt", Body=b"y\n")["VersionId"]
    event["Records"][0]["s3"]["object"].update(key="reports/throw.txt", versionId=version)
    status, body, stderr = invoke("DiffCheckerFunction", event, tmp_path, endpoint,
                                  {"DiffCheckerFunction": {"REPORT_BUCKET": "no-such-report-bucket"}})
    assert status == 1, stderr[-3000:]
    assert body["errorType"] and "NoSuchBucket" in json.dumps(body), body
    assert "returned an error" in stderr


def test_a_function_past_its_timeout_is_ended(tmp_path, endpoint):
    # an endpoint that accepts connections and never answers keeps the SDK call (30 s read timeout) waiting past a
    # 5 s Timeout; the init (no network) has 10 s + Timeout, plenty even on a loaded machine
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    template = _template_with(tmp_path, "DiffCheckerFunction", Timeout=5)
    try:
        event = sample("s3-diff-checker-object-created.json")
        started = time.monotonic()
        status, body, stderr = invoke("DiffCheckerFunction", event, tmp_path,
                                      f"http://127.0.0.1:{silent.getsockname()[1]}",
                                      extra=("--template", template, "--no-build-check"))
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert status == 3, stderr[-3000:]
    assert "Task timed out after 5.00 seconds" in stderr and "timed out after its Timeout of 5 s" in stderr
    assert body["errorType"] == "Sandbox.Timedout"
    assert elapsed < 120


def test_a_handler_past_its_in_code_deadline_stops_with_the_deadline_error_and_flushes_its_metrics(tmp_path, endpoint):
    # --timeout 1: less time than the handler's safety margin (at least 1 s), so it stops at its first check, before
    # any work, with its own error (not Sandbox.Timedout) and its DeadlineExceeded metric printed as an EMF line
    status, body, stderr = invoke("HelloFunction", sample("demo-api-hello-v2.json"), tmp_path, endpoint,
                                  env_vars={"HelloFunction": {"POWERTOOLS_METRICS_NAMESPACE": "Local/Deadline"}},
                                  extra=("--timeout", "1"))
    assert status == 1, stderr[-3000:]
    assert body["errorType"] == "com.example.serverless.common.deadline.DeadlineExceededException", body
    assert body["errorMessage"].startswith("deadline exceeded: stopped at origin token"), body
    assert "Task timed out" not in stderr
    emf = [json.loads(line[line.index("{"):]) for line in stderr.splitlines() if '"_aws"' in line]
    assert len(emf) == 1, stderr[-3000:]
    directive = emf[0]["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "Local/Deadline"
    assert directive["Dimensions"] == [["Service", "Function"]]
    assert (emf[0]["Service"], emf[0]["Function"], emf[0]["DeadlineExceeded"]) == ("demo-api", "hello", 1.0)


# ---- start-lambda: the Invoke API on a local port (what a Step Functions emulator calls) ----
def test_start_lambda_answers_the_invoke_api_from_a_warm_environment(tmp_path, endpoint):
    port = free_port()
    log = tmp_path / "start-lambda.log"
    with open(log, "w") as stderr:
        process = subprocess.Popen(
            [os.path.join(ROOT, "scripts", "local-invoke"), "start-lambda", "HelloFunction", "--port", str(port),
             "--endpoint-url", endpoint], stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        from botocore.config import Config

        lam = boto3.client("lambda", endpoint_url=f"http://127.0.0.1:{port}", region_name=REGION,
                           aws_access_key_id="local", aws_secret_access_key="local",
                           config=Config(retries={"max_attempts": 1}, read_timeout=120))
        with open(os.path.join(EVENTS, "demo-api-hello-v2.json"), "rb") as f:
            event = f.read()
        first = lam.invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:HelloFunction", Payload=event)
        assert "FunctionError" not in first
        assert json.loads(json.loads(first["Payload"].read())["body"])["apiVersion"] == "v2"
        failed = lam.invoke(FunctionName="HelloFunction", Payload=b'"not an API Gateway event"')
        assert failed["FunctionError"] == "Unhandled" and json.loads(failed["Payload"].read())["errorMessage"]
        again = lam.invoke(FunctionName="HelloFunction", Payload=event)
        assert "FunctionError" not in again
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.invoke(FunctionName="NoSuchFunction", Payload=b"{}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    # one environment served all three: one init, three reports
    text = log.read_text()
    assert text.count("Init Duration:") == 1 and text.count("REPORT RequestId:") == 3, text[-3000:]


# ---- canary: the scheduled event, against a stand-in for the distribution ----
class _Route(http.server.BaseHTTPRequestHandler):
    """Answers as the deployed route does (demo-api's greeting per version, the edge's 403 for an unknown version);
    with `wrong_v2` set, v2 is answered by v1 (a wrong mapping). The real route (edge function + demo API) is run
    by the canary module's CanaryAgainstLocalEdgeIT; this checks the built artifact end to end."""
    wrong_v2 = False

    def do_GET(self):
        accept = self.headers.get("Accept", "")
        version = next((v for v in ("v1", "v2") if f".{v}+json" in accept), None)
        if version == "v2" and self.wrong_v2:
            version = "v1"
        status, body = (200, {"apiVersion": version}) if version else (
            403, {"message": "The requested API version does not exist."})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("wrong_v2", [False, True])
def test_canary_checks_the_route_and_emits_its_metrics(wrong_v2, tmp_path, endpoint):
    handler = type("Route", (_Route,), {"wrong_v2": wrong_v2})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # CANARY_BASE_URL is https://${EdgeDistribution.DomainName} in the template, which has no local value
        env = {"CanaryFunction": {"CANARY_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}"}}
        result = invoke("CanaryFunction", sample("canary-scheduled.json"), tmp_path, endpoint, env_vars=env)
    finally:
        server.shutdown()
    report = ok(result)
    checks = {c["name"]: c for c in report["checks"]}
    assert list(checks) == ["v1", "v2", "missing-version"]
    assert checks["missing-version"]["status"] == 403 and checks["missing-version"]["passed"]
    if wrong_v2:
        assert (report["passed"], report["failed"]) == (2, 1)
        assert checks["v2"]["problem"] == "expected apiVersion v2, got 'v1'"
    else:
        assert (report["passed"], report["failed"]) == (3, 0)
    # one EMF line per run, in the template's namespace (MetricsNamespace's default), one value per check
    emf = [json.loads(line[line.index("{"):]) for line in result[2].splitlines() if '"_aws"' in line]
    assert len(emf) == 1, result[2][-3000:]
    [directive] = emf[0]["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "ServerlessJavaSuite"
    assert directive["Dimensions"] == [["Service", "Function"]]
    assert (emf[0]["Service"], emf[0]["Function"]) == ("canary", "canary")
    assert emf[0]["CanarySuccess"] == ([1.0, 0.0, 1.0] if wrong_v2 else [1.0, 1.0, 1.0])
    assert emf[0]["CanaryFailure"] == ([0.0, 1.0, 0.0] if wrong_v2 else [0.0, 0.0, 0.0])


# Inputs of state machine executions, not Lambda events: their tests run them through the real definition.
STATE_MACHINE_INPUTS = {"forecast-workflow-start.json"}  # ForecastWorkflowIT (forecast-workflow)


def test_every_sample_event_was_run():
    assert EXERCISED | STATE_MACHINE_INPUTS == set(n for n in os.listdir(EVENTS) if n.endswith(".json"))
