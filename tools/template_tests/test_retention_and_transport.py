"""Resources whose loss loses data survive a stack delete or replacement, and queues accept TLS requests only."""

import pytest

from cfn_template import load_template

RESOURCES = load_template()["Resources"]
QUEUES = sorted(name for name, r in RESOURCES.items() if r["Type"] == "AWS::SQS::Queue")
SECRETS = sorted(name for name, r in RESOURCES.items() if r["Type"] == "AWS::SecretsManager::Secret")
# each queue is a dead-letter queue / on-failure destination: its messages are the only record of failed events
RETAINED_QUEUES = ["BatchTriggerDeadLetterQueue", "DiffCheckerDeadLetterQueue"]
# neither secret holds data that outlives the stack: a per-stack generated token and example values
DELETED_SECRETS = ["EdgeOriginVerifySecret", "SecretsEnvExampleSecret"]


def test_every_queue_and_secret_has_a_decided_policy():
    # a new queue or secret must be added to one of the lists above, with its reason
    assert QUEUES == sorted(RETAINED_QUEUES)
    assert SECRETS == sorted(DELETED_SECRETS)


@pytest.mark.parametrize("name", RETAINED_QUEUES)
def test_dead_letter_queues_are_retained(name):
    assert RESOURCES[name]["DeletionPolicy"] == "Retain"
    assert RESOURCES[name]["UpdateReplacePolicy"] == "Retain"


@pytest.mark.parametrize("name", DELETED_SECRETS)
def test_secrets_state_their_deletion_policy(name):
    assert RESOURCES[name]["DeletionPolicy"] == "Delete"
    assert RESOURCES[name]["UpdateReplacePolicy"] == "Delete"


def tls_only_statement(policy, queue):
    for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
        if (statement["Effect"] == "Deny" and statement["Principal"] == "*" and statement["Action"] == "sqs:*"
                and statement["Resource"] == {"Fn::GetAtt": [queue, "Arn"]}
                and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}):
            return statement
    return None


@pytest.mark.parametrize("queue", QUEUES)
def test_every_queue_denies_requests_without_tls(queue):
    policies = [r for r in RESOURCES.values()
                if r["Type"] == "AWS::SQS::QueuePolicy" and {"Ref": queue} in r["Properties"]["Queues"]]
    assert [p for p in policies if tls_only_statement(p, queue)], f"{queue} has no TLS-only queue policy"
