"""scripts/local-invoke: `sam local invoke` and `sam local start-lambda` without Docker.

  local-invoke <LogicalId> [-e event.json | -e -] [--env-vars f.json] [--parameter-overrides K=V ...]
               [--template t] [--endpoint-url URL] [--region R] [--warm N]
  local-invoke start-lambda [--port 3001] [same template options] [LogicalId ...]

stdout: the function's response (one line per invoke). stderr: the runtime's logs (START/END/REPORT and the
function's own lines). Exit status: 0 ok, 1 the function returned an error (or its init failed), 3 it timed out,
2 a usage problem (no build, unknown function...).
"""

import argparse
import dataclasses
import os
import signal
import statistics
import sys
from typing import Dict, List

from template import Template, UsageError, load_env_vars_file

EXIT_OK, EXIT_FUNCTION_ERROR, EXIT_USAGE, EXIT_TIMEOUT = 0, 1, 2, 3
BUILD_DIR = os.path.join(".aws-sam", "build")
SOURCE_SKIP = {"target", "node_modules", "bench", ".git", ".aws-sam", ".venv", "__pycache__"}


def parse_parameter_overrides(values: List[str]) -> Dict[str, str]:
    if not values:
        return {}
    # the parser `sam local invoke --parameter-overrides` uses (Key=Value, ParameterKey=..,ParameterValue=..)
    from samcli.cli.types import CfnParameterOverridesType

    return CfnParameterOverridesType().convert(tuple(values), None, None)


def add_template_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", "-t", default=os.path.join(BUILD_DIR, "template.yaml"),
                        help="built template (default: .aws-sam/build/template.yaml, what sam build wrote)")
    parser.add_argument("--parameter-overrides", nargs="+", default=[], metavar="K=V",
                        help="template parameters, as for sam local invoke")
    parser.add_argument("--env-vars", "-n", help="JSON file of environment overrides, as for sam local invoke")
    parser.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL", ""),
                        help="AWS endpoint for the function's SDK clients (AWS_ENDPOINT_URL; default: real AWS)")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
                        or "us-east-1")
    parser.add_argument("--no-build-check", action="store_true",
                        help="run the artifact even when the sources are newer than the last sam build")


def _newest_mtime(paths: List[str]) -> float:
    newest = 0.0
    for path in paths:
        if os.path.isfile(path):
            newest = max(newest, os.path.getmtime(path))
            continue
        for current, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in SOURCE_SKIP]
            for name in files:
                try:
                    newest = max(newest, os.path.getmtime(os.path.join(current, name)))
                except OSError:
                    pass
    return newest


def _build_target_module(logical_id: str) -> str:
    """The module whose build.mk has the build-<LogicalId> target (the makefile build of this repository)."""
    for entry in sorted(os.listdir(".")):
        build_mk = os.path.join(entry, "build.mk")
        if os.path.isfile(build_mk):
            with open(build_mk) as f:
                if any(line.startswith(f"build-{logical_id}:") for line in f):
                    return entry
    return ""


def check_build(template: Template, spec, template_path: str) -> None:
    artifact = spec.code_dir
    if not os.path.isdir(artifact) or not os.listdir(artifact):
        raise UsageError(f"{artifact} is missing or empty: run `.venv/bin/sam build` first")
    built = _newest_mtime([artifact])
    stale = []
    if os.path.isfile("template.yaml") and os.path.getmtime("template.yaml") > os.path.getmtime(template_path):
        stale.append("template.yaml")
    for logical_id, directory in [(spec.logical_id, artifact)] + [(os.path.basename(d), d) for d in spec.layer_dirs]:
        module = _build_target_module(logical_id)
        if not module:
            continue
        sources = [module, "pom.xml", "Makefile"] + (["common"] if os.path.isdir("common") and module != "common"
                                                    and os.path.isfile(os.path.join(module, "pom.xml")) else [])
        if _newest_mtime(sources) > max(built, _newest_mtime([directory])):
            stale.append(f"{module}/ (for {logical_id})")
    if stale:
        raise UsageError(f"{spec.logical_id}: the build in {BUILD_DIR} is older than {', '.join(stale)}: run "
                         "`.venv/bin/sam build` again (or pass --no-build-check)")


