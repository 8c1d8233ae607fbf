// Benchmark: this function against the public sample's approach, measured in the same run against the same local
// DynamoDB endpoint (moto_server, started here like the tests do).
//
//   node bench/bench.mjs [--requests 100000] [--mixed 10000]      (npm run bench)
//
// Prints, for both: warm per-request handler latency (p50/p99 over --requests routed requests), DynamoDB calls for
// --mixed requests on a cold cache (3 known versions + 2 unknown ones, 100 in flight), calls for 1,000 concurrent
// cold requests for one version, and the answer time with the endpoint hanging.
//
// The baseline reimplements the sample's logic (not its code): Scan the whole table into a module variable kept
// 5 minutes, exact case-insensitive match of the first header value, SDK default client settings, and the sample's
// own logging (the request received, the lookup, the mapping and the request returned as pretty-printed JSON on
// every request, the scanned items on every Scan). Both handlers log through the same console whose output is
// discarded: formatting is paid, the terminal is not.
//
// Every figure is for ONE process (one execution environment). Lambda@Edge runs many environments per edge
// location, each with its own cache, so fleet-wide call counts are these per-environment figures times the
// number of environments, for both designs.

import { Console } from 'node:console';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createHandler } from '../src/index.mjs';
import { createDynamoDbClient } from '../src/mapping-table.mjs';
import {
  CREDENTIALS, adminClient, countCalls, createMappingTable, putCatalog, putMapping, startLocalDynamoDb, uniqueName,
} from '../test/support/local-dynamodb.mjs';
import { startSwitchableProxy } from '../test/support/switchable-proxy.mjs';

const { values: args } = parseArgs({
  options: { requests: { type: 'string', default: '100000' }, mixed: { type: 'string', default: '10000' } },
});
const REQUESTS = Number(args.requests);
const MIXED = Number(args.mixed);
const here = path.dirname(fileURLToPath(import.meta.url));
const template = JSON.parse(readFileSync(path.join(here, '../../events/edge-origin-request-v1-accept.json'), 'utf8'));
const VERSIONS = ['v1', 'v2', 'v3'];
const UNKNOWN = ['v404', 'v500'];

function eventFor(table, version) {
  const event = structuredClone(template);
  const request = event.Records[0].cf.request;
  request.origin.custom.customHeaders['x-router-version-table'] = [{ key: 'x-router-version-table', value: table }];
  request.headers.accept = [{ key: 'Accept', value: `application/vnd.example.${version}+json` }];
  return event;
}

/** A console whose output is dropped after formatting: the log sink of both handlers. */
const sink = new Console({
  stdout: new Writable({ write(chunk, encoding, done) { done(); } }),
  stderr: new Writable({ write(chunk, encoding, done) { done(); } }),
});

/** The sample's approach, reimplemented: full Scan cached 5 minutes, first header value matched exactly. */
function sampleApproach(client, now = Date.now, log = sink) {
  let cache = null;
  let loadedAt = 0;
  return async function handler(event) {
    const request = event.Records[0].cf.request;
    log.log(`Request Received:\n${JSON.stringify(request, null, 2)}`);
    const headers = request.origin.custom.customHeaders;
    const table = headers['x-router-version-table'][0].value;
    const value = request.headers.accept?.[0]?.value;
    if (!value) {
      return { status: '403', statusDescription: 'Accept header is missing.' };
    }
    log.log(`Lookup Info: \n${JSON.stringify({ table, headerName: 'accept', headerValue: value }, null, 2)}`);
    if (cache === null || now() - loadedAt > 300_000) {
      try {
        const data = await client.send(new ScanCommand({ TableName: table }));
        log.log(`Fetched Data: \n${JSON.stringify(data, null, 2)}`);
        const items = data.Items;
        cache = new Map(items.filter((i) => i.domain).map((i) => [`application/vnd.example.${i.version.S}+json`, i]));
        loadedAt = now();
      } catch {
        return { status: '403', statusDescription: `${value} is not a valid version.` }; // as the sample: errors look like 403s
      }
    }
    const item = cache.get(value.toLowerCase());
    if (!item) {
      return { status: '403', statusDescription: `${value} is not a valid version.` };
    }
    log.log(`API Version Mapping: \n${JSON.stringify(item, null, 2)}`);
    request.origin = { custom: { domainName: item.domain.S, port: 443, protocol: 'https', path: item.path.S,
      sslProtocols: ['TLSv1.2'], readTimeout: 30, keepaliveTimeout: 5, customHeaders: {} } };
    request.headers.host = [{ key: 'host', value: item.domain.S }];
    log.log(`Request Returned:\n${JSON.stringify(request, null, 2)}`);
    return request;
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function warmLatency(handler, table) {
  for (let i = 0; i < 2_000; i++) {
    await handler(eventFor(table, VERSIONS[i % 3])); // warm the cache and the JIT
  }
  const samples = new Float64Array(REQUESTS);
  for (let i = 0; i < REQUESTS; i++) {
    const event = eventFor(table, VERSIONS[i % 3]);
    const start = process.hrtime.bigint();
    const result = await handler(event);
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000; // microseconds
    if (!result.origin) {
      throw new Error(`request ${i} was not routed: ${result.status}`);
    }
  }
  samples.sort();
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

async function mixedBurst(handler, table) {
  const keys = [...VERSIONS, ...UNKNOWN];
  for (let i = 0; i < MIXED; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, MIXED - i) }, (_, j) => handler(eventFor(table, keys[(i + j) % 5]))));
  }
}

