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

  it('holds at most maxEntries keys, dropping the least recently used', async () => {
    let loads = 0;
    const cache = new MappingCache({ maxEntries: 3, load: async () => { loads += 1; return null; } });
    for (const key of ['a', 'b', 'c', 'd']) {
      await cache.get(key, policy);
    }
    assert.equal(cache.size, 3);
    await cache.get('a', policy);
    assert.equal(loads, 5, 'the evicted key is loaded again');
  });

  it('drops the least recently used real mapping when only real mappings are held', async () => {
    const loads = [];
    const cache = new MappingCache({ maxEntries: 3, load: async (key) => { loads.push(key); return { version: key }; } });
    for (const key of ['a', 'b', 'c']) {
      await cache.get(key, policy);
    }
    assert.equal((await cache.get('a', policy)).source, 'cache', 'a hit makes a the most recently used');
    await cache.get('d', policy);
    assert.equal(cache.size, 3);
    assert.equal((await cache.get('a', policy)).source, 'cache', 'a survived');
    assert.equal((await cache.get('b', policy)).source, 'table', 'b was the least recently used and was dropped');
    assert.deepEqual(loads, ['a', 'b', 'c', 'd', 'b']);
  });

  it('keeps a real mapping through a flood of unknown keys, so it is still served stale in an outage', async () => {
    let time = 1_000_000;
    let failing = false;
    const loads = [];
    const maxEntries = 10;
    const cache = new MappingCache({
      maxEntries,
      now: () => time,
      load: async (key) => {
        loads.push(key);
        if (failing) {
          throw new Error('endpoint down');
        }
        return key === 'v2' ? V2 : null;
      },
    });
    await cache.get('v2', policy);
    const flood = Array.from({ length: 5 * maxEntries }, (_, i) => `token-${i}`);
    for (const key of flood) {
      assert.equal((await cache.get(key, policy)).value, null);
      assert.ok(cache.size <= maxEntries);
    }
    assert.equal(loads.length, 1 + flood.length, 'one load per distinct key');

    failing = true;
    time += policy.hitTtlMs;
    assert.deepEqual(await cache.get('v2', policy), { value: V2, source: 'stale' });
    assert.equal(loads.length, 2 + flood.length, 'the refresh was tried once and failed');
    await assert.rejects(cache.get(flood[0], policy), MappingUnavailableError, 'an early flood key was dropped');
    assert.equal(loads.length, 3 + flood.length);
  });
});
