"""Operations block (README "Operate it"): every alarm says what to do and notifies the alarm topic, every Java
function, dead-letter queue and state machine is watched, the canary is scheduled with least privilege, and the
dashboard body is valid JSON with a row per system in both kinds of stack (us-east-1 or not)."""

import json
import re

import pytest

from cfn_template import TEMPLATE as TEMPLATE_PATH
from cfn_template import load_template

TEMPLATE = load_template()
RESOURCES = TEMPLATE["Resources"]
ALARMS = {n: r for n, r in RESOURCES.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
JAVA_FUNCTIONS = sorted(n for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"
                        and not str(r["Properties"].get("Runtime", "java")).startswith("nodejs"))
# the contract's EMF dimension names (docs: README "Operate it")
EMF_DIMENSIONS = ["Service", "Function"]


def text_of(value):
    """An AlarmDescription is a string or !Sub of one."""
    if isinstance(value, dict):
        [(function, argument)] = value.items()
        assert function == "Fn::Sub", value
        return argument
    return value


def metric_alarms(name, namespace, metric_name):
    """Alarms on namespace/metric_name whose dimensions name the resource `name` (Ref or GetAtt)."""
    found = []
    for alarm_name, alarm in ALARMS.items():
        properties = alarm["Properties"]
        if properties.get("Namespace") != namespace or properties.get("MetricName") != metric_name:
            continue
        values = [d["Value"] for d in properties.get("Dimensions", [])]
        if {"Ref": name} in values or any(isinstance(v, dict) and v.get("Fn::GetAtt", [None])[0] == name
                                          for v in values):
            found.append(alarm_name)
    return found


def test_there_are_alarms():
    assert len(ALARMS) >= 30


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_every_alarm_says_what_it_means_and_what_to_do(name):
    description = text_of(ALARMS[name]["Properties"].get("AlarmDescription", ""))
    assert description.strip(), f"{name} has no AlarmDescription"
    assert len(description) <= 1024 - 100  # CloudFormation's limit, with room for substituted values
    # at least two sentences: what happened, and what to do about it
    assert len(re.findall(r"[.:]\s", description + " ")) >= 2, description


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_every_alarm_notifies_the_alarm_topic_and_decides_missing_data(name):
    properties = ALARMS[name]["Properties"]
    assert properties["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert properties["OKActions"] == [{"Ref": "AlarmTopic"}]
    assert properties["TreatMissingData"] in ("notBreaching", "breaching", "missing", "ignore")
    # the topic policy lets only alarms named <stack>-* publish
    assert properties["AlarmName"]["Fn::Sub"].startswith("${AWS::StackName}-")


@pytest.mark.parametrize("name", sorted(ALARMS))
def test_suite_metrics_use_the_contract_namespace_and_dimensions(name):
    properties = ALARMS[name]["Properties"]
    stats = [properties] + [m["MetricStat"]["Metric"] for m in properties.get("Metrics", []) if "MetricStat" in m]
    for metric in stats:
        if metric.get("Namespace") == {"Ref": "MetricsNamespace"}:
            assert [d["Name"] for d in metric["Dimensions"]] == EMF_DIMENSIONS


@pytest.mark.parametrize("function", JAVA_FUNCTIONS)
def test_every_java_function_has_errors_and_throttles_alarms(function):
    for metric in ("Errors", "Throttles"):
        [alarm] = metric_alarms(function, "AWS/Lambda", metric)
        # an alarm on a conditional function must share its condition
        assert ALARMS[alarm].get("Condition") == RESOURCES[function].get("Condition")


def test_the_edge_function_is_not_alarmed_in_the_stack_region():
    # Lambda@Edge metrics live in the Region that served the request, under "us-east-1.<name>"
    assert metric_alarms("EdgeOriginRequestFunction", "AWS/Lambda", "Errors") == []


@pytest.mark.parametrize("queue", sorted(n for n, r in RESOURCES.items() if r["Type"] == "AWS::SQS::Queue"))
def test_every_dead_letter_queue_alarms_on_any_message(queue):
    [alarm] = metric_alarms(queue, "AWS/SQS", "ApproximateNumberOfMessagesVisible")
    properties = ALARMS[alarm]["Properties"]
    assert (properties["Threshold"], properties["ComparisonOperator"]) == (0, "GreaterThanThreshold")


@pytest.mark.parametrize("state_machine", sorted(
    n for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::StateMachine"))
def test_every_state_machine_alarms_on_failed_executions(state_machine):
    assert len(metric_alarms(state_machine, "AWS/States", "ExecutionsFailed")) == 1


def test_canary_alarm_fires_below_90_percent_for_three_periods():
    properties = ALARMS["CanarySuccessRateAlarm"]["Properties"]
    assert properties["MetricName"] == "CanarySuccess"
    assert properties["Statistic"] == "Average"
    assert (properties["Threshold"], properties["ComparisonOperator"]) == (0.9, "LessThanThreshold")
    assert properties["EvaluationPeriods"] == properties["DatapointsToAlarm"] == 3
    assert properties["Period"] == 300
    # the rate is at most every 5 minutes, so a period without data means the canary did not run
    assert all(v == "off" or v in ("rate(1 minute)", "rate(2 minutes)", "rate(5 minutes)")
               for v in TEMPLATE["Parameters"]["CanaryRate"]["AllowedValues"])
    assert properties["TreatMissingData"] == "breaching"
    assert ALARMS["CanarySuccessRateAlarm"]["Condition"] == "CanaryRuns"


def test_canary_schedule_is_disabled_unless_a_rate_is_chosen():
    schedule = RESOURCES["CanarySchedule"]["Properties"]
    assert TEMPLATE["Parameters"]["CanaryRate"]["Default"] == "off"
    assert schedule["State"] == {"Fn::If": ["CanaryScheduled", "ENABLED", "DISABLED"]}
    # the alias, so the schedule runs the SnapStart version, not $LATEST
    assert schedule["Target"]["Arn"] == {"Ref": "CanaryFunction.Alias"}
    assert schedule["Target"]["RetryPolicy"]["MaximumRetryAttempts"] == 0


def test_scheduler_role_may_only_invoke_the_canary():
    role = RESOURCES["CanarySchedulerRole"]["Properties"]
    [trust] = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    [policy] = role["Policies"]
    assert policy["PolicyDocument"]["Statement"] == [{
        "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Ref": "CanaryFunction.Alias"}}]


def test_alarm_topic_accepts_only_this_stacks_alarms():
    statements = RESOURCES["AlarmTopicPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    [allow] = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert allow["Action"] == "sns:Publish"
    assert allow["Condition"]["ArnLike"]["aws:SourceArn"]["Fn::Sub"].endswith(":alarm:${AWS::StackName}-*")
    assert RESOURCES["AlarmEmailSubscription"]["Condition"] == "HasAlarmEmail"


def dashboard_bodies():
    """The dashboard JSON of a us-east-1 stack and of any other Region, placeholders filled with dummies."""
    [separator, parts] = RESOURCES["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Join"]
    assert separator == ""
    bodies = []
    for branch in (1, 2):
        text = ""
        for part in parts:
            if isinstance(part, dict) and "Fn::If" in part:
                part = part["Fn::If"][branch]
            if isinstance(part, dict):
                part = part["Fn::Sub"]
            text += part
        bodies.append(json.loads(re.sub(r"\$\{[^}]+\}", "x", text)))
    return bodies


def test_dashboard_is_valid_json_with_a_row_per_system():
    systems = re.findall(r"^  # ==== ([a-z0-9-]+):", open(TEMPLATE_PATH, encoding="utf-8").read(), re.M)
    systems = [s for s in systems if s != "operations"]
    for index, body in enumerate(dashboard_bodies()):
        titles = " ".join(w["properties"].get("markdown", "") for w in body["widgets"] if w["type"] == "text")
        for system in systems:
            # edge-origin-request and edge-version-mappings share the "edge" row
            key = "edge" if system.startswith("edge") else system
            assert f"## {key}" in titles, f"no dashboard row for {system} (branch {index})"
        # widgets stay on the 24-column grid
        assert all(w["x"] + w["width"] <= 24 for w in body["widgets"])

