"""The template's resources on the local endpoint, created from template.yaml itself.

template.yaml goes through the pinned SAM translator (the template audit's `translate`), and each resource of the
translated template is created in dependency order, its properties resolved as CloudFormation resolves them
(Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If and the condition functions, AWS::NoValue,
`{{resolve:secretsmanager:...}}`). Nothing lists the resources a second time: a resource added to the template
appears here, or, if its type has no creator below, is skipped with a one-line note.

Why not moto's own CloudFormation: it ignores bucket versioning and DefinitionSubstitutions, creates no Secrets
Manager secrets and puts state machines into the backend that never executes (docs in the README). Why not SAM
CLI's intrinsic resolver: it turns an unknown reference into the logical id silently; here an unresolvable
reference stops `up` with its name.
"""

import json
import re
import secrets as random_source
import string
import sys
import uuid
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"  # the edge resources exist only in us-east-1 stacks (template condition IsUsEast1)
STACK_NAME = "serverless-java-suite"
PSEUDO_CONDITION_KEYS = ("Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition")


class TemplateError(Exception):
    """The template asks for something the sandbox cannot resolve: stops `up` with the resource named."""


class _NoValue:
    def __repr__(self):
        return "AWS::NoValue"


NO_VALUE = _NoValue()


def translate_template(template_path: Path = ROOT / "template.yaml") -> dict:
    """template.yaml through the pinned aws-sam-translator, exactly as the template audit translates it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from audit_template import translate
    finally:
        sys.path.pop(0)
    import logging

    logging.getLogger("samtranslator").setLevel(logging.ERROR)
    return translate(template_path)


def references(node) -> set:
    """Logical ids a property tree refers to (Ref, Fn::GetAtt, ${X} and ${X.Attr} in Fn::Sub)."""
    found = set()

    def sub_names(text, local=()):
        for name in re.findall(r"\$\{([^!}][^}]*)\}", text):
            base = name.split(".", 1)[0]
            if base not in local and not base.startswith("AWS::"):
                found.add(base)

    def walk(value):
        if isinstance(value, dict):
            if len(value) == 1:
                key, arg = next(iter(value.items()))
                if key == "Ref" and isinstance(arg, str):
                    if not arg.startswith("AWS::"):
                        found.add(arg)
                    return
                if key == "Fn::GetAtt":
                    found.add(arg.split(".", 1)[0] if isinstance(arg, str) else arg[0])
                    return
                if key == "Fn::Sub":
                    if isinstance(arg, str):
                        sub_names(arg)
                    else:
                        sub_names(arg[0], set(arg[1]))
                        walk(arg[1])
                    return
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return found


def creation_order(resources: Dict[str, dict]) -> List[str]:
    """Logical ids so that each comes after everything it references or DependsOn (CloudFormation's order)."""
    needs = {}
    for logical_id, resource in resources.items():
        depends = resource.get("DependsOn", [])
        depends = [depends] if isinstance(depends, str) else list(depends)
        needs[logical_id] = {n for n in references(resource.get("Properties", {})) | set(depends) if n in resources}
    order, done, visiting = [], set(), set()

    def visit(logical_id):
        if logical_id in done:
            return
        if logical_id in visiting:
            raise TemplateError(f"circular dependency through {logical_id}")
        visiting.add(logical_id)
        for need in sorted(needs[logical_id]):
            visit(need)
        visiting.discard(logical_id)
        done.add(logical_id)
        order.append(logical_id)

    for logical_id in resources:
        visit(logical_id)
    return order


class Resolver:
    """CloudFormation's intrinsic functions over the translated template and the resources created so far."""

    def __init__(self, template: dict, parameter_overrides: Optional[Dict[str, str]] = None, stack_id: str = ""):
        self.template = template
        self.pseudo = {
            "AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": "aws",
            "AWS::StackName": STACK_NAME, "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackId": stack_id or f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{STACK_NAME}/{uuid.uuid4()}",
            "AWS::NotificationARNs": [],
        }
        self.parameters = {}
        for name, spec in template.get("Parameters", {}).items():
            value = (parameter_overrides or {}).get(name, spec.get("Default"))
            if value is None:
                raise TemplateError(f"parameter {name} has no default: pass it with --parameter-overrides")
            value = str(value) if not isinstance(value, list) else ",".join(map(str, value))
            self.parameters[name] = [v.strip() for v in value.split(",")] if spec.get("Type") == "CommaDelimitedList" \
                else value
        self.created: Dict[str, dict] = {}  # logical id -> {"Ref": ..., attribute: ...}
        self._conditions: Dict[str, bool] = {}

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            definition = self.template.get("Conditions", {}).get(name)
            if definition is None:
                raise TemplateError(f"unknown condition {name}")
            self._conditions[name] = bool(self.value(definition))
        return self._conditions[name]

    def ref(self, name: str):
        if name in self.pseudo:
            return self.pseudo[name]
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.parameters:
            return self.parameters[name]
        if name in self.created:
            return self.created[name]["Ref"]
        raise TemplateError(f"Ref to {name}, which is neither a parameter nor a created resource")

    def get_att(self, name: str, attribute: str):
        if name not in self.created:
            raise TemplateError(f"Fn::GetAtt {name}.{attribute}: {name} was not created")
        attributes = self.created[name]
        if attribute not in attributes:
            raise TemplateError(f"Fn::GetAtt {name}.{attribute}: the sandbox knows {sorted(attributes)} of {name}")
        return attributes[attribute]

    def _sub(self, text: str, variables: dict) -> str:
        def replace(match):
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                return str(self.get_att(*name.split(".", 1)))
            return str(self.ref(name))

        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def value(self, node):
        if isinstance(node, list):
            return [v for v in (self.value(item) for item in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            key, arg = next(iter(node.items()))
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                name, attribute = arg.split(".", 1) if isinstance(arg, str) else arg
                return self.get_att(name, self.value(attribute))
            if key == "Fn::Sub":
                if isinstance(arg, str):
                    return self._sub(arg, {})
                return self._sub(arg[0], {k: self.value(v) for k, v in arg[1].items()})
            if key == "Fn::Join":
                return str(arg[0]).join(str(v) for v in self.value(arg[1]))
            if key == "Fn::Select":
                return self.value(arg[1])[int(self.value(arg[0]))]
            if key == "Fn::Split":
                return str(self.value(arg[1])).split(arg[0])
            if key == "Fn::If":
                return self.value(arg[1] if self.condition(arg[0]) else arg[2])
            if key == "Fn::Equals":
                return str(self.value(arg[0])) == str(self.value(arg[1]))
            if key == "Fn::Not":
                return not self.value(arg[0])
            if key == "Fn::And":
                return all(self.value(a) for a in arg)
            if key == "Fn::Or":
                return any(self.value(a) for a in arg)
            if key == "Condition":
                return self.condition(arg)
            if key == "Fn::FindInMap":
                mapping, first, second = (self.value(a) for a in arg)
                return self.template["Mappings"][mapping][first][second]
            if key == "Fn::GetAZs":
                return [f"{REGION}a", f"{REGION}b", f"{REGION}c"]
            if key == "Fn::Base64":
                import base64

                return base64.b64encode(str(self.value(arg)).encode()).decode()
            if key.startswith("Fn::"):
                raise TemplateError(f"{key} is not supported by the sandbox")
        return {k: v for k, v in ((k, self.value(v)) for k, v in node.items()) if v is not NO_VALUE}


def physical_name(logical_id: str, max_length: int = 64, lower: bool = False, sep: str = "-") -> str:
    """What CloudFormation generates for an unnamed resource: <stack>-<LogicalId>-<random>."""
    suffix = "".join(random_source.choice(string.ascii_uppercase + string.digits) for _ in range(12))
    name = f"{STACK_NAME}{sep}{logical_id}"[: max_length - 13] + sep + suffix
    return name.lower() if lower else name


def resolve_dynamic_references(node, secret_value: Callable[[str], str]):
    """`{{resolve:secretsmanager:id[:SecretString[:json-key]]}}` inside strings, read from the local endpoint."""
    pattern = re.compile(r"\{\{resolve:secretsmanager:(.+?)\}\}")

    def one(match):
        parts = match.group(1).split(":SecretString")
        secret_id, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        value = secret_value(secret_id)
        key = rest.lstrip(":").split(":", 1)[0] if rest.lstrip(":") else ""
        return str(json.loads(value)[key]) if key else value

    if isinstance(node, str):
        return pattern.sub(one, node)
    if isinstance(node, list):
        return [resolve_dynamic_references(v, secret_value) for v in node]
    if isinstance(node, dict):
        return {k: resolve_dynamic_references(v, secret_value) for k, v in node.items()}
    return node


