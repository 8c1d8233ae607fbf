// The handler end to end against a real local DynamoDB endpoint (moto_server) over HTTP, reached through a proxy
// that can simulate an outage. DynamoDB calls are counted by SDK middleware on the real client.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHandler } from '../src/index.mjs';
import { createDynamoDbClient } from '../src/mapping-table.mjs';
import {
  CREDENTIALS, adminClient, countCalls, createMappingTable, freePort, putCatalog, putMapping, startLocalDynamoDb,
  uniqueName,
} from './support/local-dynamodb.mjs';
import { startSwitchableProxy } from './support/switchable-proxy.mjs';

const eventsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../events');
const MAPPINGS = [
  { version: 'v1', domain: 'v1api0001.execute-api.us-east-1.amazonaws.com', path: '/v1' },
  { version: 'v2', domain: 'v2api0002.execute-api.us-east-1.amazonaws.com', path: '/v2' },
  { version: 'v3', domain: 'v3api0003.execute-api.us-east-1.amazonaws.com', path: '/v3' },
];

let local;
let proxy;
let admin;

before(async () => {
  local = await startLocalDynamoDb();
  proxy = await startSwitchableProxy(local.endpoint);
  admin = adminClient(local.endpoint);
});

after(async () => {
  admin?.destroy();
  await proxy?.stop();
  await local?.stop();
});

// Tests that are not about timing get the largest lookup budget, so a busy machine (a slow first connection, a
// descheduled moto thread) cannot turn a lookup into a 503 or a retried GetItem. The timing tests set the budget
// they measure explicitly; `null` removes the header, which means the 900 ms default.
const BUDGET = 'x-router-lookup-budget-ms';
const UNHURRIED = { [BUDGET]: '10000' };
const DEFAULT_BUDGET = { [BUDGET]: null };

/** A sample event from events/, pointed at this test's table, optionally with other headers. */
function loadEvent(name, { table, headers, originHeaders } = {}) {
  const event = JSON.parse(readFileSync(path.join(eventsDir, name), 'utf8'));
  const request = event.Records[0].cf.request;
  const custom = request.origin.custom.customHeaders;
  if (table) {
    custom['x-router-version-table'] = [{ key: 'x-router-version-table', value: table }];
  }
  for (const [key, value] of Object.entries({ ...UNHURRIED, ...originHeaders })) {
    if (value === null) {
      delete custom[key];
    } else {
      custom[key] = [{ key, value }];
    }
  }
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === null) {
      delete request.headers[key.toLowerCase()];
    } else {
      request.headers[key.toLowerCase()] = [{ key, value }];
    }
  }
  return event;
}

async function seededTable() {
  const table = uniqueName('edge-versions');
  await createMappingTable(admin, table);
  for (const mapping of MAPPINGS) {
    await putMapping(admin, table, mapping);
  }
  await putCatalog(admin, table, MAPPINGS.map((m) => m.version));
  return table;
}

/** A handler with its own cache, a counted client per Region, a controllable clock and captured logs. */
function newHandler({ endpoint = proxy.endpoint, runningRegion = 'us-east-1' } = {}) {
  const state = { time: 1_700_000_000_000, logs: [], calls: {}, regions: [] };
  state.handler = createHandler({
    clientFor: (region, timeouts) => {
      state.regions.push(region);
      const client = createDynamoDbClient(region, { endpoint, credentials: { ...CREDENTIALS }, timeouts });
      state.calls[region] = countCalls(client);
      return client;
    },
    now: () => state.time,
    log: (level, message, fields) => state.logs.push({ level, message, ...fields }),
    emit: () => {}, // the metrics lines have their own tests below
    runningRegion,
  });
  state.getItems = () => Object.values(state.calls).reduce((sum, counts) => sum + (counts.GetItemCommand ?? 0), 0);
  return state;
}

const body = (response) => JSON.parse(response.body);

