"""Security audit of template.yaml: translate it with SAM's own translator, run checkov on the result, and
compare checkov's findings with the accepted ones in audit/accepted-findings.yaml.

Fails (exit 1) when checkov reports a finding that is not accepted, or when an accepted finding no longer occurs
(the baseline must stay exact, so a fixed finding is removed from it in the same change). Run through
scripts/audit-template.sh, which installs checkov into its own virtual environment first.

Translation runs offline: local CodeUri/ContentUri values become placeholder S3 URIs (as `sam validate` does) and
each state machine's DefinitionUri file is inlined, so the audit sees the real definitions and every generated
role, permission and policy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import yaml
from samcli.yamlhelper import yaml_parse
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

ROOT = Path(__file__).resolve().parent.parent
PSEUDO_PARAMETERS = {
    "AWS::Region": "us-east-1",  # the edge resources exist only there: audit the largest variant of the stack
    "AWS::AccountId": "123456789012",
    "AWS::Partition": "aws",
    "AWS::StackName": "serverless-java-suite",
}


def translate(template_path: Path) -> dict:
    template = yaml_parse(template_path.read_text(encoding="utf-8"))
    placeholder = "s3://audit-placeholder/artifact.zip"
    function_globals = template.get("Globals", {}).get("Function", {})
    if "CodeUri" in function_globals:
        function_globals["CodeUri"] = placeholder
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function" and "CodeUri" in properties:
            properties["CodeUri"] = placeholder
        elif kind == "AWS::Serverless::LayerVersion":
            properties["ContentUri"] = placeholder
        elif kind == "AWS::Serverless::StateMachine" and "DefinitionUri" in properties:
            definition_file = template_path.parent / properties.pop("DefinitionUri")
            properties["Definition"] = json.loads(definition_file.read_text(encoding="utf-8"))
    translator = Translator(
        managed_policy_map=None,
        sam_parser=Parser(),
        plugins=[],
        boto_session=boto3.Session(region_name=PSEUDO_PARAMETERS["AWS::Region"]),
    )
    # No managed policy is referenced by name (only by ARN), so no IAM lookup is needed.
    return translator.translate(
        sam_template=template, parameter_values=dict(PSEUDO_PARAMETERS), get_managed_policy_map=lambda: {}
    )


def run_checkov(checkov: str, translated: Path) -> list[tuple[str, str]]:
    command = [checkov, "--file", str(translated), "--framework", "cloudformation", "--output", "json",
               "--quiet", "--compact", "--skip-download"]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "BC_SKIP_MAPPING": "TRUE"})
    # checkov exits 1 when a check fails; anything else without JSON is a crash.
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"audit: checkov did not produce a report (exit {result.returncode})")
    if isinstance(report, list):
        report = next(r for r in report if r.get("check_type") == "cloudformation")
    if report.get("summary", {}).get("parsing_errors"):
        raise SystemExit("audit: checkov could not parse the translated template")
    return sorted({(f["check_id"], logical_id(f["resource"])) for f in report["results"]["failed_checks"]})


def logical_id(resource: str) -> str:
    return resource.rsplit(".", 1)[-1]  # "AWS::Lambda::Function.HelloFunction" -> "HelloFunction"


def load_accepted(path: Path) -> dict[str, dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["accepted"]
    accepted = {}
    for entry in entries:
        if not entry.get("reason", "").strip():
            raise SystemExit(f"audit: {path.name}: {entry['check']} has no reason")
        accepted[entry["check"]] = entry
    return accepted


def compare(findings: list[tuple[str, str]], accepted: dict[str, dict]) -> tuple[list, list]:
    new = []
    used = set()
    for check, resource in findings:
        entry = accepted.get(check)
        resources = entry.get("resources") if entry else None
        if entry and (resources == "all" or resource in resources):
            used.add((check, resource if resources != "all" else "all"))
        else:
            new.append((check, resource))
    stale = []
    for check, entry in accepted.items():
        resources = entry["resources"]
        for resource in (["all"] if resources == "all" else resources):
            if (check, resource) not in used:
                stale.append((check, resource))
    return new, stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkov", required=True, help="path of the checkov executable")
    parser.add_argument("--template", default=str(ROOT / "template.yaml"))
    parser.add_argument("--accepted", default=str(ROOT / "audit" / "accepted-findings.yaml"))
    parser.add_argument("--out", default=str(ROOT / ".aws-sam" / "audit" / "template.json"))
    args = parser.parse_args()

    translated = Path(args.out)
    translated.parent.mkdir(parents=True, exist_ok=True)
    translated.write_text(json.dumps(translate(Path(args.template)), indent=1, default=str), encoding="utf-8")

    findings = run_checkov(args.checkov, translated)
    new, stale = compare(findings, load_accepted(Path(args.accepted)))
    print(f"audit: {len(findings)} findings, {len(findings) - len(new)} accepted with a reason in "
          f"{Path(args.accepted).relative_to(ROOT)}")
    for check, resource in new:
        print(f"audit: NEW finding {check} on {resource}: fix it, or accept it with a reason")
    for check, resource in stale:
        print(f"audit: accepted {check} on {resource} no longer occurs: remove it from the accepted list")
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main())
