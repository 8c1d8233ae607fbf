"""What `sam sync --watch` should watch for each function and layer of template.yaml (used by scripts/sync-dev.sh).

Every Java function's CodeUri is the repository root (its makefile target runs the root Maven reactor), so SAM
watches the whole tree for each of them. This narrows each resource to what its artifact is built from:
  - the folder whose build.mk has its `build-<LogicalId>` target (its module),
  - the reactor modules that module depends on outside test scope, transitively (read from the modules' POMs),
  - the root build files (pom.xml, mvnw, .mvn/, Makefile; only the Makefile for a folder outside the reactor),
by excluding every other top-level entry of the repository, plus build output (target/) anywhere.

SAM CLI (1.170, samcli/lib/utils/resource_trigger.py) turns each `--watch-exclude <LogicalId>=<text>` into the
regex ^.*<text>.*$ and watchdog matches it against the absolute path of each changed file or folder, so each
exclusion here is a regex anchored at the repository's real path: a module name elsewhere in the path (a clone
under ~/common/...) cannot hide a change.

  python scripts/lib/watch_excludes.py            prints "<LogicalId> <regex>" lines
  python scripts/lib/watch_excludes.py --plan     prints the watch set of each resource
"""

import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from samcli.yamlhelper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
# Read by every build target; a change here rebuilds everything.
BUILD_FILES = {"pom.xml", "mvnw", ".mvn", "Makefile"}
# Build output and tool folders, wherever they are.
ALWAYS_EXCLUDED = ["/target/", "/.venv/", "/.git/", "/benchmarks/results/", "/.idea/"]
POM = "{http://maven.apache.org/POM/4.0.0}"


def resources(root):
    with open(root / "template.yaml", encoding="utf-8") as f:
        template = yaml_parse(f.read())
    return [logical_id for logical_id, resource in template.get("Resources", {}).items()
            if resource.get("Type") in ("AWS::Serverless::Function", "AWS::Serverless::LayerVersion")]


def build_targets(root):
    """LogicalId -> the folder whose build.mk defines build-<LogicalId>."""
    targets = {}
    for build_mk in sorted(root.glob("*/build.mk")):
        for match in re.finditer(r"^build-([A-Za-z0-9]+):", build_mk.read_text(encoding="utf-8"), re.MULTILINE):
            targets[match.group(1)] = build_mk.parent.name
    return targets


def reactor_dependencies(root):
    """Module folder -> reactor module folders it depends on outside test scope (direct)."""
    modules = [m.text.strip() for m in ET.parse(root / "pom.xml").getroot().iter(POM + "module")]
    by_artifact = {}
    for module in modules:
        artifact = ET.parse(root / module / "pom.xml").getroot().find(POM + "artifactId").text.strip()
        by_artifact[artifact] = module
    deps = {}
    for module in modules:
        project = ET.parse(root / module / "pom.xml").getroot()
        found = set()
        for dependency in project.findall(f"{POM}dependencies/{POM}dependency"):
            artifact = dependency.find(POM + "artifactId").text.strip()
            scope = dependency.find(POM + "scope")
            if artifact in by_artifact and (scope is None or scope.text.strip() != "test"):
                found.add(by_artifact[artifact])
        deps[module] = found
    return deps


def watch_set(module, deps):
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(deps.get(current, ()))
    return seen


def plan(root=ROOT):
    """LogicalId -> (watched top-level entries, exclusion regexes)."""
    real_root = os.path.realpath(root)
    targets = build_targets(root)
    deps = reactor_dependencies(root)
    entries = sorted(os.listdir(root))
    result = {}
    for logical_id in resources(root):
        excludes = list(ALWAYS_EXCLUDED)
        module = targets.get(logical_id)
        watched = set(entries)
        if module is not None:
            # a folder outside the Maven reactor (the Node edge function) is copied by its make target alone
            build_files = BUILD_FILES if module in deps else {"Makefile"}
            watched = watch_set(module, deps) | (build_files & set(entries))
            for entry in entries:
                if entry not in watched:
                    excludes.append(re.escape(f"{real_root}/{entry}") + "(/|$)")
        result[logical_id] = (sorted(watched), excludes)
    return result


def main(argv):
    for logical_id, (watched, excludes) in plan().items():
        if "--plan" in argv:
            print(f"{logical_id}: {' '.join(watched)}")
        else:
            for exclude in excludes:
                print(logical_id, exclude)


if __name__ == "__main__":
    main(sys.argv[1:])
