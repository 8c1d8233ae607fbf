"""No secret value sits in a function's configuration: functions get a secret's ARN and read it at run time."""

import json

from cfn_template import load_template

RESOURCES = load_template()["Resources"]
FUNCTIONS = {n: r["Properties"] for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"}


def test_no_function_environment_resolves_a_secret_at_deploy_time():
    for name, properties in FUNCTIONS.items():
        environment = json.dumps(properties.get("Environment", {}))
        assert "{{resolve:secretsmanager" not in environment, name
        assert "ORIGIN_VERIFY_TOKEN\": " not in environment, name


def test_hello_function_reads_the_origin_verify_secret_it_may_read():
    properties = FUNCTIONS["HelloFunction"]
    condition, value, otherwise = properties["Environment"]["Variables"]["SECRETS_ENV_SECRETS"]["Fn::If"]
    assert condition == "IsUsEast1" and otherwise == {"Ref": "AWS::NoValue"}
    assert value == {"Fn::Sub": "${EdgeOriginVerifySecret}#ORIGIN_VERIFY_TOKEN"}
    [policy] = properties["Policies"]
    condition, granted, otherwise = policy["Fn::If"]
    assert condition == "IsUsEast1" and otherwise == {"Ref": "AWS::NoValue"}
    assert granted["Statement"] == [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                     "Resource": {"Ref": "EdgeOriginVerifySecret"}}]
    assert RESOURCES["EdgeOriginVerifySecret"]["Condition"] == "IsUsEast1"