def read_event(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    if not source:
        return b"{}"
    with open(source, "rb") as f:
        return f.read()


def cmd_invoke(args) -> int:
    import emulator

    template = Template(args.template, parse_parameter_overrides(args.parameter_overrides),
                        load_env_vars_file(args.env_vars), args.region)
    spec = template.spec(args.function)
    if args.timeout:
        if args.timeout < 1 or args.timeout > 900:
            raise UsageError(f"--timeout {args.timeout}: Lambda allows 1 to 900 seconds")
        spec = dataclasses.replace(spec, timeout_s=args.timeout)
    if not args.no_build_check:
        check_build(template, spec, args.template)
    event = read_event(args.event)
    results = []
    with emulator.Environment(spec, args.endpoint_url) as env:
        for _ in range(1 + args.warm):
            result = env.invoke(event)
            results.append(result)
            sys.stdout.buffer.write(result.body.rstrip(b"\n") + b"\n")
            sys.stdout.flush()
            if result.status == "timeout":
                break
    for result in results:
        if result.status == "timeout":
            print(f"local-invoke: {spec.logical_id} timed out after its Timeout of {spec.timeout_s} s "
                  f"(request {result.request_id})", file=sys.stderr)
        elif result.status == "error":
            print(f"local-invoke: {spec.logical_id} returned an error ({result.error_type or 'unknown type'}): "
                  f"{result.body.decode('utf-8', 'replace')[:500]}", file=sys.stderr)
    if args.warm and results and results[0].duration_ms is not None:
        warm = [r.duration_ms for r in results[1:] if r.duration_ms is not None]
        summary = f"local-invoke: {spec.logical_id} cold: Init Duration {results[0].init_ms or 0:.2f} ms + " \
                  f"Duration {results[0].duration_ms:.2f} ms"
        if warm:
            summary += f"; warm Duration over {len(warm)}: median {statistics.median(warm):.2f} ms, " \
                       f"min {min(warm):.2f} ms, max {max(warm):.2f} ms"
        print(summary, file=sys.stderr)
    if any(r.status == "timeout" for r in results):
        return EXIT_TIMEOUT
    return EXIT_FUNCTION_ERROR if any(r.failed for r in results) else EXIT_OK


def cmd_start_lambda(args) -> int:
    import server

    template = Template(args.template, parse_parameter_overrides(args.parameter_overrides),
                        load_env_vars_file(args.env_vars), args.region)
    ids = args.functions or template.function_ids()
    specs = [template.spec(i) for i in ids]
    if not args.no_build_check:
        for spec in specs:
            check_build(template, spec, args.template)
    server.serve(specs, args.host, args.port, args.endpoint_url)
    return EXIT_OK


def _terminate(signum, _frame):
    raise KeyboardInterrupt  # unwinds through the environments' cleanup (process groups killed)


def main(argv: List[str]) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    os.environ.setdefault("SAM_CLI_TELEMETRY", "0")
    # no credentials in the shell: do not let boto3 probe the EC2 metadata service (seconds of timeouts)
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    if argv and argv[0] == "start-lambda":
        parser = argparse.ArgumentParser(prog="local-invoke start-lambda",
                                         description="Serve the Lambda Invoke API for the template's functions.")
        parser.add_argument("functions", nargs="*", help="logical ids to serve (default: every function)")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", "-p", type=int, default=3001)
        add_template_options(parser)
        handler, args = cmd_start_lambda, parser.parse_args(argv[1:])
    else:
        if argv and argv[0] == "invoke":
            argv = argv[1:]
        parser = argparse.ArgumentParser(prog="local-invoke", description=__doc__,
                                         formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("function", help="logical id of the function (or its name or ARN)")
        parser.add_argument("--event", "-e", default="", help="event file, or - for stdin (default: {})")
        parser.add_argument("--warm", type=int, default=0, metavar="N",
                            help="invoke N more times in the same environment (warm starts)")
        parser.add_argument("--timeout", type=int, default=0, metavar="SECONDS",
                            help="run with this Timeout instead of the template's (e.g. to see a handler stop at its"
                                 " in-code deadline)")
        add_template_options(parser)
        handler, args = cmd_invoke, parser.parse_args(argv)
    try:
        return handler(args)
    except UsageError as e:
        print(f"local-invoke: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
