// Reads version mappings from the DynamoDB table, one GetItem per key (never a Scan), with a bounded budget:
// the SDK's defaults (no call timeout, 3 attempts, long socket waits) kept the sample busy for 16-39 s per request
// against an unreachable table, longer than its function timeout.
//
// Table layout (written by the Java custom resource, edge-version-mappings/):
//   { version: "v2", domain: "<api-id>.execute-api.<region>.amazonaws.com", path: "/v2", managedBy: "..." }
//   { version: "#catalog", versions: ["v1", "v2"] }   the accepted versions, listed in 403 answers

import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DOMAIN, PATH } from './mapping-rules.mjs';

export const CATALOG_KEY = '#catalog';

/**
 * The timeouts of one lookup budget (x-router-lookup-budget-ms): every DynamoDB call is answered, one way or
 * another, within callMs. Two attempts of (budget - 100 ms) / 2 each leave room for the SDK's back-off between them
 * (one retry is enough for a dropped connection); connecting gets 2/9 of the budget (200 ms of the default 900).
 */
export function timeoutsFor(budgetMs) {
  return Object.freeze({
    connectMs: Math.round((budgetMs * 2) / 9), // TCP connect
    requestMs: Math.floor((budgetMs - 100) / 2), // socket inactivity per attempt
    callMs: budgetMs, // the whole call, retries included
    maxAttempts: 2,
  });
}

/** The default budget's timeouts: 200 ms connect, 400 ms per attempt, 900 ms in all. */
const DEFAULT_TIMEOUTS = timeoutsFor(900);

/**
 * A DynamoDB client for one Region with explicit timeouts and a small retry budget.
 * endpoint and credentials are for local tests and the benchmark; in Lambda they come from the environment.
 */
export function createDynamoDbClient(region, { endpoint, credentials, timeouts = DEFAULT_TIMEOUTS } = {}) {
  return new DynamoDBClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: timeouts.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      // newer SDKs only warn when requestTimeout passes unless told to fail the attempt (older ones always fail it)
      throwOnRequestTimeout: true,
    },
  });
}

/** Raised for an item that exists but cannot be routed to; treated like an unreadable table. */
class InvalidMappingError extends Error {}

/**
 * Loads one key from the table: a mapping {version, domain, path}, the catalog {versions}, or null when the item
 * does not exist. Rejects when DynamoDB cannot be reached within the budget.
 */
export async function loadMapping(client, table, key, timeouts = DEFAULT_TIMEOUTS) {
  const command = new GetItemCommand({
    TableName: table,
    Key: { version: { S: key } },
    ProjectionExpression: '#d, #p, #vs',
    ExpressionAttributeNames: { '#d': 'domain', '#p': 'path', '#vs': 'versions' },
  });
  const abort = new AbortController();
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(Object.assign(new Error(`DynamoDB GetItem took longer than ${timeouts.callMs} ms`), { name: 'TimeoutError' }));
    }, timeouts.callMs);
  });
  let output;
  try {
    output = await Promise.race([client.send(command, { abortSignal: abort.signal }), deadline]);
  } finally {
    clearTimeout(timer);
  }
  const item = output.Item;
  if (!item) {
    return null;
  }
  if (key === CATALOG_KEY) {
    const versions = (item.versions?.L ?? []).map((entry) => entry.S).filter((v) => typeof v === 'string');
    return { versions: versions.sort() };
  }
  const domain = item.domain?.S?.toLowerCase();
  const path = item.path?.S ?? '';
  if (!domain || !DOMAIN.test(domain) || !PATH.test(path)) {
    // a broken item must not send traffic somewhere unexpected; the custom resource validates before writing
    throw new InvalidMappingError(`item for version ${key} in ${table} has an invalid domain or path`);
  }
  return { version: key, domain, path };
}
