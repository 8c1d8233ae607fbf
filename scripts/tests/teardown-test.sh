#!/usr/bin/env bash
# Tests scripts/teardown.sh against a local moto_server (started here on a free port, stopped on exit):
#   a CloudFormation stack with a retained versioned bucket (1,050 versions + 25 delete markers: two DeleteObjects
#   batches), a bucket CloudFormation deletes and a retained table, plus a leftover table of a stack already gone.
#   1. the dry run deletes nothing and prints the plan;  2. --yes leaves no stack, bucket or table behind.
set -euo pipefail
cd "$(dirname "$0")/../.."

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
work=$(mktemp -d)
.venv/bin/moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "$endpoint/moto-api/" >/dev/null && break
  sleep 0.1
done
aws() { .venv/bin/aws --endpoint-url "$endpoint" --output json "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$work/template.yaml" <<'YAML'
Resources:
  RetainedBucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  PlainBucket:
    Type: AWS::S3::Bucket
  RetainedTable:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    Properties:
      TableName: teardown-test-table
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
YAML
aws cloudformation create-stack --stack-name teardown-test --template-body "file://$work/template.yaml" >/dev/null
physical() {
  aws cloudformation describe-stack-resource --stack-name teardown-test --logical-resource-id "$1" \
    --query StackResourceDetail.PhysicalResourceId | tr -d '"'
}
retained=$(physical RetainedBucket)
plain=$(physical PlainBucket)
# moto's CloudFormation ignores VersioningConfiguration: turn versioning on directly, then write versions and markers
aws s3api put-bucket-versioning --bucket "$retained" --versioning-configuration Status=Enabled
ENDPOINT=$endpoint BUCKET=$retained .venv/bin/python - <<'PY'
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"])
bucket = os.environ["BUCKET"]
from concurrent.futures import ThreadPoolExecutor

def write(i):
    for version in range(3):
        s3.put_object(Bucket=bucket, Key=f"data/{i:04d}.txt", Body=f"version {version}".encode())
    if i < 25:
        s3.delete_object(Bucket=bucket, Key=f"data/{i:04d}.txt")  # a delete marker on top of the versions

with ThreadPoolExecutor(8) as pool:
    list(pool.map(write, range(350)))
PY
aws s3api put-object --bucket "$plain" --key note.txt --body "$work/template.yaml" >/dev/null
# a table kept by a stack that was deleted earlier: found through the tag CloudFormation puts on its resources
# (S3 refuses aws:* tags from a caller, moto included, so the test uses a table for this case)
aws dynamodb create-table --table-name teardown-test-leftover --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH \
  --tags Key=aws:cloudformation:stack-name,Value=teardown-test-gone >/dev/null

run_teardown() {
  scripts/teardown.sh --endpoint-url "$endpoint" --region us-east-1 \
    --stack teardown-test --stack teardown-test-gone "$@" < /dev/null
}

echo "--- dry run"
run_teardown | tee "$work/dry.txt"
grep -q "empty bucket $retained (1075 entries: object versions and delete markers)" "$work/dry.txt" || fail "plan: retained bucket"
grep -q "delete stack teardown-test" "$work/dry.txt" || fail "plan: stack"
grep -q "delete bucket $retained (kept by stack teardown-test: DeletionPolicy Retain)" "$work/dry.txt" || fail "plan: retained bucket delete"
grep -q "delete DynamoDB table teardown-test-table (kept by stack teardown-test" "$work/dry.txt" || fail "plan: retained table"
grep -q "delete DynamoDB table teardown-test-leftover (left behind by the deleted stack teardown-test-gone)" "$work/dry.txt" || fail "plan: leftover table"
if grep -q "delete bucket $plain (kept" "$work/dry.txt"; then fail "plan: the plain bucket is not retained"; fi
grep -q "dry run, nothing deleted" "$work/dry.txt" || fail "dry run must say it deleted nothing"
aws cloudformation describe-stacks --stack-name teardown-test >/dev/null || fail "dry run deleted the stack"
[ "$(aws s3api list-object-versions --bucket "$retained" --query 'length(Versions)')" = 1050 ] \
  || fail "dry run deleted object versions"

echo "--- --yes"
run_teardown --yes | tee "$work/yes.txt"
grep -q "$retained: 1000 entries deleted" "$work/yes.txt" || fail "first batch of 1000"
grep -q "$retained: 1075 entries deleted" "$work/yes.txt" || fail "second batch"
if aws cloudformation describe-stacks --stack-name teardown-test >/dev/null 2>&1; then fail "stack still there"; fi
for bucket in "$retained" "$plain"; do
  if aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then fail "bucket $bucket still there"; fi
done
for table in teardown-test-table teardown-test-leftover; do
  if aws dynamodb describe-table --table-name "$table" >/dev/null 2>&1; then fail "table $table still there"; fi
done

echo "--- nothing left"
run_teardown --yes | tee "$work/again.txt"
grep -q "nothing to delete" "$work/again.txt" || fail "a second run should find nothing"
echo "teardown-test: ok"
