"""One creator per resource type of the translated template, on the local endpoint (moto).

Each creator gets the resolved properties and returns the resource's Ref value and the attributes Fn::GetAtt may
ask for. Types moto has no use for locally are recorded for the parts of the sandbox that play them (functions,
APIs, the distribution, triggers); types without a creator are skipped with a note, never a crash.
"""

import json
import random
import string
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List

from stack import ACCOUNT, REGION, Resolver, TemplateError, creation_order, physical_name, resolve_dynamic_references


def arn(service: str, rest: str, region: str = REGION) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{rest}"


@dataclass
class Function:
    logical_id: str
    name: str
    environment: Dict[str, str]
    async_retries: int = 2
    on_failure: str = ""  # SQS queue ARN: EventInvokeConfig OnFailure, else DeadLetterConfig


@dataclass
class Deployed:
    """What `up` created: enough to drive the triggers, the edge and `status`."""
    resources: Dict[str, dict] = field(default_factory=dict)  # logical id -> {"type", "physical", "note"?}
    functions: Dict[str, Function] = field(default_factory=dict)  # logical id -> Function
    notifications: List[dict] = field(default_factory=list)  # {"bucket", "function", "events", "prefix", "suffix"}
    apis: Dict[str, dict] = field(default_factory=dict)  # rest api id -> {"routes": {(METHOD, path): fn}, "stages"}
    distributions: List[dict] = field(default_factory=list)
    state_machines: Dict[str, str] = field(default_factory=dict)  # logical id -> ARN
    topics: Dict[str, str] = field(default_factory=dict)  # logical id -> ARN
    notes: List[str] = field(default_factory=list)
    outputs: Dict[str, str] = field(default_factory=dict)

    def function_by_name(self, name: str):
        for function in self.functions.values():
            if name in (function.name, function.logical_id):
                return function
        return None


class _Skipped(dict):
    """A resource that was not created: Ref and any Fn::GetAtt answer a placeholder, so what refers to it (an
    alarm's target, a schedule's role...) is still created."""

    def __init__(self, logical_id: str):
        super().__init__(Ref=logical_id)
        self.logical_id = logical_id

    def __contains__(self, attribute):
        return True

    def __missing__(self, attribute):
        return f"{self.logical_id}.{attribute}"


def _random_id(length=10):
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(length))