async function main() {
  const local = await startLocalDynamoDb();
  const proxy = await startSwitchableProxy(local.endpoint);
  const admin = adminClient(local.endpoint);
  try {
    const table = uniqueName('bench-versions');
    await createMappingTable(admin, table);
    for (const version of VERSIONS) {
      await putMapping(admin, table, { version, domain: `${version}api.execute-api.us-east-1.amazonaws.com`, path: `/${version}` });
    }
    await putCatalog(admin, table, VERSIONS);
    // a realistic table also holds other items the sample's Scan has to read every time
    for (let i = 0; i < 50; i++) {
      await admin.send(new PutItemCommand({ TableName: table, Item: { version: { S: `retired-${i}` }, note: { S: 'x'.repeat(200) } } }));
    }

    const ours = (endpoint = local.endpoint) => {
      let counts;
      const handler = createHandler({
        clientFor: (region, timeouts) => {
          const client = createDynamoDbClient(region, { endpoint, credentials: { ...CREDENTIALS }, timeouts });
          counts = countCalls(client);
          return client;
        },
        log: (level, message, fields) => sink[level]({ message, ...fields }), // as the default log, to the sink
        emit: () => {}, // the metrics line is still built (its cost is measured), just not printed
      });
      return { handler, calls: () => counts?.total ?? 0 };
    };
    const sample = (endpoint = local.endpoint) => {
      const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { ...CREDENTIALS } });
      const counts = countCalls(client);
      return { handler: sampleApproach(client), calls: () => counts.total };
    };

    const rows = [];
    for (const [name, make] of [['this function', ours], ['sample approach (baseline)', sample]]) {
      const latency = await warmLatency(make().handler, table);
      const burst = make();
      await mixedBurst(burst.handler, table);
      const cold = make();
      await Promise.all(Array.from({ length: 1_000 }, () => cold.handler(eventFor(table, 'v2'))));
      rows.push({ name, ...latency, mixedCalls: burst.calls(), coldCalls: cold.calls() });
    }

    // outage: the endpoint accepts connections and never answers
    proxy.setMode('hang');
    const outage = [];
    for (const [name, make, capMs] of [['this function', ours, 10_000], ['sample approach (baseline)', sample, 10_000]]) {
      const { handler } = make(proxy.endpoint);
      const start = performance.now();
      const result = await Promise.race([
        handler(eventFor(table, 'v1')),
        new Promise((resolve) => setTimeout(() => resolve({ status: 'no answer' }), capMs).unref()),
      ]);
      const ms = performance.now() - start;
      outage.push({ name, ms, status: result.status, capped: result.status === 'no answer', capMs });
    }

    const [a, b] = rows;
    console.log(`\nedge-origin-request benchmark (node ${process.version}, local moto_server, same run, one process)\n`);
    console.log(`warm handler latency over ${REQUESTS.toLocaleString('en')} routed requests, logging to a sink (microseconds)`);
    for (const r of rows) {
      console.log(`  ${r.name.padEnd(28)} p50 ${r.p50.toFixed(1).padStart(7)}   p99 ${r.p99.toFixed(1).padStart(7)}`);
    }
    console.log(`  ratio baseline/this           p50 ${(b.p50 / a.p50).toFixed(2)}x   p99 ${(b.p99 / a.p99).toFixed(2)}x`);
    console.log(`\nDynamoDB calls, cold cache, in ONE process (one execution environment; a fleet multiplies both)`);
    console.log(`  ${''.padEnd(28)} ${`${MIXED.toLocaleString('en')} mixed (3 known + 2 unknown, 100 in flight)`.padEnd(46)} 1,000 concurrent, one version`);
    for (const r of rows) {
      console.log(`  ${r.name.padEnd(28)} ${String(r.mixedCalls).padEnd(46)} ${r.coldCalls}`);
    }
    console.log(`  ratio baseline/this          ${`${(b.mixedCalls / a.mixedCalls).toFixed(1)}x`.padEnd(46)} ${(b.coldCalls / a.coldCalls).toFixed(1)}x`);
    console.log(`\nendpoint hanging, one request on a cold cache`);
    for (const o of outage) {
      console.log(`  ${o.name.padEnd(28)} ${o.capped ? `no answer after ${o.capMs} ms (gave up waiting)` : `${o.ms.toFixed(0)} ms -> ${o.status}`}`);
    }
    console.log('');
    proxy.setMode('forward');
  } finally {
    admin.destroy();
    await proxy.stop();
    await local.stop();
  }
  // the baseline's hanging request keeps a socket open; do not wait for it
  process.exit(0);
}

await main();
