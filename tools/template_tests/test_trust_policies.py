"""Confused-deputy protection: each state machine role trusts Step Functions only on behalf of that state machine
in this account (aws:SourceAccount and aws:SourceArn), and S3 may invoke functions only for this account."""

import pytest

from cfn_template import load_template

RESOURCES = load_template()["Resources"]
STATE_MACHINES = {
    "BatchChunkStateMachine": "batch-chunk",
    "BatchMainStateMachine": "batch-main",
    "ForecastStateMachine": "forecast",
}
STATES_ARN = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-"


def test_every_state_machine_is_listed():
    assert sorted(n for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::StateMachine") == sorted(
        STATE_MACHINES)


@pytest.mark.parametrize("name,suffix", STATE_MACHINES.items())
def test_state_machine_role_trusts_step_functions_only_for_this_state_machine(name, suffix):
    properties = RESOURCES[name]["Properties"]
    assert properties["Name"] == {"Fn::Sub": "${AWS::StackName}-" + suffix}
    assert "Policies" not in properties  # SAM would generate a role without the conditions
    role_id, _ = properties["Role"]["Fn::GetAtt"]
    [statement] = RESOURCES[role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "states.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    assert statement["Condition"]["ArnLike"] == {"aws:SourceArn": [
        {"Fn::Sub": STATES_ARN + suffix},  # the state machine
        {"Fn::Sub": STATES_ARN + suffix + ":*"},  # its versions and aliases
    ]}


def test_no_other_role_is_assumable_by_step_functions():
    roles = {n for n, r in RESOURCES.items() if r["Type"] == "AWS::IAM::Role"
             and "states.amazonaws.com" in str(r["Properties"]["AssumeRolePolicyDocument"])}
    assert roles == {n + "Role" for n in STATE_MACHINES}


def translated_resources():
    """The template as CloudFormation receives it (SAM generates the S3 invoke permissions)."""
    import sys
    from pathlib import Path

    from cfn_template import ROOT
    sys.path.insert(0, str(Path(ROOT) / "scripts"))
    from audit_template import translate
    return translate(Path(ROOT) / "template.yaml")["Resources"]


def test_s3_may_invoke_functions_only_for_buckets_of_this_account():
    # SAM's S3 event (batch input) adds aws:SourceAccount to the permission it generates and offers no SourceArn;
    # the differ's permission is written out in the template so that it also names its bucket (see its comment)
    permissions = {n: r["Properties"] for n, r in translated_resources().items()
                   if r["Type"] == "AWS::Lambda::Permission" and r["Properties"]["Principal"] == "s3.amazonaws.com"}
    assert len(permissions) == 2  # the differ's watched bucket and the batch input
    for name, properties in permissions.items():
        assert properties["SourceAccount"] == {"Ref": "AWS::AccountId"}, name
    differ = permissions["DiffCheckerInvokePermission"]
    assert differ["SourceArn"] == {"Fn::Sub": [
        "arn:${AWS::Partition}:s3:::diffcheck-${StackUuid}",
        {"StackUuid": {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}}]}
    # ...and that is the name the bucket gets
    bucket = translated_resources()["DiffCheckerBucket"]
    assert bucket["Properties"]["BucketName"] == {"Fn::Sub": [
        "diffcheck-${StackUuid}",
        {"StackUuid": {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}}]}
    assert bucket["DependsOn"] == "DiffCheckerInvokePermission"
    functions = {c["Function"]["Ref"]
                 for c in bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"]}
    assert functions == {"DiffCheckerFunctionAliaslive"}  # the SnapStart alias, like the permission