describe('routing', () => {
  let table;
  before(async () => { table = await seededTable(); });
  beforeEach(() => proxy.setMode('forward'));

  it('routes v1 via Accept to the v1 API over HTTPS, with Host set and configuration headers removed', async () => {
    const { handler } = newHandler();
    const request = await handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    assert.equal(request.status, undefined, 'a request, not a response');
    assert.deepEqual(request.origin.custom, {
      domainName: MAPPINGS[0].domain,
      port: 443,
      protocol: 'https',
      path: '/v1',
      sslProtocols: ['TLSv1.2'],
      readTimeout: 30,
      keepaliveTimeout: 5,
      customHeaders: { 'x-origin-verify': [{ key: 'x-origin-verify', value: 'example-origin-verify-token' }] },
    });
    assert.deepEqual(request.headers.host, [{ key: 'Host', value: MAPPINGS[0].domain }]);
    assert.equal(request.uri, '/hello');
  });

  it('routes the curl example (v2 with q=0.9 beside application/json) to v2', async () => {
    const { handler } = newHandler();
    const request = await handler(loadEvent('edge-origin-request-v2-accept-params.json', { table }));
    assert.equal(request.origin.custom.domainName, MAPPINGS[1].domain);
    assert.equal(request.origin.custom.path, '/v2');
  });

  it('routes by a custom header when the origin says so (APIVER: v2)', async () => {
    const { handler } = newHandler();
    const request = await handler(loadEvent('edge-origin-request-custom-header.json', { table }));
    assert.equal(request.origin.custom.domainName, MAPPINGS[1].domain);
  });

  it('answers 403 naming the header and the accepted versions when the header is missing', async () => {
    const { handler } = newHandler();
    const response = await handler(loadEvent('edge-origin-request-missing-header.json', { table }));
    assert.equal(response.status, '403');
    assert.deepEqual(response.headers['cache-control'], [{ key: 'Cache-Control', value: 'no-store' }]);
    assert.deepEqual(body(response), {
      message: 'The API version header is missing.',
      header: 'Accept',
      example: 'Accept: application/vnd.example.v1+json',
      acceptedVersions: ['v1', 'v2', 'v3'],
    });
  });

  it('answers 403 for an unknown version, listing the accepted ones', async () => {
    const { handler } = newHandler();
    const response = await handler(loadEvent('edge-origin-request-unknown-version.json', { table }));
    assert.equal(response.status, '403');
    assert.equal(body(response).message, 'The requested API version does not exist.');
    assert.deepEqual(body(response).acceptedVersions, ['v1', 'v2', 'v3']);
  });

  it('answers 403 for an empty header and for one that names no version', async () => {
    const { handler } = newHandler();
    const empty = await handler(loadEvent('edge-origin-request-missing-header.json', { table, headers: { Accept: ' ' } }));
    assert.equal(body(empty).message, 'The API version header is empty.');
    const generic = await handler(loadEvent('edge-origin-request-missing-header.json', { table, headers: { Accept: '*/*' } }));
    assert.equal(generic.status, '403');
    assert.equal(body(generic).message, 'The API version header names no acceptable API version.');
  });

  it('names the custom header in its 403 when that mode is on', async () => {
    const { handler } = newHandler();
    const response = await handler(loadEvent('edge-origin-request-custom-header.json', { table, headers: { APIVER: null } }));
    assert.equal(response.status, '403');
    assert.equal(body(response).header, 'apiver');
    assert.equal(body(response).example, 'apiver: v1');
  });

  it('answers 400 for malformed and oversized headers without echoing them', async () => {
    const { handler } = newHandler();
    for (const value of ['application/vnd.example.v2+json;q=2', `application/vnd.example.v2+json;p=${'x'.repeat(2000)}`]) {
      const response = await handler(loadEvent('edge-origin-request-missing-header.json', { table, headers: { Accept: value } }));
      assert.equal(response.status, '400');
      assert.ok(!response.body.includes('q=2') && !response.body.includes('xxxx'), response.body);
    }
    const token = await handler(loadEvent('edge-origin-request-custom-header.json', { table, headers: { APIVER: 'v1;drop table' } }));
    assert.equal(token.status, '400');
  });

  it('answers 500 with a log line naming the missing configuration header', async () => {
    const { handler, logs } = newHandler();
    const response = await handler(loadEvent('edge-origin-request-v1-accept.json', { originHeaders: { 'x-router-version-table': null } }));
    assert.equal(response.status, '500');
    assert.equal(body(response).message, 'The edge router is misconfigured.');
    assert.ok(logs.some((line) => line.level === 'error' && line.message.includes('x-router-version-table is missing')));
    const invalidTtl = await handler(loadEvent('edge-origin-request-v1-accept.json', { table, originHeaders: { 'x-router-cache-seconds': 'hit=soon' } }));
    assert.equal(invalidTtl.status, '500');
  });

  it('never logs Authorization, cookies or the query string', async () => {
    const { handler, logs } = newHandler();
    const secrets = ['secret-token', 'secret-cookie', 'secret-query'];
    await handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    await handler(loadEvent('edge-origin-request-v1-accept.json', { table, headers: { Accept: 'application/vnd.example.v7+json' } }));
    await handler(loadEvent('edge-origin-request-v1-accept.json', { table, headers: { Accept: 'bad' } }));
    await handler(loadEvent('edge-origin-request-v1-accept.json', { originHeaders: { 'x-router-table-region': null } }));
    assert.ok(logs.length >= 4);
    const text = JSON.stringify(logs);
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `${secret} leaked into the log`);
    }
  });

  it('routes both example headers that used to be refused whole: the valid choice wins', async () => {
    const { handler } = newHandler();
    const v2 = await handler(loadEvent('edge-origin-request-missing-header.json',
      { table, headers: { Accept: 'application/vnd.example.v2+json, */*;q=.8' } }));
    assert.equal(v2.origin.custom.path, '/v2');
    const jdkDefault = 'text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2';
    const noDefault = await handler(loadEvent('edge-origin-request-missing-header.json', { table, headers: { Accept: jdkDefault } }));
    assert.equal(noDefault.status, '403', 'names no version: refused as such, not as malformed');
    const withDefault = await handler(loadEvent('edge-origin-request-missing-header.json',
      { table, headers: { Accept: jdkDefault }, originHeaders: { 'x-router-default-version': 'v1' } }));
    assert.equal(withDefault.origin.custom.path, '/v1');
  });

  it('refuses to route to an item with an invalid domain (503, nothing routed)', async () => {
    await putMapping(admin, table, { version: 'v8', domain: 'evil.example.com/../x', path: '/v8' });
    const { handler } = newHandler();
    const response = await handler(loadEvent('edge-origin-request-v1-accept.json', { table, headers: { Accept: 'application/vnd.example.v8+json' } }));
    assert.equal(response.status, '503');
  });
});