class Creator:
    def __init__(self, clients: Callable[[str], object], custom_resource: Callable[[str, str, dict], dict],
                 say: Callable[[str], None]):
        self.client = clients
        self.custom_resource = custom_resource
        self.say = say
        self.deployed = Deployed()

    # ---- the walk over the translated template ----
    def create_all(self, template: dict, resolver: Resolver) -> Deployed:
        resources = template["Resources"]
        for logical_id in creation_order(resources):
            resource = resources[logical_id]
            kind = resource["Type"]
            if "Condition" in resource and not resolver.condition(resource["Condition"]):
                continue
            properties = resolver.value(resource.get("Properties", {}))
            properties = resolve_dynamic_references(properties, self._secret_value)
            creator = getattr(self, "_" + kind.replace("::", "_").replace("-", "_"), None)
            if creator is None and (kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource"):
                creator = self._custom
            if creator is None:
                note = f"{kind} {logical_id}: not emulated locally, skipped"
                self.deployed.notes.append(note)
                resolver.created[logical_id] = _Skipped(logical_id)
                self.deployed.resources[logical_id] = {"type": kind, "physical": "(skipped)", "note": note}
                continue
            try:
                created = creator(logical_id, properties, template, resolver)
            except TemplateError:
                raise
            except Exception as e:  # a moto refusal names the resource, then stops `up`
                raise TemplateError(f"{kind} {logical_id}: {e}") from e
            resolver.created[logical_id] = created
            entry = {"type": kind, "physical": str(created["Ref"])}
            if created.get("_note"):
                entry["note"] = created["_note"]
                self.deployed.notes.append(f"{kind} {logical_id}: {created['_note']}")
            self.deployed.resources[logical_id] = entry
        for name, output in template.get("Outputs", {}).items():
            if "Condition" in output and not resolver.condition(output["Condition"]):
                continue
            try:
                self.deployed.outputs[name] = str(resolver.value(output["Value"]))
            except TemplateError as e:
                self.deployed.outputs[name] = f"(unresolved: {e})"
        return self.deployed

    def _secret_value(self, secret_id: str) -> str:
        return self.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"]

    # ---- S3 ----
    def _AWS_S3_Bucket(self, logical_id, p, template, resolver):
        s3 = self.client("s3")
        name = p.get("BucketName") or physical_name(logical_id, 63, lower=True)
        s3.create_bucket(Bucket=name)
        if p.get("VersioningConfiguration"):
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={
                "Status": p["VersioningConfiguration"]["Status"]})
        if p.get("LifecycleConfiguration"):
            rules = []
            for rule in p["LifecycleConfiguration"]["Rules"]:
                converted = {"ID": rule.get("Id", ""), "Status": rule["Status"],
                             "Filter": {"Prefix": rule.get("Prefix", "")}}
                if "ExpirationInDays" in rule:
                    converted["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
                if rule.get("ExpiredObjectDeleteMarker"):
                    converted["Expiration"] = {"ExpiredObjectDeleteMarker": True}
                if "NoncurrentVersionExpiration" in rule:
                    converted["NoncurrentVersionExpiration"] = {
                        "NoncurrentDays": int(rule["NoncurrentVersionExpiration"]["NoncurrentDays"])}
                if "AbortIncompleteMultipartUpload" in rule:
                    converted["AbortIncompleteMultipartUpload"] = {
                        "DaysAfterInitiation": int(rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])}
                rules.append(converted)
            s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": rules})
        note = "lifecycle rules stored, never applied (no expiry runs locally)" if p.get("LifecycleConfiguration") \
            else ""
        for config in p.get("NotificationConfiguration", {}).get("LambdaConfigurations", []):
            rules = {r["Name"].lower(): r["Value"] for r in
                     config.get("Filter", {}).get("S3Key", {}).get("Rules", [])}
            self.deployed.notifications.append({
                "bucket": name, "function": config["Function"], "event": config["Event"],
                "prefix": rules.get("prefix", ""), "suffix": rules.get("suffix", "")})
        if p.get("NotificationConfiguration"):
            note = (note + "; " if note else "") + "notifications delivered by the sandbox's watcher, with versionId"
        return {"Ref": name, "Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com",
                "RegionalDomainName": f"{name}.s3.{REGION}.amazonaws.com", "_note": note}

    def _AWS_S3_BucketPolicy(self, logical_id, p, template, resolver):
        # moto stores the policy; it does not evaluate it (no TLS locally, so DenyInsecureTransport would refuse all)
        return {"Ref": p["Bucket"], "_note": "stored only: bucket policies are not enforced locally"}

    # ---- DynamoDB ----
    def _create_table(self, name, p):
        arguments = {"TableName": name, "AttributeDefinitions": p["AttributeDefinitions"],
                     "KeySchema": p["KeySchema"], "BillingMode": p.get("BillingMode", "PROVISIONED")}
        if arguments["BillingMode"] == "PROVISIONED":
            arguments["ProvisionedThroughput"] = {k: int(v) for k, v in p["ProvisionedThroughput"].items()}
        if p.get("StreamSpecification"):
            arguments["StreamSpecification"] = {"StreamEnabled": True,
                                                "StreamViewType": p["StreamSpecification"]["StreamViewType"]}
        for index_kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            if p.get(index_kind):
                arguments[index_kind] = p[index_kind]
        table = self.client("dynamodb").create_table(**arguments)["TableDescription"]
        return {"Ref": name, "Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")}

    def _AWS_DynamoDB_Table(self, logical_id, p, template, resolver):
        return self._create_table(p.get("TableName") or physical_name(logical_id, 255), p)

    def _AWS_DynamoDB_GlobalTable(self, logical_id, p, template, resolver):
        created = self._create_table(p.get("TableName") or physical_name(logical_id, 255), p)
        extra = [r["Region"] for r in p.get("Replicas", []) if r.get("Region") != REGION]
        if extra:
            created["_note"] = f"one local table; replicas in {', '.join(extra)} are not created"
        return created

    # ---- messaging ----
    def _AWS_SNS_Topic(self, logical_id, p, template, resolver):
        name = p.get("TopicName") or physical_name(logical_id, 256)
        topic = self.client("sns").create_topic(Name=name)["TopicArn"]
        self.deployed.topics[logical_id] = topic
        note = "KMS encryption not applied locally" if p.get("KmsMasterKeyId") else ""
        return {"Ref": topic, "TopicArn": topic, "TopicName": name, "_note": note}

    def _AWS_SNS_TopicPolicy(self, logical_id, p, template, resolver):
        return {"Ref": logical_id, "_note": "stored only: topic policies are not enforced locally"}

    def _AWS_SNS_Subscription(self, logical_id, p, template, resolver):
        if p.get("Protocol") in ("email", "email-json", "sms"):
            return {"Ref": logical_id, "_note": f"{p['Protocol']} cannot be delivered locally; the sandbox's own "
                                                "subscription prints every message instead"}
        sub = self.client("sns").subscribe(TopicArn=p["TopicArn"], Protocol=p["Protocol"], Endpoint=p["Endpoint"])
        return {"Ref": sub["SubscriptionArn"]}

    def _AWS_SQS_Queue(self, logical_id, p, template, resolver):
        name = p.get("QueueName") or physical_name(logical_id, 80)
        attributes = {k: str(p[k]).lower() if isinstance(p[k], bool) else str(p[k]) for k in
                      ("MessageRetentionPeriod", "VisibilityTimeout", "DelaySeconds", "SqsManagedSseEnabled")
                      if k in p}
        url = self.client("sqs").create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        queue_arn = arn("sqs", name)
        return {"Ref": url, "Arn": queue_arn, "QueueName": name, "QueueUrl": url}

    def _AWS_SQS_QueuePolicy(self, logical_id, p, template, resolver):
        return {"Ref": logical_id, "_note": "stored only: queue policies are not enforced locally"}

    # ---- secrets, IAM, logs ----
    def _AWS_SecretsManager_Secret(self, logical_id, p, template, resolver):
        sm = self.client("secretsmanager")
        name = p.get("Name") or f"{logical_id}-{_random_id(6)}"
        value = p.get("SecretString")
        if value is None:
            generate = p.get("GenerateSecretString", {})
            options = {k: generate[k] for k in ("PasswordLength", "ExcludeCharacters", "ExcludeNumbers",
                                                 "ExcludePunctuation", "ExcludeUppercase", "ExcludeLowercase",
                                                 "IncludeSpace", "RequireEachIncludedType") if k in generate}
            if "PasswordLength" in options:
                options["PasswordLength"] = int(options["PasswordLength"])
            password = sm.get_random_password(**options)["RandomPassword"]
            if generate.get("SecretStringTemplate"):
                document = json.loads(generate["SecretStringTemplate"])
                document[generate["GenerateStringKey"]] = password
                value = json.dumps(document)
            else:
                value = password
        created = sm.create_secret(Name=name, SecretString=value, Description=p.get("Description", ""))
        note = "customer KMS key not applied locally" if p.get("KmsKeyId") else ""
        return {"Ref": created["ARN"], "Id": created["ARN"], "_note": note}

    def _AWS_IAM_Role(self, logical_id, p, template, resolver):
        name = p.get("RoleName") or physical_name(logical_id, 64)
        iam = self.client("iam")
        role = iam.create_role(RoleName=name, Path=p.get("Path", "/"),
                               AssumeRolePolicyDocument=json.dumps(p["AssumeRolePolicyDocument"]))["Role"]
        # its policies are not stored: nothing evaluates them locally (moto also refuses SAM's unversioned ones)
        return {"Ref": name, "Arn": role["Arn"], "RoleId": role["RoleId"],
                "_note": "created, not enforced: local functions run with the sandbox's credentials"}

    def _AWS_Logs_LogGroup(self, logical_id, p, template, resolver):
        name = p.get("LogGroupName") or physical_name(logical_id, 512)
        logs = self.client("logs")
        logs.create_log_group(logGroupName=name)
        if p.get("RetentionInDays"):
            logs.put_retention_policy(logGroupName=name, retentionInDays=int(p["RetentionInDays"]))
        return {"Ref": name, "Arn": arn("logs", f"log-group:{name}:*"),
                "_note": "created; function logs go to .sandbox/logs/ instead"}

    # ---- Lambda: the sandbox runs the built artifacts itself ----
    def _AWS_Lambda_Function(self, logical_id, p, template, resolver):
        name = p.get("FunctionName") or physical_name(logical_id, 64)
        variables = {k: str(v) for k, v in p.get("Environment", {}).get("Variables", {}).items()}
        function = Function(logical_id, name, variables)
        if p.get("DeadLetterConfig", {}).get("TargetArn"):
            function.on_failure = p["DeadLetterConfig"]["TargetArn"]
        self.deployed.functions[logical_id] = function
        return {"Ref": name, "Arn": arn("lambda", f"function:{name}")}

    def _AWS_Lambda_Version(self, logical_id, p, template, resolver):
        return {"Ref": f"{self._function_arn(p['FunctionName'])}:1", "Version": "1"}

    def _AWS_Lambda_Alias(self, logical_id, p, template, resolver):
        return {"Ref": f"{self._function_arn(p['FunctionName'])}:{p['Name']}"}

    def _function_arn(self, name_or_arn: str) -> str:
        return name_or_arn if name_or_arn.startswith("arn:") else arn("lambda", f"function:{name_or_arn}")

    def _AWS_Lambda_LayerVersion(self, logical_id, p, template, resolver):
        return {"Ref": arn("lambda", f"layer:{p.get('LayerName', logical_id)}:1"),
                "_note": "the built layer, merged into the local /opt of each function that lists it"}

    def _AWS_Lambda_Permission(self, logical_id, p, template, resolver):
        return {"Ref": logical_id, "_note": "not enforced: the sandbox invokes the function itself"}

    def _AWS_Lambda_EventInvokeConfig(self, logical_id, p, template, resolver):
        from server import function_key

        function = self.deployed.function_by_name(function_key(p["FunctionName"]))
        if function:
            function.async_retries = int(p.get("MaximumRetryAttempts", 2))
            destination = p.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination", "")
            if destination:
                function.on_failure = destination
        return {"Ref": logical_id, "_note": "applied by the sandbox's asynchronous invoker (retries, on-failure queue)"}

    # ---- API Gateway, CloudFront: played by the sandbox's HTTP endpoint ----
    def _AWS_ApiGateway_RestApi(self, logical_id, p, template, resolver):
        api_id = _random_id()
        routes = {}
        for path, methods in p.get("Body", {}).get("paths", {}).items():
            for method, operation in methods.items():
                uri = operation.get("x-amazon-apigateway-integration", {}).get("uri", "")
                if "/functions/" in uri:
                    function_arn = uri.split("/functions/", 1)[1].rsplit("/invocations", 1)[0]
                    routes[f"{method.upper()} {path}"] = function_arn
        self.deployed.apis[api_id] = {"logical_id": logical_id, "routes": routes, "stages": {}}
        return {"Ref": api_id, "RootResourceId": _random_id(),
                "_note": "served by the sandbox (REST proxy events to the local function)"}

    def _AWS_ApiGateway_Deployment(self, logical_id, p, template, resolver):
        return {"Ref": _random_id(6)}

    def _AWS_ApiGateway_Stage(self, logical_id, p, template, resolver):
        api = self.deployed.apis.get(p["RestApiId"])
        if api is not None:
            api["stages"][p["StageName"]] = {k: str(v) for k, v in p.get("Variables", {}).items()}
        return {"Ref": p["StageName"]}

    def _AWS_CloudFront_Distribution(self, logical_id, p, template, resolver):
        distribution_id = "E" + _random_id(13).upper()
        self.deployed.distributions.append({"logical_id": logical_id, "id": distribution_id,
                                            "config": p["DistributionConfig"]})
        return {"Ref": distribution_id, "DomainName": "127.0.0.1", "Id": distribution_id,
                "_note": "played by the sandbox's HTTP endpoint (origin-request function, origin headers)"}

    # ---- Step Functions: moto's interpreter, Lambda tasks answered by the local functions ----
    def _AWS_StepFunctions_StateMachine(self, logical_id, p, template, resolver):
        definition = p.get("DefinitionString")
        if definition is None:
            definition = json.dumps(p["Definition"])
        for key, value in p.get("DefinitionSubstitutions", {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        name = p.get("StateMachineName") or physical_name(logical_id, 80)
        role = p.get("RoleArn") or arn("iam", "role/sandbox", region="")
        created = self.client("stepfunctions").create_state_machine(
            name=name, definition=definition, roleArn=role, type=p.get("StateMachineType", "STANDARD"))
        self.deployed.state_machines[logical_id] = created["stateMachineArn"]
        return {"Ref": created["stateMachineArn"], "Name": name, "Arn": created["stateMachineArn"]}

    # ---- custom resources: the function runs with a CloudFormation Create event ----
    def _custom(self, logical_id, p, template, resolver):
        kind = template["Resources"][logical_id]["Type"]
        started = time.monotonic()
        response = self.custom_resource(logical_id, kind, p)
        created = {"Ref": response.get("PhysicalResourceId") or logical_id}
        created.update({k: v for k, v in (response.get("Data") or {}).items()})
        created["_note"] = f"Create answered SUCCESS in {time.monotonic() - started:.1f} s"
        return created

