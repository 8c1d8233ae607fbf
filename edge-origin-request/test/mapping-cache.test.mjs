// The cache's timing rules with a controlled clock. The loader here is a plain function: what it stands for
// (DynamoDB over HTTP) is exercised in handler.test.mjs against the local endpoint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MappingCache, MappingUnavailableError } from '../src/mapping-cache.mjs';

const policy = { hitTtlMs: 300_000, missTtlMs: 30_000, staleMs: 3_600_000, errorTtlMs: 2_000 };
const V2 = { version: 'v2', domain: 'v2.example.com', path: '/v2' };

function setup(table = { v2: V2 }) {
  let time = 1_000_000;
  const calls = [];
  let failing = false;
  const cache = new MappingCache({
    now: () => time,
    load: async (key) => {
      calls.push(key);
      if (failing) {
        throw new Error('endpoint down');
      }
      return table[key] ?? null;
    },
  });
  return {
    cache,
    calls,
    advance: (ms) => { time += ms; },
    fail: (value) => { failing = value; },
  };
}

describe('MappingCache', () => {
  it('serves a hit from memory until the hit TTL ends, then loads again', async () => {
    const { cache, calls, advance } = setup();
    assert.deepEqual(await cache.get('v2', policy), { value: V2, source: 'table' });
    advance(policy.hitTtlMs - 1);
    assert.equal((await cache.get('v2', policy)).source, 'cache');
    advance(1);
    assert.equal((await cache.get('v2', policy)).source, 'table');
    assert.deepEqual(calls, ['v2', 'v2']);
  });

  it('remembers a miss for the shorter miss TTL', async () => {
    const { cache, calls, advance } = setup();
    assert.equal((await cache.get('v9', policy)).value, null);
    advance(policy.missTtlMs - 1);
    assert.equal((await cache.get('v9', policy)).source, 'cache');
    advance(1);
    await cache.get('v9', policy);
    assert.deepEqual(calls, ['v9', 'v9']);
  });

  it('shares one load between concurrent requests for a cold key', async () => {
    const { cache, calls } = setup();
    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.get('v2', policy)));
    assert.equal(calls.length, 1);
    assert.ok(results.every((result) => result.value === V2));
  });

  it('serves the last known mapping while the table fails, for at most the stale period', async () => {
    const { cache, advance, fail } = setup();
    await cache.get('v2', policy);
    fail(true);
    advance(policy.hitTtlMs);
    assert.deepEqual(await cache.get('v2', policy), { value: V2, source: 'stale' });
    advance(policy.staleMs);
    await assert.rejects(cache.get('v2', policy), MappingUnavailableError);
  });

  it('fails a key that was never loaded, and does not retry it during the error TTL', async () => {
    const { cache, calls, advance, fail } = setup();
    fail(true);
    await assert.rejects(cache.get('v2', policy), MappingUnavailableError);
    await assert.rejects(cache.get('v2', policy), MappingUnavailableError);
    assert.equal(calls.length, 1);
    advance(policy.errorTtlMs);
    fail(false);
    assert.equal((await cache.get('v2', policy)).source, 'table');
    assert.equal(calls.length, 2);
  });

  it('does not serve an expired miss stale: the version may exist by now', async () => {
    const { cache, advance, fail } = setup();
    await cache.get('v9', policy);
    fail(true);
    advance(policy.missTtlMs);
    await assert.rejects(cache.get('v9', policy), MappingUnavailableError);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    let loads = 0;
    const cache = new MappingCache({ maxEntries: 3, load: async () => { loads += 1; return null; } });
    for (const key of ['a', 'b', 'c', 'd']) {
      await cache.get(key, policy);
    }
    assert.equal(cache.size, 3);
    await cache.get('a', policy);
    assert.equal(loads, 5, 'the evicted key is loaded again');
  });
});