describe('CORS preflight (OPTIONS with Origin and Access-Control-Request-Method, no version header)', () => {
  let table;
  before(async () => { table = await seededTable(); });
  beforeEach(() => proxy.setMode('forward'));
  const preflight = (extra = {}) => loadEvent('edge-origin-request-cors-preflight.json', { table, ...extra });

  it('is forwarded by default to the first accepted version, whose API answers it with its own CORS settings', async () => {
    const { handler, logs } = newHandler();
    const request = await handler(preflight());
    assert.equal(request.status, undefined, JSON.stringify(request));
    assert.equal(request.method, 'OPTIONS');
    assert.equal(request.origin.custom.domainName, MAPPINGS[0].domain);
    assert.deepEqual(request.headers.origin, [{ key: 'Origin', value: 'https://app.example.com' }]);
    assert.ok(logs.some((line) => line.message === 'CORS preflight forwarded' && line.version === 'v1'));
  });

  it('is forwarded to the default version when one is configured', async () => {
    const { handler } = newHandler();
    const request = await handler(preflight({ originHeaders: { 'x-router-default-version': 'v2' } }));
    assert.equal(request.origin.custom.domainName, MAPPINGS[1].domain);
  });

  it('is answered at the edge with x-router-preflight: answer (204, the requested method and headers, no credentials)', async () => {
    const { handler } = newHandler();
    const response = await handler(preflight({ originHeaders: { 'x-router-preflight': 'answer' } }));
    assert.equal(response.status, '204');
    assert.deepEqual(response.headers['access-control-allow-origin'], [{ key: 'Access-Control-Allow-Origin', value: 'https://app.example.com' }]);
    assert.deepEqual(response.headers['access-control-allow-methods'], [{ key: 'Access-Control-Allow-Methods', value: 'PUT' }]);
    assert.deepEqual(response.headers['access-control-allow-headers'],
      [{ key: 'Access-Control-Allow-Headers', value: 'authorization,content-type' }]);
    assert.equal(response.headers['access-control-allow-credentials'], undefined);
    assert.deepEqual(response.headers.vary, [{ key: 'Vary', value: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' }]);
  });

  it('is refused as before with x-router-preflight: refuse, and a plain OPTIONS without the CORS headers is not a preflight', async () => {
    const { handler } = newHandler();
    const refused = await handler(preflight({ originHeaders: { 'x-router-preflight': 'refuse' } }));
    assert.equal(refused.status, '403');
    const plain = await handler(preflight({ headers: { 'Access-Control-Request-Method': null } }));
    assert.equal(plain.status, '403');
  });

  it('answers 500 for an unknown x-router-preflight setting', async () => {
    const { handler } = newHandler();
    assert.equal((await handler(preflight({ originHeaders: { 'x-router-preflight': 'maybe' } }))).status, '500');
  });
});

describe('cache, counted in DynamoDB calls', () => {
  let table;
  before(async () => { table = await seededTable(); });
  beforeEach(() => proxy.setMode('forward'));

  it('hit: one GetItem, then memory until the hit TTL (300 s) ends', async () => {
    const state = newHandler();
    const event = () => loadEvent('edge-origin-request-v1-accept.json', { table });
    for (let i = 0; i < 20; i++) {
      assert.equal((await state.handler(event())).origin.custom.path, '/v1');
    }
    assert.equal(state.getItems(), 1);
    state.time += 299_000;
    await state.handler(event());
    assert.equal(state.getItems(), 1);
    state.time += 1_000;
    await state.handler(event());
    assert.equal(state.getItems(), 2);
    assert.equal(state.calls['us-east-1'].ScanCommand, undefined, 'never a Scan');
  });

  it('negative: an unknown version costs one GetItem (plus the catalog) per miss TTL (30 s)', async () => {
    const state = newHandler();
    const event = () => loadEvent('edge-origin-request-unknown-version.json', { table });
    for (let i = 0; i < 20; i++) {
      assert.equal((await state.handler(event())).status, '403');
    }
    assert.equal(state.getItems(), 2, 'v9 + #catalog');
    state.time += 30_000;
    await state.handler(event());
    assert.equal(state.getItems(), 3, 'v9 again; the catalog is a hit for 300 s');
  });

  it('1,000 concurrent requests for one version on a cold cache make one DynamoDB call', async () => {
    const state = newHandler();
    const responses = await Promise.all(Array.from({ length: 1000 },
      () => state.handler(loadEvent('edge-origin-request-v2-accept-params.json', { table }))));
    assert.ok(responses.every((request) => request.origin.custom.path === '/v2'));
    assert.equal(state.getItems(), 1);
  });

  it('a burst of 10,000 requests for 3 versions and 2 unknown ones makes 6 calls (5 keys + catalog)', async () => {
    const state = newHandler();
    const versions = ['v1', 'v2', 'v3', 'v404', 'v500'];
    const template = loadEvent('edge-origin-request-v1-accept.json', { table });
    const events = Array.from({ length: 10_000 }, (_, i) => {
      const event = structuredClone(template);
      event.Records[0].cf.request.headers.accept = [{ key: 'Accept', value: `application/vnd.example.${versions[i % 5]}+json` }];
      return event;
    });
    const results = [];
    for (let i = 0; i < events.length; i += 500) { // 500 in flight at a time
      results.push(...await Promise.all(events.slice(i, i + 500).map((event) => state.handler(event))));
    }
    assert.equal(results.filter((r) => r.status === '403').length, 4_000);
    assert.equal(results.filter((r) => r.origin).length, 6_000);
    assert.equal(state.getItems(), 6);
  });

  it('reads the replica in its own Region when the table has one there, else the home Region', async () => {
    const euAdmin = adminClient(local.endpoint, 'eu-west-1');
    await createMappingTable(euAdmin, table);
    await putMapping(euAdmin, table, { version: 'v1', domain: 'v1-replica.execute-api.eu-west-1.amazonaws.com', path: '/v1' });
    euAdmin.destroy();

    const inReplicaRegion = newHandler({ runningRegion: 'eu-west-1' });
    const routed = await inReplicaRegion.handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    assert.equal(routed.origin.custom.domainName, 'v1-replica.execute-api.eu-west-1.amazonaws.com');
    assert.deepEqual(inReplicaRegion.regions, ['eu-west-1']);

    const elsewhere = newHandler({ runningRegion: 'ap-south-1' });
    const fromHome = await elsewhere.handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    assert.equal(fromHome.origin.custom.domainName, MAPPINGS[0].domain);
    assert.deepEqual(elsewhere.regions, ['us-east-1']);
  });
});

describe('outage', () => {
  let table;
  before(async () => { table = await seededTable(); });
  beforeEach(() => proxy.setMode('forward'));
  after(() => proxy.setMode('forward'));

  it('with DynamoDB down, a cached version keeps routing (stale) and an uncached one gets 503, not 403', async () => {
    const state = newHandler();
    await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    proxy.setMode('refuse');
    state.time += 10 * 60_000; // past the hit TTL: the cache must ask DynamoDB again and fail

    const cached = await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    assert.equal(cached.origin.custom.domainName, MAPPINGS[0].domain);
    assert.ok(state.logs.some((line) => line.source === 'stale'));

    const uncached = await state.handler(loadEvent('edge-origin-request-v2-accept-params.json', { table }));
    assert.equal(uncached.status, '503');
    assert.deepEqual(uncached.headers['retry-after'], [{ key: 'Retry-After', value: '2' }]);
  });

  for (const mode of ['refuse', 'hang']) {
    it(`with the endpoint ${mode === 'hang' ? 'hanging' : 'refusing connections'}, 50 concurrent cold requests are all answered 503 within about a second`, async () => {
      proxy.setMode(mode);
      const state = newHandler();
      const started = performance.now();
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => state.handler(loadEvent(
        'edge-origin-request-v1-accept.json',
        { table, headers: { Accept: `application/vnd.example.v${i % 5 + 1}+json` }, originHeaders: DEFAULT_BUDGET }))));
      const elapsed = performance.now() - started;
      assert.ok(responses.every((response) => response.status === '503'), JSON.stringify(responses.map((r) => r.status)));
      // the 900 ms budget plus room for a busy machine; an unenforced deadline hangs (or retries for seconds)
      assert.ok(elapsed < 2_000, `took ${elapsed.toFixed(0)} ms`);
      // and within the error TTL, the same keys are answered from memory without another call
      const callsBefore = state.getItems();
      const again = performance.now();
      const cached = await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table, originHeaders: DEFAULT_BUDGET }));
      assert.equal(cached.status, '503');
      assert.ok(performance.now() - again < 300, 'no network wait');
      assert.equal(state.getItems(), callsBefore);
    });
  }

  it('the lookup budget is x-router-lookup-budget-ms: a short one answers 503 sooner, a long one waits out a slow (distant) table', async () => {
    proxy.setMode('hang');
    const short = newHandler();
    const started = performance.now();
    const response = await short.handler(loadEvent('edge-origin-request-v1-accept.json',
      { table, originHeaders: { 'x-router-lookup-budget-ms': '300' } }));
    assert.equal(response.status, '503');
    // sooner than the 900 ms default could answer, however busy the machine
    assert.ok(performance.now() - started < 900, `took ${(performance.now() - started).toFixed(0)} ms`);

    proxy.setMode('slow'); // every connection waits 1.2 s before it is forwarded: a table far from the edge
    const routedLate = await newHandler().handler(loadEvent('edge-origin-request-v1-accept.json',
      { table, originHeaders: { 'x-router-lookup-budget-ms': '3000' } }));
    assert.equal(routedLate.origin?.custom?.path, '/v1', JSON.stringify(routedLate));
    const defaultBudget = await newHandler().handler(loadEvent('edge-origin-request-v1-accept.json',
      { table, originHeaders: DEFAULT_BUDGET }));
    assert.equal(defaultBudget.status, '503', 'the 900 ms default gives up on the same table');
  });

  it('refuses a lookup budget outside 300..10000 ms as misconfiguration', async () => {
    for (const value of ['50', '20000', 'fast']) {
      const response = await newHandler().handler(loadEvent('edge-origin-request-v1-accept.json',
        { table, originHeaders: { 'x-router-lookup-budget-ms': value } }));
      assert.equal(response.status, '500', value);
    }
  });

  it('with nothing listening on the endpoint at all, a request is answered 503 quickly', async () => {
    const state = newHandler({ endpoint: `http://127.0.0.1:${await freePort()}` });
    const started = performance.now();
    const response = await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table, originHeaders: DEFAULT_BUDGET }));
    assert.equal(response.status, '503');
    assert.ok(performance.now() - started < 2_000, `took ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('recovers once DynamoDB is back and the error TTL has passed', async () => {
    const state = newHandler();
    proxy.setMode('refuse');
    assert.equal((await state.handler(loadEvent('edge-origin-request-v2-accept-params.json', { table }))).status, '503');
    proxy.setMode('forward');
    state.time += 2_000;
    const request = await state.handler(loadEvent('edge-origin-request-v2-accept-params.json', { table }));
    assert.equal(request.origin.custom.path, '/v2');
  });
});

describe('metrics (embedded metric format lines)', () => {
  let table;
  before(async () => { table = await seededTable(); });
  beforeEach(() => proxy.setMode('forward'));
  after(() => proxy.setMode('forward'));

  /** A handler whose EMF lines are parsed into `state.emf`. */
  function measuredHandler() {
    const state = { time: 1_700_000_000_000, emf: [] };
    state.handler = createHandler({
      clientFor: (region, timeouts) => createDynamoDbClient(region, {
        endpoint: proxy.endpoint, credentials: { ...CREDENTIALS }, timeouts,
      }),
      now: () => state.time,
      log: () => {},
      emit: (line) => state.emf.push(JSON.parse(line)),
      runningRegion: 'us-east-1',
    });
    return state;
  }

  const metricsOf = (doc) => Object.fromEntries(doc._aws.CloudWatchMetrics[0].Metrics
    .map(({ Name, Unit }) => [Name, { unit: Unit, value: doc[Name] }]));

  it('prints one line per request: the namespace from the origin header, Service and Function, the outcome', async () => {
    const state = measuredHandler();
    const namespace = { 'x-router-metrics-namespace': 'Test/Edge' };
    await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table, originHeaders: namespace }));
    await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table, originHeaders: namespace }));
    await state.handler(loadEvent('edge-origin-request-unknown-version.json', { table, originHeaders: namespace }));
    await state.handler(loadEvent('edge-origin-request-unknown-version.json', { table, originHeaders: namespace }));
    await state.handler(loadEvent('edge-origin-request-v1-accept.json', {
      table, originHeaders: namespace, headers: { Accept: 'application/vnd.example.v2+json;q=2' },
    }));

    assert.equal(state.emf.length, 5);
    for (const doc of state.emf) {
      assert.equal(doc._aws.CloudWatchMetrics[0].Namespace, 'Test/Edge');
      assert.deepEqual(doc._aws.CloudWatchMetrics[0].Dimensions, [['Service', 'Function']]);
      assert.equal(doc.Service, 'edge');
      assert.equal(doc.Function, 'origin-request');
      assert.equal(doc._aws.Timestamp, 1_700_000_000_000);
    }
    const [first, second, unknown, unknownAgain, malformed] = state.emf.map(metricsOf);
    assert.deepEqual(first.Requests, { unit: 'Count', value: 1 });
    assert.deepEqual(first.LookupMiss, { unit: 'Count', value: 1 });
    assert.deepEqual(first.LookupLatency, { unit: 'Milliseconds', value: 0 }, 'the test clock does not move');
    assert.deepEqual(second.LookupHit, { unit: 'Count', value: 1 });
    assert.equal(second.LookupMiss, undefined);
    assert.deepEqual(unknown.LookupMiss, { unit: 'Count', value: 1 });
    assert.deepEqual(unknown.Forbidden403, { unit: 'Count', value: 1 });
    assert.deepEqual(unknownAgain.LookupNegativeHit, { unit: 'Count', value: 1 });
    assert.equal(unknownAgain.LookupHit, undefined);
    assert.deepEqual(malformed.BadRequest400, { unit: 'Count', value: 1 });
    assert.equal(malformed.LookupLatency, undefined, 'refused before any lookup');
  });

  it('counts a stale answer and a 503 during an outage', async () => {
    const state = measuredHandler();
    await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    proxy.setMode('refuse');
    state.time += 10 * 60_000;

    await state.handler(loadEvent('edge-origin-request-v1-accept.json', { table }));
    await state.handler(loadEvent('edge-origin-request-v2-accept-params.json', { table }));

    const [, stale, unavailable] = state.emf.map(metricsOf);
    assert.equal(state.emf[1]._aws.CloudWatchMetrics[0].Namespace, 'ServerlessJavaSuite', 'the default namespace');
    assert.deepEqual(stale.LookupStaleServed, { unit: 'Count', value: 1 });
    assert.deepEqual(unavailable.Unavailable503, { unit: 'Count', value: 1 });
    assert.ok(unavailable.LookupLatency);
  });

  it('refuses a namespace CloudWatch would not accept as misconfiguration (500)', async () => {
    const state = measuredHandler();
    const response = await state.handler(loadEvent('edge-origin-request-v1-accept.json', {
      table, originHeaders: { 'x-router-metrics-namespace': 'bad namespace!' },
    }));
    assert.equal(response.status, '500');
    assert.equal(state.emf[0]._aws.CloudWatchMetrics[0].Namespace, 'ServerlessJavaSuite');
  });
});
