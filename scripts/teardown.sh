#!/usr/bin/env bash
# Removes a deployed stack AND what `sam delete` leaves behind (README "Clean up"). Dry run by default.
#
#   scripts/teardown.sh                      # prints the plan for serverless-java-suite and serverless-java-suite-dev
#   scripts/teardown.sh --yes                # does it without asking
#   scripts/teardown.sh --stack my-stack --region eu-west-1
#   scripts/teardown.sh --sam-managed-stack  # also SAM's own aws-sam-cli-managed-default stack and its bucket
#
# For each stack it finds the S3 buckets, DynamoDB tables and Lambda functions the stack holds, and the ones the
# stack's template keeps on delete (DeletionPolicy: Retain). Then, once confirmed (--yes, or typing "delete" at the
# prompt): empties every bucket (all object versions and delete markers, 1,000 per DeleteObjects call), deletes the
# stack and waits, then deletes the retained buckets, tables and functions. The retained Lambda@Edge function can be
# deleted only once CloudFront has removed its replicas, hours after the distribution is gone: run the script again
# then (a stack that is already gone is found through the tags CloudFormation left on its resources).
#
# Needs the AWS CLI (`aws` on PATH or .venv/bin/aws) with credentials, and a Python with PyYAML (.venv/bin/python).
# --endpoint-url URL sends every call to another endpoint (the tests use a local moto_server).
set -euo pipefail
cd "$(dirname "$0")/.."

STACKS=()
YES=""
SAM_MANAGED=""
AWS_ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --stack) STACKS+=("$2"); shift 2 ;;
    --region) AWS_ARGS+=(--region "$2"); shift 2 ;;
    --endpoint-url) AWS_ARGS+=(--endpoint-url "$2"); shift 2 ;;
    --yes|-y) YES=1; shift ;;
    --sam-managed-stack) SAM_MANAGED=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "teardown: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#STACKS[@]} -gt 0 ] || STACKS=(serverless-java-suite serverless-java-suite-dev)
[ -z "$SAM_MANAGED" ] || STACKS+=(aws-sam-cli-managed-default)

AWS_BIN=${AWS_BIN:-$(command -v aws || echo .venv/bin/aws)}
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
aws_() { "$AWS_BIN" "${AWS_ARGS[@]}" --output json "$@"; }

# Prints "<Type> <PhysicalId> <retain|delete>" per bucket, table and function of a live stack. The retain flag comes
# from the deployed template (after the SAM transform), so it is what CloudFormation will really do.
live_stack_resources() {
  local stack=$1 resources template
  resources=$(aws_ cloudformation describe-stack-resources --stack-name "$stack" \
    --query 'StackResources[].[LogicalResourceId, ResourceType, PhysicalResourceId]')
  template=$(aws_ cloudformation get-template --stack-name "$stack" --template-stage Processed --query TemplateBody)
  RESOURCES=$resources TEMPLATE=$template "$PYTHON" - <<'PY'
import json, os, yaml

class Loader(yaml.SafeLoader):
    pass
# CloudFormation short forms (!Ref, !Sub ...) are irrelevant here; read them as plain values
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)

body = json.loads(os.environ["TEMPLATE"])
template = body if isinstance(body, dict) else yaml.load(body, Loader=Loader)
policies = {k: (v or {}).get("DeletionPolicy", "Delete") for k, v in (template.get("Resources") or {}).items()}
kinds = ("AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Lambda::Function")
for logical, kind, physical in json.loads(os.environ["RESOURCES"]):
    if kind in kinds and physical:
        print(kind, physical, "retain" if policies.get(logical) == "Retain" else "delete")
PY
}

# Same lines for a stack that is gone: what still carries its aws:cloudformation:stack-name tag is what it kept.
leftover_resources() {
  aws_ resourcegroupstaggingapi get-resources \
    --tag-filters "Key=aws:cloudformation:stack-name,Values=$1" --query 'ResourceTagMappingList[].ResourceARN' \
    | "$PYTHON" -c '
import json, sys
for arn in json.load(sys.stdin) or []:
    parts = arn.split(":", 5)
    service, rest = parts[2], parts[5]
    if service == "s3" and "/" not in rest:
        print("AWS::S3::Bucket", rest, "leftover")
    elif service == "dynamodb" and rest.startswith("table/") and rest.count("/") == 1:
        print("AWS::DynamoDB::Table", rest[len("table/"):], "leftover")
    elif service == "lambda" and rest.startswith("function:"):
        print("AWS::Lambda::Function", rest.split(":")[1], "leftover")
'
}

bucket_exists() { aws_ s3api head-bucket --bucket "$1" >/dev/null 2>&1; }

bucket_entry_count() {
  aws_ s3api list-object-versions --bucket "$1" \
    --query 'length([Versions || `[]`, DeleteMarkers || `[]`][])'
}

# Deletes every object version and delete marker: list the first page (at most 1,000 entries, the DeleteObjects
# limit), delete exactly those, repeat until the listing is empty. Restarting from the top each time means no
# pagination marker can point at something already deleted.
empty_bucket() {
  local bucket=$1 deleted=0 count errors batch
  batch=$(mktemp)
  while :; do
    aws_ s3api list-object-versions --bucket "$bucket" --max-keys 1000 --no-paginate \
      --query '{Objects: [Versions || `[]`, DeleteMarkers || `[]`][].{Key: Key, VersionId: VersionId}, Quiet: `true`}' \
      > "$batch"
    count=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["Objects"]))' "$batch")
    [ "$count" -gt 0 ] || break
    errors=$(aws_ s3api delete-objects --bucket "$bucket" --delete "file://$batch" --query 'Errors || `[]`')
    if [ "$errors" != "[]" ]; then
      echo "teardown: could not delete some objects of $bucket: $errors" >&2
      rm -f "$batch"
      return 1
    fi
    deleted=$((deleted + count))
    echo "  $bucket: $deleted entries deleted (object versions and delete markers)"
  done
  rm -f "$batch"
}

