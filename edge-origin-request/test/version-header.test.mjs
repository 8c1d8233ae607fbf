import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_HEADER_LENGTH, MAX_MEDIA_RANGES, headerValues, parseAccept, versionFromAccept, versionFromToken,
} from '../src/version-header.mjs';

const options = { mediaTypePrefix: 'application/vnd.example.', mediaTypeSuffix: '+json' };
const accept = (...values) => versionFromAccept(values, options);

describe('Accept header', () => {
  it('picks the version of a plain vendor media type', () => {
    assert.deepEqual(accept('application/vnd.example.v1+json'), { kind: 'version', version: 'v1' });
  });

  it('routes the documented curl example to v2 (parameters, q-value, a non-version type beside it)', () => {
    assert.equal(accept('application/vnd.example.v2+json; q=0.9, application/json').version, 'v2');
  });

  it('ignores case in type, subtype and parameter names', () => {
    assert.equal(accept('APPLICATION/VND.EXAMPLE.V2+JSON;Q=0.5').version, 'v2');
  });

  it('takes the acceptable version with the highest q, wherever it is in the list', () => {
    assert.equal(accept('application/vnd.example.v1+json;q=0.2, application/vnd.example.v2+json;q=0.8').version, 'v2');
    assert.equal(accept('application/vnd.example.v1+json, application/vnd.example.v2+json;q=0.999').version, 'v1');
  });

  it('keeps the earlier of two versions with equal q, so the answer depends only on the header', () => {
    assert.equal(accept('application/vnd.example.v3+json;q=0.5, application/vnd.example.v2+json;q=0.5').version, 'v3');
  });

  it('treats q=0 as not acceptable', () => {
    assert.equal(accept('application/vnd.example.v2+json;q=0, application/vnd.example.v1+json;q=0.1').version, 'v1');
    assert.equal(accept('application/vnd.example.v2+json;q=0.000').kind, 'no-version');
  });

  it('keeps parameters other than q, including quoted strings with commas and semicolons', () => {
    assert.equal(accept('application/vnd.example.v2+json; charset=utf-8; profile="a,b;c"; q=1.0').version, 'v2');
  });

  it('joins repeated Accept headers into one list', () => {
    assert.equal(accept('application/json', 'application/vnd.example.v2+json').version, 'v2');
  });

  it('allows the empty list elements HTTP allows', () => {
    assert.equal(accept(', application/vnd.example.v2+json ,,').version, 'v2');
  });

  it('ignores */* and application/json when a version is present, and answers no-version when none is', () => {
    assert.equal(accept('*/*, application/vnd.example.v2+json;q=0.1').version, 'v2');
    assert.equal(accept('*/*').kind, 'no-version');
    assert.equal(accept('application/json, text/html;q=0.5').kind, 'no-version');
  });

  it('falls back to a configured default version only when a generic JSON type is acceptable', () => {
    const withDefault = { ...options, defaultVersion: 'v1' };
    assert.deepEqual(versionFromAccept(['application/json'], withDefault), { kind: 'version', version: 'v1', defaulted: true });
    assert.equal(versionFromAccept(['text/html'], withDefault).kind, 'no-version');
    assert.equal(versionFromAccept(['*/*, application/vnd.example.v1+json;q=0'], withDefault).kind, 'no-version');
  });

  it('distinguishes a missing header from an empty one', () => {
    assert.equal(versionFromAccept(null, options).kind, 'missing');
    assert.equal(accept('').kind, 'empty');
    assert.equal(accept('  ,  ').kind, 'empty');
  });

  it('ignores malformed elements when a valid one remains (the v2 type beside a non-conforming */*;q=.8)', () => {
    assert.equal(accept('application/vnd.example.v2+json, */*;q=.8').version, 'v2');
    assert.equal(accept('application/vnd.example.v2+json, text/html;q=high, bad, a/b;p="open').version, 'v2');
    assert.equal(accept('text/html;q=high, application/vnd.example.v1+json;q=0.5').version, 'v1');
  });

  it('reads the old JDK default Accept header: no version, so 403 or the default version, never 400', () => {
    const jdkDefault = 'text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2';
    assert.equal(accept(jdkDefault).kind, 'no-version');
    assert.deepEqual(versionFromAccept([jdkDefault], { ...options, defaultVersion: 'v1' }),
      { kind: 'version', version: 'v1', defaulted: true });
  });

  it('reads the widespread non-conforming forms "*" (for */*) and q=.5 (for q=0.5)', () => {
    assert.deepEqual(parseAccept('*;q=.5, text/html;q=.25, a/b;q=.1234').ranges, [
      { mediaType: '*/*', q: 0.5 },
      { mediaType: 'text/html', q: 0.25 },
    ]);
  });

  it('still refuses a header in which no element is valid', () => {
    assert.equal(accept('bad, text/html;q=2, a/b;p="open').kind, 'malformed');
  });

  const malformed = {
    'no subtype': 'application',
    'empty subtype': 'application/',
    'bad type characters': 'appli(cation)/json',
    '*/ with a concrete subtype': '*/json',
    'q above 1': 'application/vnd.example.v2+json;q=1.5',
    'q with 4 decimals': 'application/vnd.example.v2+json;q=0.1234',
    'q not a number': 'application/vnd.example.v2+json;q=high',
    'parameter without value': 'application/vnd.example.v2+json;charset',
    'unclosed quote': 'application/vnd.example.v2+json;p="abc',
    'trailing backslash in quote': 'application/vnd.example.v2+json;p="abc\\',
    'control character': 'application/vnd.example.v2+json;p=a\u0001b',
  };
  for (const [name, value] of Object.entries(malformed)) {
    it(`refuses a malformed value: ${name}`, () => {
      const result = accept(value);
      assert.equal(result.kind, 'malformed');
      assert.equal(typeof result.reason, 'string');
    });
  }

  it('refuses an oversized value before parsing it', () => {
    const huge = `application/vnd.example.v2+json;p=${'x'.repeat(MAX_HEADER_LENGTH)}`;
    assert.match(accept(huge).reason, /longer than/);
  });

  it('refuses more media ranges than allowed', () => {
    const many = Array.from({ length: MAX_MEDIA_RANGES + 1 }, (_, i) => `text/t${i}`).join(',');
    assert.match(accept(many).reason, /more than/);
  });

  it('never throws on hostile input', () => {
    for (const value of ['"', ';;;', ',', '/', '\\', 'a/b;=', 'a/b;q=', '\u0000', 'a/b;"q"=1', '💥/💥']) {
      assert.doesNotThrow(() => accept(value));
    }
  });

  it('parses q-values as numbers and drops other parameters', () => {
    assert.deepEqual(parseAccept('text/html;level=1;q=0.5, */*').ranges, [
      { mediaType: 'text/html', q: 0.5 },
      { mediaType: '*/*', q: 1 },
    ]);
  });
});

