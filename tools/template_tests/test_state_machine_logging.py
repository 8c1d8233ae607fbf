"""Execution logging of the state machines is an option (StateMachineLogLevel, off by default): each state machine
then logs to its own log group with retention, and its role gets the log-delivery actions Step Functions documents
(they support no resource-level permissions, so they are granted on "*" and only while logging is on)."""

import pytest

from cfn_template import load_template

TEMPLATE = load_template()
RESOURCES = TEMPLATE["Resources"]
STATE_MACHINES = sorted(n for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::StateMachine")
CONDITION = "StateMachineLoggingEnabled"
LOG_DELIVERY_ACTIONS = {
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
}


def test_logging_is_off_by_default():
    parameter = TEMPLATE["Parameters"]["StateMachineLogLevel"]
    assert parameter["Default"] == "OFF"
    assert set(parameter["AllowedValues"]) == {"OFF", "ERROR", "FATAL", "ALL"}
    assert TEMPLATE["Conditions"][CONDITION] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "StateMachineLogLevel"}, "OFF"]}]}


def test_all_three_state_machines_are_covered():
    assert STATE_MACHINES == ["BatchChunkStateMachine", "BatchMainStateMachine", "ForecastStateMachine"]


@pytest.mark.parametrize("name", STATE_MACHINES)
def test_state_machine_logs_to_its_own_retained_log_group_when_enabled(name):
    condition, enabled, disabled = RESOURCES[name]["Properties"]["Logging"]["Fn::If"]
    assert condition == CONDITION
    assert disabled == {"Ref": "AWS::NoValue"}
    assert enabled["Level"] == {"Ref": "StateMachineLogLevel"}
    assert enabled["IncludeExecutionData"] is False
    [destination] = enabled["Destinations"]
    log_group_id, attribute = destination["CloudWatchLogsLogGroup"]["LogGroupArn"]["Fn::GetAtt"]
    assert attribute == "Arn"
    log_group = RESOURCES[log_group_id]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Condition"] == CONDITION
    assert log_group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert log_group["Properties"]["LogGroupName"]["Fn::Sub"].startswith("/aws/vendedlogs/states/")


@pytest.mark.parametrize("name", STATE_MACHINES)
def test_role_gets_the_log_delivery_actions_only_while_logging_is_on(name):
    role_id, attribute = RESOURCES[name]["Properties"]["Role"]["Fn::GetAtt"]
    policies = RESOURCES[role_id]["Properties"]["Policies"]
    conditional = [p["Fn::If"] for p in policies if "Fn::If" in p]
    [(condition, enabled, disabled)] = conditional
    assert condition == CONDITION
    assert disabled == {"Ref": "AWS::NoValue"}
    [statement] = enabled["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert set(statement["Action"]) == LOG_DELIVERY_ACTIONS
    assert statement["Resource"] == "*"
    # no other policy of the state machine mentions a logs: action
    others = str([p for p in policies if "Fn::If" not in p])
    assert "logs:" not in others
