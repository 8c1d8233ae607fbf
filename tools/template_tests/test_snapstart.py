"""SnapStart on every Java function that can use it, and every caller on the alias that SnapStart serves.

SnapStart applies to published versions only: a caller of the unqualified function ($LATEST) would get a full cold
start, silently. Functions without SnapStart are listed here with the reason (also written next to them in the
template)."""

import functools
import sys
from pathlib import Path

import pytest

from cfn_template import ROOT, load_template

TEMPLATE = load_template()
GLOBALS = TEMPLATE["Globals"]["Function"]
ALIAS = "live"

NO_SNAPSTART = {
    "EdgeOriginRequestFunction": "Node.js (Lambda@Edge): no SnapStart",
    "EdgeVersionMappingsFunction": "custom resource, invoked once or twice per deploy; its ServiceToken cannot move "
                                   "to the alias on an existing stack",
    "SecretsEnvExampleFunction": "the exec wrapper exports the secret at runtime start: a snapshot would freeze the "
                                 "values read at publish time",
}


def functions():
    return {name: r["Properties"] for name, r in TEMPLATE["Resources"].items()
            if r["Type"] == "AWS::Serverless::Function"}


def effective(properties, key):
    return properties.get(key, GLOBALS.get(key))


def java_functions():
    return {name: p for name, p in functions().items() if effective(p, "Runtime").startswith("java")}


@functools.cache
def translated_resources():
    sys.path.insert(0, str(Path(ROOT) / "scripts"))
    from audit_template import translate
    return translate(Path(ROOT) / "template.yaml")["Resources"]


def test_snapstart_is_a_parameter_that_defaults_to_on():
    parameter = TEMPLATE["Parameters"]["JavaSnapStart"]
    assert parameter["Default"] == "PublishedVersions"
    assert parameter["AllowedValues"] == ["PublishedVersions", "None"]
    assert GLOBALS["SnapStart"] == {"ApplyOn": {"Ref": "JavaSnapStart"}}
    assert GLOBALS["AutoPublishAlias"] == ALIAS


def test_every_java_function_has_snapstart_or_a_listed_reason():
    without = {name for name, p in functions().items()
               if effective(p, "SnapStart") != {"ApplyOn": {"Ref": "JavaSnapStart"}}}
    assert without == set(NO_SNAPSTART)
    for name in NO_SNAPSTART:
        assert functions()[name]["SnapStart"] == {"ApplyOn": "None"}, name
    assert set(java_functions()) - set(NO_SNAPSTART), "no Java function has SnapStart"


@pytest.mark.parametrize("name", sorted(java_functions()))
def test_every_function_publishes_a_version_on_any_change(name):
    properties = functions()[name]
    assert effective(properties, "AutoPublishAlias") == ALIAS
    # without it a changed environment or parameter would not publish a version and the alias would keep the old
    assert properties.get("AutoPublishAliasAllProperties") is True


@pytest.mark.parametrize("name", sorted(set(java_functions()) - set(NO_SNAPSTART)))
def test_snapstart_functions_use_nothing_snapstart_refuses(name):
    properties = functions()[name]
    size = effective(properties, "EphemeralStorage") or {"Size": 512}
    assert size["Size"] <= 512
    assert "FileSystemConfigs" not in properties
    assert "ProvisionedConcurrencyConfig" not in properties


def refers_to_alias(value):
    return value == {"Ref": f"{value.get('Ref', '')}"} and value["Ref"].endswith("Alias" + ALIAS)


def test_s3_notifications_api_permissions_and_async_config_target_the_alias():
    resources = translated_resources()
    targets = []
    for name, r in resources.items():
        p = r["Properties"]
        if r["Type"] == "AWS::S3::Bucket":
            targets += [(name, c["Function"]) for c in
                        p.get("NotificationConfiguration", {}).get("LambdaConfigurations", [])]
        if r["Type"] == "AWS::Lambda::Permission":
            targets.append((name, p["FunctionName"]))
        if r["Type"] == "AWS::Lambda::EventInvokeConfig":
            assert p["Qualifier"] == ALIAS, name
    # 7 bucket notifications (6 differ suffixes, the batch input), 2 S3 permissions, 2 API permissions
    assert len(targets) >= 11
    for name, target in targets:
        assert isinstance(target, dict) and refers_to_alias(target), (name, target)


def test_api_integrations_invoke_the_alias():
    for api in ("DemoApiV1", "DemoApiV2"):
        body = str(translated_resources()[api]["Properties"]["Body"])
        assert "${HelloFunctionAlias" + ALIAS + "}/invocations" in body


def test_state_machines_invoke_the_alias_and_may_invoke_it():
    for name, r in TEMPLATE["Resources"].items():
        if r["Type"] != "AWS::Serverless::StateMachine":
            continue
        for key, value in r["Properties"]["DefinitionSubstitutions"].items():
            if key.endswith("FunctionArn"):
                assert value == {"Ref": value["Ref"]} and value["Ref"].endswith("Function.Alias"), (name, key)
                function = value["Ref"].split(".")[0]
                role = TEMPLATE["Resources"][r["Properties"]["Role"]["Fn::GetAtt"][0]]
                resources = [s["Resource"] for p in role["Properties"]["Policies"] if "PolicyDocument" in p
                             for s in p["PolicyDocument"]["Statement"] if s["Action"] == "lambda:InvokeFunction"]
                # the trailing * covers the alias qualifier (function:<name>:live)
                assert {"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${"
                                   + function + "}*"} in resources, (name, function)