describe('custom token header', () => {
  it('takes a plain token, trimmed and lower-cased', () => {
    assert.deepEqual(versionFromToken([' V2 ']), { kind: 'version', version: 'v2' });
  });

  it('accepts identical repeats but refuses two different versions', () => {
    assert.equal(versionFromToken(['v2', 'v2']).version, 'v2');
    assert.equal(versionFromToken(['v1, v2']).kind, 'malformed');
  });

  it('refuses values that are not a version token', () => {
    for (const value of ['v2;q=1', 'application/vnd.example.v2+json', '../v1', 'x'.repeat(33), 'v 2']) {
      assert.equal(versionFromToken([value]).kind, 'malformed', value);
    }
    assert.equal(versionFromToken(['x'.repeat(MAX_HEADER_LENGTH + 1)]).kind, 'malformed');
  });

  it('distinguishes missing from empty', () => {
    assert.equal(versionFromToken(null).kind, 'missing');
    assert.equal(versionFromToken(['   ']).kind, 'empty');
  });
});

describe('headerValues', () => {
  it('reads every value of a lower-cased CloudFront header, or null', () => {
    const headers = { accept: [{ key: 'Accept', value: 'a/b' }, { key: 'accept', value: 'c/d' }] };
    assert.deepEqual(headerValues(headers, 'Accept'), ['a/b', 'c/d']);
    assert.equal(headerValues(headers, 'apiver'), null);
    assert.equal(headerValues(undefined, 'accept'), null);
  });
});
