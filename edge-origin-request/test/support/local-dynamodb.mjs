// A real local DynamoDB endpoint for the tests and the benchmark: AWS_ENDPOINT_URL when set, else a moto_server
// (from MOTO_SERVER, else the project's .venv) on a free 127.0.0.1 port. No endpoint is an error: the tests fail,
// they never skip.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../..');
const projectRoot = path.resolve(packageRoot, '..');

export const REGION = 'us-east-1';
// not frozen: the SDK tags the credentials object it is given
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts (or adopts) the endpoint. Returns {endpoint, stop}. */
export async function startLocalDynamoDb() {
  const explicit = process.env.AWS_ENDPOINT_URL?.trim();
  if (explicit) {
    await waitUntilAnswers(explicit, 10_000, null);
    return { endpoint: explicit, stop: async () => {} };
  }
  const executable = process.env.MOTO_SERVER?.trim() || path.join(projectRoot, '.venv/bin/moto_server');
  if (!existsSync(executable)) {
    throw new Error(`No local AWS endpoint: ${executable} does not exist. Run scripts/setup-tools.sh, `
      + 'or set MOTO_SERVER or AWS_ENDPOINT_URL. These tests need a real endpoint; they fail rather than skip.');
  }
  const port = await freePort();
  mkdirSync(path.join(packageRoot, 'target'), { recursive: true });
  const logFile = path.join(packageRoot, 'target', `moto-server-${port}.log`);
  const log = openSync(logFile, 'w');
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
  delete env.AWS_ENDPOINT_URL;
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', log, log], env });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntilAnswers(endpoint, 60_000, child);
  } catch (error) {
    await stop();
    throw new Error(`${error.message} (log: ${logFile})`, { cause: error });
  }
  return { endpoint, stop };
}

async function waitUntilAnswers(endpoint, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`moto_server exited with ${child.exitCode} before answering`);
    }
    try {
      const response = await fetch(new URL('/moto-api/', endpoint), { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`local AWS endpoint ${endpoint} did not answer within ${timeoutMs} ms`);
}

/** An admin client for setting up tables (the code under test builds its own). */
export function adminClient(endpoint, region = REGION) {
  return new DynamoDBClient({ region, endpoint, credentials: { ...CREDENTIALS } });
}

export function uniqueName(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Creates a mapping table shaped like EdgeVersionTable (partition key "version"). */
export async function createMappingTable(client, name) {
  await client.send(new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'version', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'version', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
}

export async function putMapping(client, table, { version, domain, path: stagePath }) {
  await client.send(new PutItemCommand({
    TableName: table,
    Item: { version: { S: version }, domain: { S: domain }, path: { S: stagePath }, managedBy: { S: 'test' } },
  }));
}

export async function putCatalog(client, table, versions) {
  await client.send(new PutItemCommand({
    TableName: table,
    Item: { version: { S: '#catalog' }, versions: { L: versions.map((v) => ({ S: v })) } },
  }));
}

/**
 * Counts the DynamoDB calls a client makes (one per command, retries not included), by command name.
 * Added as SDK middleware, so the real client still talks HTTP to the endpoint.
 */
export function countCalls(client) {
  const counts = { total: 0 };
  client.middlewareStack.add((next, context) => async (args) => {
    counts.total += 1;
    counts[context.commandName] = (counts[context.commandName] ?? 0) + 1;
    return next(args);
  }, { step: 'initialize', name: 'countCalls' });
  return counts;
}
