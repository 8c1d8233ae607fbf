// The shared mapping rules against the fixture the Java custom resource's tests read too
// (testdata/edge-mapping-rules.json): the edge accepts exactly what the writer may write.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { DOMAIN, PATH, VERSION_TOKEN } from '../src/mapping-rules.mjs';
import { loadMapping } from '../src/mapping-table.mjs';
import { versionFromAccept } from '../src/version-header.mjs';

const fixture = JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '../../testdata/edge-mapping-rules.json'), 'utf8'));

const rules = { version: VERSION_TOKEN, domain: DOMAIN, path: PATH };

describe('mapping rules from testdata/edge-mapping-rules.json', () => {
  for (const [name, rule] of Object.entries(rules)) {
    it(`${name}: ${fixture[name].rule}`, () => {
      assert.ok(fixture[name].valid.length > 0 && fixture[name].invalid.length > 0);
      for (const value of fixture[name].valid) {
        assert.ok(rule.test(value), `${name} ${JSON.stringify(value)} should be valid`);
      }
      for (const value of fixture[name].invalid) {
        assert.ok(!rule.test(value), `${name} ${JSON.stringify(value)} should be invalid`);
      }
    });
  }

  it('an item is routed only when its domain and path meet the rules', async () => {
    const table = 'versions';
    // a stand-in that answers GetItem with the given item: this checks loadMapping's use of the rules, not DynamoDB
    const itemClient = (domain, itemPath) => ({ send: async () => ({ Item: { domain: { S: domain }, path: { S: itemPath } } }) });
    for (const domain of fixture.domain.valid) {
      assert.deepEqual(await loadMapping(itemClient(domain, '/v1'), table, 'v1'), { version: 'v1', domain, path: '/v1' });
    }
    for (const domain of fixture.domain.invalid) {
      await assert.rejects(loadMapping(itemClient(domain, '/v1'), table, 'v1'), /invalid domain or path/, domain);
    }
    for (const itemPath of fixture.path.valid) {
      assert.equal((await loadMapping(itemClient('api.example.com', itemPath), table, 'v1')).path, itemPath);
    }
    for (const itemPath of fixture.path.invalid) {
      await assert.rejects(loadMapping(itemClient('api.example.com', itemPath), table, 'v1'), /invalid domain or path/, itemPath);
    }
  });

  it('a version in the Accept header is read only when it meets the version rule', () => {
    const options = { mediaTypePrefix: 'application/vnd.example.', mediaTypeSuffix: '+json' };
    for (const version of fixture.version.valid) {
      assert.deepEqual(versionFromAccept([`application/vnd.example.${version}+json`], options), { kind: 'version', version });
    }
    for (const version of fixture.version.invalid.filter((v) => !/[\s,;"]/.test(v))) {
      assert.notEqual(versionFromAccept([`application/vnd.example.${version}+json`], options).kind, 'version', version);
    }
  });
});
