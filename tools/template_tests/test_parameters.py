"""Parameter constraints that refuse a bad value at deploy time instead of deep inside a run.

CloudFormation checks AllowedPattern with Java's regular expressions (the whole value must match). Each pattern is
checked here with Java's java.util.regex (the engine CloudFormation uses) and with Python's re, which agree on the
constructs used (character classes, groups, negative lookahead)."""

import os
import re
import shutil
import subprocess
import textwrap

import pytest

from cfn_template import load_template

ARCHIVE_ACCEPTED = ["input_archive", "archive", "archive/input", "inputs", "input-old", "my.runs", "outputs",
                    "output_archive", "runs2", "Input", "a/b/c"]
ARCHIVE_REFUSED = ["input", "input/", "input/archive", "input/a/b", "runs", "runs/x", "output", "output/archive",
                   "", "/archive", "archive/", "a//b", "a b", "archive/*"]


def allowed_pattern(name):
    return load_template()["Parameters"][name]["AllowedPattern"]


def java_full_matches(pattern, values, tmp_path):
    """Which values Java's Pattern.matches accepts, the way CloudFormation checks AllowedPattern."""
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    assert java and os.path.exists(java), "a JDK is needed (JAVA_HOME or java on PATH) to check patterns with Java"
    source = tmp_path / "Matches.java"
    source.write_text(textwrap.dedent("""
        import java.util.regex.Pattern;
        public class Matches {
          public static void main(String[] args) {
            Pattern p = Pattern.compile(args[0]);
            for (int i = 1; i < args.length; i++) System.out.println(p.matcher(args[i]).matches());
          }
        }
        """))
    out = subprocess.run([java, str(source), pattern, *values], capture_output=True, text=True, timeout=120,
                         check=True).stdout.split()
    return dict(zip(values, (v == "true" for v in out)))


def test_input_archive_folder_refuses_the_workflow_folders_in_python_re():
    pattern = allowed_pattern("InputArchiveFolder")
    for value in ARCHIVE_ACCEPTED:
        assert re.fullmatch(pattern, value), value
    for value in ARCHIVE_REFUSED:
        assert not re.fullmatch(pattern, value), value


def test_input_archive_folder_refuses_the_workflow_folders_in_java_regex(tmp_path):
    pattern = allowed_pattern("InputArchiveFolder")
    matches = java_full_matches(pattern, ARCHIVE_ACCEPTED + ARCHIVE_REFUSED, tmp_path)
    assert {v for v in ARCHIVE_ACCEPTED if not matches[v]} == set()
    assert {v for v in ARCHIVE_REFUSED if matches[v]} == set()


def test_input_archive_folder_default_is_accepted():
    parameter = load_template()["Parameters"]["InputArchiveFolder"]
    assert re.fullmatch(parameter["AllowedPattern"], parameter["Default"])
