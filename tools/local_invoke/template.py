"""What `sam local invoke` knows about a function, obtained from SAM CLI's own code.

SamLocalStackProvider / SamFunctionProvider resolve Globals, parameters (--parameter-overrides), conditions and
intrinsic functions exactly as `sam local invoke` does, and LocalLambdaRunner.get_invoke_config builds the
function's environment (standard AWS_* variables, LoggingConfig, --env-vars overrides, credentials) with the same
precedence. Nothing here re-implements template resolution; it only adapts the result to a host process.
"""

import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from samcli.commands.local.lib.local_lambda import LocalLambdaRunner
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
from samcli.local.lambdafn.exceptions import FunctionNotFound


class UsageError(Exception):
    """A problem the user fixes (missing build, unknown function...): message, exit status 2."""


@dataclass
class FunctionSpec:
    logical_id: str
    runtime: str
    handler: str
    memory_mb: int
    timeout_s: int
    code_dir: str
    layer_dirs: List[str]
    env: Dict[str, str]
    architecture: str
    aliases: List[str] = field(default_factory=list)


def load_env_vars_file(path: Optional[str]) -> Dict:
    if not path:
        return {}
    # the same reader `sam local invoke --env-vars` uses (JSON, or .env as global "Parameters")
    from samcli.commands.local.cli_common.invoke_context import InvokeContext

    return InvokeContext._get_env_vars_value(path) or {}


class Template:
    """The built template (.aws-sam/build/template.yaml), resolved once, answering FunctionSpecs."""

    def __init__(self, template_path: str, parameter_overrides: Dict[str, str], env_vars: Dict, region: str):
        if not os.path.isfile(template_path):
            raise UsageError(
                f"{template_path} does not exist: run `.venv/bin/sam build` first (this command runs what "
                "sam build produced, never the sources)")
        stacks, _ = SamLocalStackProvider.get_stacks(
            template_path,
            parameter_overrides=parameter_overrides,
            global_parameter_overrides={"AWS::Region": region},
        )
        self._provider = SamFunctionProvider(stacks)
        base_dir = os.path.dirname(os.path.abspath(template_path))
        # CodeUri/ContentUri in the built template are relative to the directory sam ran in (the project root)
        self._runner = LocalLambdaRunner(
            local_runtime=None, function_provider=self._provider, cwd=os.getcwd(), real_path=os.getcwd(),
            env_vars_values=env_vars, aws_region=region)
        self.base_dir = base_dir

    def function_ids(self) -> List[str]:
        return sorted(f.name for f in self._provider.get_all())

    def spec(self, identifier: str) -> FunctionSpec:
        try:
            function = self._runner.get_function(identifier)
        except FunctionNotFound:
            raise UsageError(
                f"no function '{identifier}' in the built template; functions: {', '.join(self.function_ids())}")
        config = self._runner.get_invoke_config(function)
        layer_dirs = []
        for layer in config.layers:
            if not layer.is_defined_within_template or not layer.codeuri:
                raise UsageError(
                    f"{function.name}: layer {layer.name} is not built by this template; local invoke runs "
                    "template layers only")
            layer_dirs.append(os.path.abspath(layer.codeuri))
        return FunctionSpec(
            logical_id=function.name,
            runtime=config.runtime,
            handler=config.handler,
            memory_mb=int(config.memory or 128),
            timeout_s=int(config.timeout or 3),
            code_dir=os.path.abspath(function.codeuri),
            layer_dirs=layer_dirs,
            env=config.env_vars.resolve(),
            architecture=config.architecture,
            aliases=[a for a in {function.functionname, function.function_id, function.full_path} if a],
        )
