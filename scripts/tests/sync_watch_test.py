"""Which functions `scripts/sync-dev.sh` (sam sync --watch) rebuilds for a change, through SAM CLI's own code.

Reads the command `PRINT_ONLY=1 scripts/sync-dev.sh` prints, parses its --watch-exclude values with SAM's option
type and callback, builds SAM's code triggers for template.yaml (CodeTriggerFactory, as `sam sync --watch` does)
and sends each a file-modified event per sample path: the resources whose handler fires are the ones SAM syncs.
Run: .venv/bin/python scripts/tests/sync_watch_test.py   (scripts/test.sh does)
"""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from samcli.cli.types import SyncWatchExcludeType
from samcli.commands._utils.options import watch_exclude_option_callback
from samcli.lib.providers.provider import ResourceIdentifier
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
from samcli.lib.utils.code_trigger_factory import CodeTriggerFactory
from watchdog.events import FileModifiedEvent

ROOT = Path(__file__).resolve().parents[2]
BATCH = {"BatchTriggerFunction", "BatchSplitFunction", "BatchChunkFunction", "BatchMergeFunction",
         "BatchArchiveFunction", "BatchNotifyFunction", "BatchFailureFunction"}
JAVA_FUNCTIONS = BATCH | {"HelloFunction", "DiffCheckerFunction", "EdgeVersionMappingsFunction",
                          "SecretsEnvExampleFunction", "ForecastConsolidatorFunction", "CanaryFunction"}
EVERYTHING_MAVEN = JAVA_FUNCTIONS | {"SecretsEnvLayer"}
# changed path (relative to the repository) -> the functions and layers SAM must rebuild
EXPECTED = {
    "demo-api/src/main/java/com/example/serverless/demoapi/handler/HelloHandler.java": {"HelloFunction"},
    "demo-api/pom.xml": {"HelloFunction"},
    # every Maven artifact uses common (the secrets layer for AwsClients, and the example through the layer)
    "common/src/main/java/com/example/serverless/common/aws/AwsClients.java": EVERYTHING_MAVEN,
    "s3-diff-checker/src/main/java/X.java": {"DiffCheckerFunction"},
    "batch-orchestrator/src/main/java/X.java": BATCH,
    # the demo API bundles the layer's in-process client (CachedSecrets) for its origin-verify token
    "secrets-env-layer/src/main/layer/secrets-env-wrapper": {"SecretsEnvLayer", "SecretsEnvExampleFunction",
                                                            "HelloFunction"},
    "secrets-env-example/src/main/java/X.java": {"SecretsEnvExampleFunction"},
    "edge-version-mappings/src/main/java/X.java": {"EdgeVersionMappingsFunction"},
    "forecast-workflow/src/main/java/X.java": {"ForecastConsolidatorFunction"},
    # the canary's tests run demo-api's handler (test scope): a demo-api change does not rebuild the canary
    "canary/src/main/java/X.java": {"CanaryFunction"},
    "edge-origin-request/src/index.mjs": {"EdgeOriginRequestFunction"},
    "pom.xml": EVERYTHING_MAVEN,
    "Makefile": EVERYTHING_MAVEN | {"EdgeOriginRequestFunction"},
    # not part of any artifact: no rebuild
    "test-support/src/main/java/X.java": set(),
    "demo-api/target/classes/X.class": set(),
    "common/target/common-1.0.0-SNAPSHOT.jar": set(),
    "events/demo-api-hello-v2.json": set(),
    "statemachines/batch-main.asl.json": set(),
    "README.md": set(),
    "scripts/test.sh": set(),
    "edge-origin-request/test/router.test.mjs": {"EdgeOriginRequestFunction"},
}


def watch_excludes():
    command = subprocess.run(["scripts/sync-dev.sh"], cwd=ROOT, env={**os.environ, "PRINT_ONLY": "1"},
                             check=True, capture_output=True, text=True).stdout
    args = shlex.split(command)
    values = [args[i + 1] for i, arg in enumerate(args) if arg == "--watch-exclude"]
    converted = tuple(SyncWatchExcludeType().convert(value, None, None) for value in values)
    return watch_exclude_option_callback(None, None, converted)


def main():
    os.chdir(ROOT)
    excludes = watch_excludes()
    stacks, _ = SamLocalStackProvider.get_stacks(str(ROOT / "template.yaml"))
    factory = CodeTriggerFactory(stacks, ROOT)
    fired = set()
    handlers = []
    built = {r for r, v in stacks[0].resources.items()
             if v.get("Type") in ("AWS::Serverless::Function", "AWS::Serverless::LayerVersion")}
    # a function added to the template must be named in the expectations above
    named = EVERYTHING_MAVEN | {"EdgeOriginRequestFunction"}
    assert built == named, f"functions/layers not named in this test (or gone): {sorted(built ^ named)}"
    for logical_id in sorted(built):
        trigger = factory.create_trigger(ResourceIdentifier(logical_id),
                                         lambda event=None, rid=logical_id: fired.add(rid),
                                         excludes.get(logical_id, []))
        handlers.extend(trigger.get_path_handlers())
    failures = 0
    real_root = os.path.realpath(ROOT)
    for relative, expected in EXPECTED.items():
        fired.clear()
        event = FileModifiedEvent(os.path.join(real_root, relative))
        for handler in handlers:
            handler.event_handler.dispatch(event)
        status = "ok" if fired == expected else "FAIL"
        failures += fired != expected
        print(f"{status}: {relative} -> {', '.join(sorted(fired)) or 'nothing'}")
        if fired != expected:
            print(f"      expected {', '.join(sorted(expected)) or 'nothing'}")
    print(f"sync-watch-test: {len(EXPECTED) - failures} paths as expected, {failures} not")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
