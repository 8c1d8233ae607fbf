"""moto_server with three fixes to its Step Functions interpreter, for the workflow tests (BatchWorkflowIT,
ForecastWorkflowIT).

1. moto 5.2.5 sends `states:startExecution` task parameters to its own API with the Step Functions field names
(StateMachineArn, Input, Name) where the SDK wants stateMachineArn, input, name, and reads the answer back with
the SDK names, so every startExecution / .sync / .sync:2 task fails with KeyError 'StateMachineArn'
(docs/local-aws notes, defect 5). AWS converts both ways; this module does the same conversion.
2. When a Map iteration or a Fail state (ErrorPath) reports an error whose name starts with "States." (a failed
   child execution is States.TaskFailed), moto raises ValueError("Custom Error Names MUST NOT begin with the prefix
   'States.'") and the run ends in States.Runtime. AWS passes such names on; so does this module.
3. An error from an `aws-sdk:forecast:*` task is named `forecast.ResourceInUseException` by moto (the lower-case
   service name of the Resource ARN), where AWS names it `Forecast.ResourceInUseException` (PascalCase service name,
   dot, error name with the Exception suffix), so a Retry or Catch written for AWS would never match. moto keeps a
   table of PascalCase names for some services; this module adds Forecast to it.
Nothing else changes; it then runs the ordinary moto_server main. The state machine definitions are used unchanged.

Run as: python moto_server_sfn.py -H 127.0.0.1 -p <port>
"""
import sys

from moto.server import main
from moto.stepfunctions.parser.asl.component.common.error_name import custom_error_name
from moto.stepfunctions.parser.asl.component.common.error_name.error_name import ErrorName
from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import iteration_worker
from moto.stepfunctions.parser.asl.component.state.fail import state_fail
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
    state_task_service_aws_sdk as aws_sdk,
    state_task_service_sfn as sfn,
)

_SFN_TO_SDK = (("StateMachineArn", "stateMachineArn"), ("Input", "input"), ("Name", "name"))
_original_normalise = sfn.StateTaskServiceSfn._normalise_parameters


def _sfn_cased(response):
    # SDK answers (executionArn, startDate, output...) -> Step Functions field names; dates as ISO text
    for key in list(response.keys()):
        value = response.pop(key)
        response[key[:1].upper() + key[1:]] = value.isoformat() if hasattr(value, "isoformat") else value


def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
    _original_normalise(self, parameters, boto_service_name, service_action_name)
    if service_action_name is None and self._get_boto_service_action() == "start_execution":
        for sfn_name, sdk_name in _SFN_TO_SDK:
            if sfn_name in parameters:
                parameters[sdk_name] = parameters.pop(sfn_name)


def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
    if isinstance(response, dict):
        _sfn_cased(response)


def _eval_service_task(self, env, resource_runtime_part, normalised_parameters, state_credentials):
    client = sfn.boto_client_for(
        region=resource_runtime_part.region,
        service=self._get_boto_service_name(),
        state_credentials=state_credentials,
    )
    response = getattr(client, self._get_boto_service_action())(**normalised_parameters)
    response.pop("ResponseMetadata", None)
    _sfn_cased(response)
    env.stack.append(response)


class _ReportedErrorName(custom_error_name.CustomErrorName):
    """An error name reported by a child (Map iteration, Fail ErrorPath): States.* names pass through as in AWS."""

    def __init__(self, error_name):
        ErrorName.__init__(self, error_name=error_name)


aws_sdk._SERVICE_ERROR_NAMES.setdefault("forecast", "Forecast")
iteration_worker.CustomErrorName = _ReportedErrorName
state_fail.CustomErrorName = _ReportedErrorName
sfn.StateTaskServiceSfn._normalise_parameters = _normalise_parameters
sfn.StateTaskServiceSfn._normalise_response = _normalise_response
sfn.StateTaskServiceSfn._eval_service_task = _eval_service_task

if __name__ == "__main__":
    sys.exit(main())