delete_resource() {
  local kind=$1 id=$2
  case $kind in
    AWS::S3::Bucket)
      bucket_exists "$id" || { echo "  bucket $id: already gone"; return 0; }
      empty_bucket "$id"
      aws_ s3api delete-bucket --bucket "$id" && echo "  bucket $id: deleted" ;;
    AWS::DynamoDB::Table|AWS::DynamoDB::GlobalTable)
      aws_ dynamodb delete-table --table-name "$id" >/dev/null && echo "  table $id: deleted" \
        || echo "  table $id: not deleted (see the error above)" ;;
    AWS::Lambda::Function)
      if aws_ lambda delete-function --function-name "$id"; then
        echo "  function $id: deleted"
      else
        echo "  function $id: not deleted yet. A Lambda@Edge function can be deleted only after CloudFront has" \
          "removed its replicas (hours after the distribution is deleted): run scripts/teardown.sh again later."
        FAILED=1
      fi ;;
  esac
}

describe() {
  case $1 in
    AWS::S3::Bucket) echo "bucket $2" ;;
    AWS::DynamoDB::Table|AWS::DynamoDB::GlobalTable) echo "DynamoDB table $2" ;;
    AWS::Lambda::Function) echo "Lambda function $2" ;;
  esac
}

# ---- plan ----
declare -a PLAN_STACKS=() PLAN_BUCKETS=() PLAN_RETAINED=() PLAN_WHY=()
for stack in "${STACKS[@]}"; do
  if aws_ cloudformation describe-stacks --stack-name "$stack" >/dev/null 2>&1; then
    PLAN_STACKS+=("$stack")
    lines=$(live_stack_resources "$stack")
  else
    echo "stack $stack: not found; looking for resources it kept (tag aws:cloudformation:stack-name=$stack)"
    lines=$(leftover_resources "$stack" 2>/dev/null || true)
  fi
  while read -r kind id policy; do
    [ -n "${kind:-}" ] || continue
    [ "$kind" != AWS::S3::Bucket ] || PLAN_BUCKETS+=("$id")
    case $policy in
      retain) PLAN_RETAINED+=("$kind $id"); PLAN_WHY+=("kept by stack $stack: DeletionPolicy Retain") ;;
      leftover) PLAN_RETAINED+=("$kind $id"); PLAN_WHY+=("left behind by the deleted stack $stack") ;;
    esac
  done <<< "$lines"
done

if [ ${#PLAN_STACKS[@]} -eq 0 ] && [ ${#PLAN_RETAINED[@]} -eq 0 ]; then
  echo "teardown: nothing to delete for ${STACKS[*]}"
  exit 0
fi

echo "teardown plan:"
for bucket in ${PLAN_BUCKETS[@]+"${PLAN_BUCKETS[@]}"}; do
  if bucket_exists "$bucket"; then
    echo "  empty bucket $bucket ($(bucket_entry_count "$bucket") entries: object versions and delete markers)"
  fi
done
for stack in ${PLAN_STACKS[@]+"${PLAN_STACKS[@]}"}; do
  echo "  delete stack $stack"
done
for i in ${PLAN_RETAINED[@]+"${!PLAN_RETAINED[@]}"}; do
  echo "  delete $(describe ${PLAN_RETAINED[$i]}) (${PLAN_WHY[$i]})"
done
if [ -z "$SAM_MANAGED" ]; then
  echo "  (kept: SAM's aws-sam-cli-managed-default stack and its artifact bucket, shared by every SAM app in this" \
    "account and Region; add --sam-managed-stack to remove them too)"
fi

if [ -z "$YES" ]; then
  if [ -t 0 ]; then
    read -r -p "Type 'delete' to delete all of the above: " answer
    [ "$answer" = delete ] || { echo "teardown: nothing deleted"; exit 1; }
  else
    echo "teardown: dry run, nothing deleted (run with --yes, or in a terminal to be asked)"
    exit 0
  fi
fi

# ---- do it ----
FAILED=""
for bucket in ${PLAN_BUCKETS[@]+"${PLAN_BUCKETS[@]}"}; do
  if bucket_exists "$bucket"; then
    echo "emptying bucket $bucket"
    empty_bucket "$bucket"
  fi
done
for stack in ${PLAN_STACKS[@]+"${PLAN_STACKS[@]}"}; do
  echo "deleting stack $stack (waits until CloudFormation is done)"
  aws_ cloudformation delete-stack --stack-name "$stack"
  aws_ cloudformation wait stack-delete-complete --stack-name "$stack"
  echo "  stack $stack: deleted"
done
for entry in ${PLAN_RETAINED[@]+"${PLAN_RETAINED[@]}"}; do
  echo "deleting $(describe $entry)"
  delete_resource $entry
done
if [ -n "$FAILED" ]; then
  exit 3
fi
echo "teardown: done"
