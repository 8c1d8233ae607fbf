import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConfigError, readConfig } from '../src/config.mjs';

function origin(headers) {
  const customHeaders = { 'x-router-version-table': [{ key: 'x-router-version-table', value: 'versions' }],
    'x-router-table-region': [{ key: 'x-router-table-region', value: 'us-east-1' }] };
  for (const [name, value] of Object.entries(headers)) {
    customHeaders[name] = [{ key: name, value }];
  }
  return { custom: { domainName: 'api.example.com', customHeaders } };
}

describe('x-router-cache-seconds', () => {
  it('reads each cache time and keeps the default of the ones not given', () => {
    const config = readConfig(origin({ 'x-router-cache-seconds': 'hit=60, miss=5,stale=0' }));
    assert.equal(config.hitTtlMs, 60_000);
    assert.equal(config.missTtlMs, 5_000);
    assert.equal(config.staleMs, 0);
    assert.equal(config.errorTtlMs, 2_000);
  });

  it('uses every default when the header is absent', () => {
    const config = readConfig(origin({}));
    assert.deepEqual([config.hitTtlMs, config.missTtlMs, config.staleMs, config.errorTtlMs],
      [300_000, 30_000, 3_600_000, 2_000]);
  });

  for (const value of ['hit=soon', 'hit=-1', 'miss=86401', 'stale=604801', 'error=301', 'ttl=5', 'hit=1,hit=2',
    'hit', 'hit=1=2', '__proto__=1', 'constructor=1']) {
    it(`refuses ${value} naming the header`, () => {
      assert.throws(() => readConfig(origin({ 'x-router-cache-seconds': value })),
        (error) => error instanceof ConfigError && error.message.includes('x-router-cache-seconds'));
    });
  }
});
