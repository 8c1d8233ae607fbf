"""`sandbox demo`: one scenario per system against the running sandbox, told in plain words.

Each scenario drives the suite only through its public entry points (HTTP through the edge, uploads to S3, the
Lambda Invoke API) and checks the outcome a user would look for. A scenario that does not see what it expects says
what it saw instead; the command exits 1 naming every system that failed.
"""

import csv
import io
import json
import os
import threading
import time
import urllib.error
import urllib.request
from typing import Callable, List, Tuple

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE_CSV = os.path.join(ROOT, "batch-orchestrator", "sample-data", "sales-sample.csv")
# what the sample CSV holds: 10 data rows, 3 of them invalid (batch-orchestrator/README.md)
SAMPLE_VALID_ROWS, SAMPLE_ERROR_ROWS = 7, 3


class ScenarioFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise ScenarioFailed(message)


def wait_for(what: str, check: Callable[[], object], timeout_s: float, interval_s: float = 0.5):
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval_s)
    raise ScenarioFailed(f"timed out after {timeout_s:.0f} s waiting for {what}")


class Demo:
    def __init__(self, state: dict, say: Callable[[str], None]):
        self.state = state
        self.say = say
        self.outputs = state["outputs"]
        session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local",
                                        region_name="us-east-1")
        lock = threading.Lock()  # creating clients from one session is not thread-safe; using them is

        def client(service, url=state["endpoints"]["aws"]):
            with lock:
                return session.client(service, endpoint_url=url)

        self.client = client

    # ---- edge ----
    def _get(self, headers):
        request = urllib.request.Request(self.state["endpoints"]["edge"] + "/hello", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def edge(self) -> List[str]:
        told = []
        for label, headers, status, version in [
            ("v1", {"Accept": "application/vnd.example.v1+json"}, 200, "v1"),
            ("v2", {"Accept": "application/vnd.example.v2+json"}, 200, "v2"),
            ("no version", {}, 403, None),
            ("unknown version v9", {"Accept": "application/vnd.example.v9+json"}, 403, None),
        ]:
            for attempt in range(4):
                # 503 "Retry later" is the edge's answer when its DynamoDB lookup passes EdgeLookupBudgetMs
                # (900 ms): moto on a busy machine can be that slow, DynamoDB rarely; a client retries it
                got, body = self._get(headers)
                if got != 503 or attempt == 3:
                    break
                told.append(f"asking for {label}: HTTP 503 (the version lookup ran past its budget on this "
                            "machine); asking again")
                time.sleep(1)
            expect(got == status, f"GET /hello asking for {label}: HTTP {got} (expected {status}): {body[:200]}")
            if version:
                served = json.loads(body).get("apiVersion")
                expect(served == version, f"GET /hello asking for {label} was served by {served!r}: {body[:200]}")
                told.append(f"asking for {label}: HTTP {got}, served by API {served}")
            else:
                told.append(f"asking for {label}: HTTP {got} from the edge: {body.strip()[:120]}")
        return told

    # ---- diff checker ----
    def diff(self) -> List[str]:
        s3 = self.client("s3")
        bucket, reports = self.outputs["DiffCheckerBucketName"], self.outputs["DiffCheckerReportBucketName"]
        key = f"demo/notes-{int(time.time())}.txt"
        contents = ["line one\nline two\n", "line one\nline 2\n", "line one\nline 2\nline three\n",
                    "line 1\nline 2\nline three\n"]
        versions = []
        for text in contents:
            versions.append(s3.put_object(Bucket=bucket, Key=key, Body=text.encode())["VersionId"])
        told = [f"uploaded 4 versions of s3://{bucket}/{key}"]

        def report_keys():
            listed = s3.list_objects_v2(Bucket=reports, Prefix=f"_diffs/{key}/").get("Contents", [])
            return {o["Key"].rsplit("/", 1)[1][:-len(".json")] for o in listed}

        found = wait_for("three diff reports", lambda: report_keys() if len(report_keys()) >= 3 else None, 150)
        expect(found == set(versions[1:]), f"reports exist for versions {sorted(found)}, expected one for each of "
                                           f"the last three {versions[1:]}")
        last = json.loads(s3.get_object(Bucket=reports, Key=f"_diffs/{key}/{versions[-1]}.json")["Body"].read())
        told.append(f"3 diff reports (the first version has nothing to compare with); the last one says: "
                    f"{json.dumps({k: last[k] for k in list(last)[:6]})[:300]}")

        def kept():
            listed = s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
            ids = [v["VersionId"] for v in listed if v["Key"] == key]
            return ids if len(ids) == 3 else None

        kept_ids = wait_for("retention to keep the newest 3 versions", kept, 60)
        expect(set(kept_ids) == set(versions[1:]), f"kept versions {kept_ids}, expected the newest three")
        told.append("retention kept the newest 3 versions and deleted the oldest")
        return told

    # ---- batch ----
    def batch(self) -> List[str]:
        s3, sfn, dynamodb = self.client("s3"), self.client("stepfunctions"), self.client("dynamodb")
        bucket = self.outputs["BatchBucketName"]
        key = f"input/demo-{int(time.time())}.csv"
        with open(SAMPLE_CSV, "rb") as f:
            s3.put_object(Bucket=bucket, Key=key, Body=f.read())
        told = [f"uploaded the sample CSV (10 rows, 3 invalid) to s3://{bucket}/{key}"]
        machine = self.outputs["BatchMainStateMachineArn"]

        def execution():
            for item in sfn.list_executions(stateMachineArn=machine)["executions"]:
                described = sfn.describe_execution(executionArn=item["executionArn"])
                if json.loads(described.get("input", "{}")).get("key") == key and described["status"] != "RUNNING":
                    return described
            return None

        run = wait_for("the batch run to finish", execution, 170, 1.0)
        run_id = json.loads(run["input"])["runId"]
        if run["status"] != "SUCCEEDED":
            history = sfn.get_execution_history(executionArn=run["executionArn"])["events"]
            failed = [e for e in history if "Failed" in e["type"]]
            detail = json.dumps(failed[-1], default=str)[:400] if failed else ""
            raise ScenarioFailed(f"run {run_id} ended {run['status']}: {run.get('error', '')} "
                                 f"{run.get('cause', '')[:300]} {detail}")
        output = s3.get_object(Bucket=bucket, Key=f"output/{run_id}.csv")["Body"].read().decode()
        rows = list(csv.reader(io.StringIO(output)))
        expect(len(rows) - 1 == SAMPLE_VALID_ROWS,
               f"output/{run_id}.csv has {len(rows) - 1} data rows, expected {SAMPLE_VALID_ROWS}")
        told.append(f"run {run_id} SUCCEEDED: output/{run_id}.csv has {len(rows) - 1} enriched rows")
        errors = dynamodb.query(TableName=self.outputs["BatchErrorTableName"],
                                KeyConditionExpression="runId = :r",
                                ExpressionAttributeValues={":r": {"S": run_id}})["Items"]
        expect(len(errors) == SAMPLE_ERROR_ROWS and all(e.get("reason", {}).get("S") for e in errors),
               f"{len(errors)} error rows with reasons, expected {SAMPLE_ERROR_ROWS}: {errors}")
        for item in sorted(errors, key=lambda e: int(e["rowNumber"]["N"])):
            told.append(f"  error row {item['rowNumber']['N']}: {item['reason']['S']}")
        archived = s3.list_objects_v2(Bucket=bucket, Prefix=self.state.get("archiveFolder", "input_archive") + "/")
        archived_keys = [o["Key"] for o in archived.get("Contents", []) if o["Key"].endswith(key.split("/")[-1])]
        expect(bool(archived_keys), f"the input was not archived (nothing ending {key.split('/')[-1]})")
        remaining = s3.list_objects_v2(Bucket=bucket, Prefix=key).get("KeyCount", 0)
        expect(remaining == 0, f"the input is still at {key} after a successful run")
        told.append(f"the input moved to {archived_keys[0]}")

        def notified():
            path = os.path.join(self.state["stateDir"], "notifications.jsonl")
            if not os.path.exists(path):
                return None
            with open(path) as f:
                hits = [json.loads(line) for line in f if run_id in line]
            return hits or None

        note = wait_for("the run's SNS notification", notified, 30)[0]
        expect("succeeded" in (note.get("subject") or "").lower(),
               f"the notification says {note.get('subject')!r}, expected a success")
        told.append(f"notification: {note['subject']}")
        return told

    # ---- secrets layer ----
    def secrets(self) -> List[str]:
        secret = json.loads(self.client("secretsmanager").get_secret_value(
            SecretId=self.outputs["SecretsEnvExampleSecretArn"])["SecretString"])
        told = []
        invoke = self.client("lambda", self.state["endpoints"]["lambda"]).invoke
        answer = invoke(FunctionName=self.outputs["SecretsEnvExampleFunctionName"], Payload=b"{}")
        body = json.loads(answer["Payload"].read())
        if "FunctionError" in answer and "budget" in str(body.get("errorMessage")):
            # a cold JVM on a busy machine can spend the function's whole secret-read budget (SECRETS_ENV_TIMEOUT_MS)
            # on its first SDK call; Lambda's hardware rarely does. The warm environment must then succeed.
            told.append(f"the cold invoke ran out of its secret-read budget on this machine: {body['errorMessage']}"
                        " ; invoking the warm environment again")
            answer = invoke(FunctionName=self.outputs["SecretsEnvExampleFunctionName"], Payload=b"{}")
            body = json.loads(answer["Payload"].read())
        expect("FunctionError" not in answer, f"the example function failed: {body}")
        expect(body.get("wrapperRan") is True, f"the layer's wrapper did not run: {body}")
        expect(sorted(body.get("exported", [])) == sorted(secret),
               f"exported {body.get('exported')}, expected the secret's keys {sorted(secret)}")
        return told + [f"the layer's wrapper ran and exported {', '.join(sorted(body['exported']))} "
                       "(names only; values never leave the function)"]

    def run(self) -> List[str]:
        """Every scenario at once (each waits mostly on cold JVMs); each one's story is printed when it ends."""
        scenarios: List[Tuple[str, Callable[[], List[str]]]] = [
            ("edge (versioned API through CloudFront)", self.edge),
            ("s3-diff-checker (four uploads of one file)", self.diff),
            ("batch-orchestrator (a CSV with bad rows)", self.batch),
            ("secrets-env-layer (secret as environment variables)", self.secrets),
        ]
        if "EdgeHelloUrl" not in self.outputs:
            self.say("demo: no edge in this stack (the edge resources exist only in us-east-1)")
            scenarios = scenarios[1:]
        failed, lock = [], threading.Lock()

        def one(name, scenario):
            started = time.monotonic()
            try:
                lines = scenario()
                verdict = f"PASS {name} ({time.monotonic() - started:.1f} s)"
            except Exception as e:
                lines, verdict = [], f"FAIL {name} ({time.monotonic() - started:.1f} s): {e}"
                failed.append(name.split(" ")[0])
            with lock:
                self.say(f"demo: {verdict}")
                for line in lines:
                    self.say(f"  {line}")

        self.say(f"demo: {len(scenarios)} scenarios: " + "; ".join(name for name, _ in scenarios))
        threads = [threading.Thread(target=one, args=scenario) for scenario in scenarios]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return failed
