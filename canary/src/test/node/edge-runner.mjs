// Runs the real edge-origin-request handler for the Java test harness (LocalEdge): one JSON line in per request
// ({"id", "event"}: a CloudFront origin-request event), one JSON line out ({"id", "result"} or {"id", "error"}).
// The handler reads its DynamoDB table from AWS_ENDPOINT_URL (the tests' moto_server) through its own test seam,
// createHandler({clientFor}); nothing else of the function is replaced.
//   node edge-runner.mjs <path to edge-origin-request/src/index.mjs>

import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [indexPath] = process.argv.slice(2);
const { createHandler } = await import(pathToFileURL(indexPath).href);
const { createDynamoDbClient } = await import(pathToFileURL(indexPath.replace(/index\.mjs$/, 'mapping-table.mjs')).href);

const endpoint = process.env.AWS_ENDPOINT_URL;
if (!endpoint) {
  throw new Error('AWS_ENDPOINT_URL must name the local AWS endpoint');
}
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
const handler = createHandler({
  clientFor: (region, timeouts) => createDynamoDbClient(region, { endpoint, credentials, timeouts }),
  // the handler's own log lines and its metrics (EMF) lines go to stderr, so stdout carries only answers
  log: (level, message, fields) => process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`),
  emit: (line) => process.stderr.write(`${line}\n`),
});

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === '') {
    continue;
  }
  const { id, event } = JSON.parse(line);
  try {
    const result = await handler(event);
    process.stdout.write(`${JSON.stringify({ id, result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id, error: String(error?.stack ?? error) })}\n`);
  }
}
