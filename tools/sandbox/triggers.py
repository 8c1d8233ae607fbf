"""The triggers the template declares, delivered as AWS delivers them.

S3 -> Lambda: moto's notifications carry no versionId and cannot reach a local function, so a watcher lists the
object versions of every bucket with a notification (twice a second) and, for each new version whose key matches a
configuration's prefix/suffix, sends the configured function the S3 event S3 sends: one record, eventVersion 2.1,
URL-encoded key, size, eTag, versionId, sequencer. Every new version counts as ObjectCreated:Put (a listing cannot
tell Put from Copy or CompleteMultipartUpload).

SNS -> you: a local SQS queue subscribed to each topic of the stack; each message is printed and appended to
.sandbox/notifications.jsonl.
"""

import json
import threading
import time
import uuid
from typing import Callable, Dict, List
from urllib.parse import quote_plus

POLL_S = 0.5


def s3_event(bucket: str, key: str, size: int, etag: str, version_id: str, sequencer: int,
             configuration_id: str) -> dict:
    record = {
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime()) + f"{int(time.time() * 1000) % 1000:03d}Z",
        "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "AWS:AIDAJDPLRKLG7UEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": uuid.uuid4().hex[:16].upper(),
                             "x-amz-id-2": uuid.uuid4().hex},
        "s3": {
            "s3SchemaVersion": "1.0", "configurationId": configuration_id,
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": quote_plus(key, safe="/"), "size": size, "eTag": etag.strip('"'),
                       "sequencer": f"{sequencer:018X}"},
        },
    }
    if version_id and version_id != "null":
        record["s3"]["object"]["versionId"] = version_id
    return {"Records": [record]}


def matches(config: dict, key: str) -> bool:
    return config["event"].startswith("s3:ObjectCreated:") and key.startswith(config["prefix"]) \
        and key.endswith(config["suffix"])


class _Worker:
    """A daemon thread running _run() until stop()."""

    def __init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join(5)

    def _run(self):
        raise NotImplementedError


class S3Watcher(_Worker):
    def __init__(self, s3, notifications: List[dict], deliver: Callable[[str, bytes, str], None],
                 say: Callable[[str], None]):
        self.s3 = s3
        self.by_bucket: Dict[str, List[dict]] = {}
        for config in notifications:
            self.by_bucket.setdefault(config["bucket"], []).append(config)
        self.deliver = deliver
        self.say = say
        self.seen = {bucket: set() for bucket in self.by_bucket}
        self.sequencer = int(time.time() * 1000)
        super().__init__()

    def poll_once(self) -> int:
        delivered = 0
        for bucket, configs in self.by_bucket.items():
            new = []
            for page in self.s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
                # S3 lists each key's versions newest first; events go out oldest first
                for version in reversed(page.get("Versions", [])):
                    identity = (version["Key"], version["VersionId"], version["ETag"],
                                str(version["LastModified"]) if version["VersionId"] == "null" else "")
                    if identity not in self.seen[bucket]:
                        self.seen[bucket].add(identity)
                        new.append(version)
            for version in new:
                for index, config in enumerate(configs):
                    if not matches(config, version["Key"]):
                        continue
                    self.sequencer += 1
                    event = s3_event(bucket, version["Key"], version["Size"], version["ETag"],
                                     version["VersionId"], self.sequencer, f"sandbox-{index + 1}")
                    self.deliver(config["function"], json.dumps(event).encode(),
                                 f"S3 {bucket}/{version['Key']}")
                    delivered += 1
        return delivered

    def _run(self):
        while not self._stop.wait(POLL_S):
            try:
                self.poll_once()
            except Exception as e:  # moto busy or stopping: the next poll tries again
                if not self._stop.is_set():
                    self.say(f"S3 watcher: {e}")


class NotificationListener(_Worker):
    """A local SQS subscription to each topic; prints every message and keeps it in a file."""

    def __init__(self, sns, sqs, topics: Dict[str, str], path: str, say: Callable[[str], None]):
        self.sqs = sqs
        self.path = path
        self.say = say
        self.queue_url = sqs.create_queue(QueueName="sandbox-notifications")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=self.queue_url,
                                             AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.topic_names = {arn: logical_id for logical_id, arn in topics.items()}
        for arn in topics.values():
            sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn)
        super().__init__()

    def _run(self):
        while not self._stop.is_set():
            try:
                messages = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10,
                                                    WaitTimeSeconds=1).get("Messages", [])
            except Exception:
                if self._stop.wait(1):
                    return
                continue
            for message in messages:
                envelope = json.loads(message["Body"])
                entry = {"time": time.strftime("%H:%M:%S"),
                         "topic": self.topic_names.get(envelope.get("TopicArn"), envelope.get("TopicArn")),
                         "subject": envelope.get("Subject"), "message": envelope.get("Message")}
                with open(self.path, "a") as f:
                    f.write(json.dumps(entry) + "\n")
                self.say(f"SNS {entry['topic']}: {entry['subject'] or ''} {str(entry['message'])[:300]}")
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
