"""Reserved concurrency of the S3-triggered functions is opt-in: a reservation comes out of the account's pool, and
on an account with the new-account quota of 10 any reservation makes the deploy fail."""

import re

import pytest

from cfn_template import load_template

TEMPLATE = load_template()
FUNCTIONS = {
    "DiffCheckerFunction": "DiffCheckerReservedConcurrency",
    "BatchTriggerFunction": "BatchTriggerReservedConcurrency",
    "BatchChunkFunction": "BatchChunkReservedConcurrency",
}


@pytest.mark.parametrize("function,parameter", FUNCTIONS.items())
def test_reservation_is_a_parameter_that_defaults_to_none(function, parameter):
    spec = TEMPLATE["Parameters"][parameter]
    assert spec["Default"] == ""
    reserved = TEMPLATE["Resources"][function]["Properties"]["ReservedConcurrentExecutions"]
    condition, value, otherwise = reserved["Fn::If"]
    assert value == {"Ref": parameter}
    assert otherwise == {"Ref": "AWS::NoValue"}
    assert TEMPLATE["Conditions"][condition] == {"Fn::Not": [{"Fn::Equals": [{"Ref": parameter}, ""]}]}


@pytest.mark.parametrize("parameter", FUNCTIONS.values())
def test_reservation_accepts_only_empty_or_a_positive_count(parameter):
    pattern = TEMPLATE["Parameters"][parameter]["AllowedPattern"]
    for value in ["", "1", "10", "1000"]:
        assert re.fullmatch(pattern, value), value
    for value in ["0", "-1", "01", "1.5", "ten", " 5"]:
        assert not re.fullmatch(pattern, value), value


def test_no_other_function_reserves_concurrency():
    reserving = {name for name, r in TEMPLATE["Resources"].items()
                 if "ReservedConcurrentExecutions" in r.get("Properties", {})}
    assert reserving == set(FUNCTIONS)
