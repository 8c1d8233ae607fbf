#!/usr/bin/env bash
# Security audit of template.yaml (README "Template audit"): checkov on the SAM-translated template; every
# accepted finding lives in audit/accepted-findings.yaml with its reason, and any other finding fails.
# checkov gets its own virtual environment (.venv-audit): its pinned dependencies conflict with aws-sam-cli's.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
want=$(sha256sum requirements-audit.txt | cut -d' ' -f1)
if [ ! -x .venv-audit/bin/checkov ] || [ "$(cat .venv-audit/.requirements-sha 2>/dev/null)" != "$want" ]; then
  echo "audit: installing checkov into .venv-audit from requirements-audit.txt (about a minute, once)"
  "$PYTHON" -m venv .venv-audit
  .venv-audit/bin/pip install --quiet --disable-pip-version-check -r requirements-audit.txt
  echo "$want" > .venv-audit/.requirements-sha
fi
[ -x .venv/bin/python ] || { echo "audit: run scripts/setup-tools.sh first (it installs SAM's translator into .venv)" >&2; exit 1; }
AWS_DEFAULT_REGION=us-east-1 exec .venv/bin/python scripts/audit_template.py --checkov .venv-audit/bin/checkov "$@"
