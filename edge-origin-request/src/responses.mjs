// What the function hands back to CloudFront: the request pointed at the version's API, or a generated response.

import { CONFIG_HEADER_PREFIX } from './config.mjs';

const STATUS_TEXT = { 204: 'No Content', 400: 'Bad Request', 403: 'Forbidden', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** A generated JSON response; never cached by CloudFront or clients, since the answer depends on a header. */
function jsonResponse(status, body, extraHeaders = {}) {
  const headers = {
    'content-type': [{ key: 'Content-Type', value: 'application/json' }],
    'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
  };
  for (const [name, value] of Object.entries(extraHeaders)) {
    headers[name.toLowerCase()] = [{ key: name, value: String(value) }];
  }
  return {
    status: String(status),
    statusDescription: STATUS_TEXT[status] ?? '',
    headers,
    body: JSON.stringify(body),
  };
}

/** How a client names a version, for error messages: `Accept: application/vnd.example.v2+json` or `APIVER: v2`. */
function usage(config, version = 'v1') {
  return config.acceptMode
    ? `Accept: ${config.mediaTypePrefix}${version}${config.mediaTypeSuffix}`
    : `${config.versionHeader}: ${version}`;
}

/** 403 for a missing, empty or unknown version: names the header and, when known, the accepted versions. */
export function versionRefused(config, reason, acceptedVersions) {
  const body = {
    message: REFUSAL_MESSAGES[reason],
    header: config.acceptMode ? 'Accept' : config.versionHeader,
    example: usage(config, acceptedVersions?.[0]),
  };
  if (acceptedVersions) {
    body.acceptedVersions = acceptedVersions;
  }
  return jsonResponse(403, body);
}

const REFUSAL_MESSAGES = {
  missing: 'The API version header is missing.',
  empty: 'The API version header is empty.',
  'no-version': 'The API version header names no acceptable API version.',
  unknown: 'The requested API version does not exist.',
};

/** 400 for a header that is not valid HTTP (or too long); the reason is fixed text, never the client's input. */
export function malformedHeader(config, reason) {
  return jsonResponse(400, {
    message: `The API version header is malformed: ${reason}.`,
    header: config.acceptMode ? 'Accept' : config.versionHeader,
    example: usage(config),
  });
}

export function lookupUnavailable(retryAfterSeconds) {
  return jsonResponse(503, { message: 'The API version lookup is temporarily unavailable. Retry later.' },
    { 'Retry-After': Math.max(1, Math.ceil(retryAfterSeconds)) });
}

// what a preflight may ask for: an origin (scheme://host[:port], or "null"), a method token, a list of header names
const ORIGIN = /^(?:null|[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]{1,253}(?::[0-9]{1,5})?)$/i;
const METHOD = /^[!#$%&'*+.^_`|~0-9a-z-]{1,32}$/i;
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9a-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9a-z-]+)*$/i;

/**
 * 204 for a CORS preflight answered at the edge (x-router-preflight: answer): the requested origin, method and
 * headers are allowed, for 10 minutes, without credentials (no Access-Control-Allow-Credentials, so a browser sends
 * no cookies on the real request). The API's own responses still decide what the page may read. A preflight whose
 * fields are not well-formed gets no permission headers, which the browser treats as a refusal.
 */
export function preflightAnswer(request) {
  const first = (name) => request.headers?.[name]?.[0]?.value?.trim() ?? '';
  const origin = first('origin');
  const method = first('access-control-request-method');
  const requested = first('access-control-request-headers');
  const headers = {
    vary: [{ key: 'Vary', value: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' }],
    'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
  };
  if (ORIGIN.test(origin) && METHOD.test(method) && (requested === '' || (requested.length <= 1024 && HEADER_LIST.test(requested)))) {
    headers['access-control-allow-origin'] = [{ key: 'Access-Control-Allow-Origin', value: origin }];
    headers['access-control-allow-methods'] = [{ key: 'Access-Control-Allow-Methods', value: method }];
    if (requested !== '') {
      headers['access-control-allow-headers'] = [{ key: 'Access-Control-Allow-Headers', value: requested }];
    }
    headers['access-control-max-age'] = [{ key: 'Access-Control-Max-Age', value: '600' }];
  }
  return { status: '204', statusDescription: STATUS_TEXT[204], headers };
}

export function configurationError() {
  return jsonResponse(500, { message: 'The edge router is misconfigured.' });
}

/**
 * Points the request at the version's API Gateway stage over HTTPS and sets Host to match (API Gateway answers
 * 403 to a foreign Host). The origin's own custom headers (x-origin-verify) are kept, the x-router-* configuration
 * headers are dropped so they never reach the API.
 */
export function routeTo(request, mapping) {
  const previous = request.origin?.custom ?? {};
  const customHeaders = {};
  for (const [name, values] of Object.entries(previous.customHeaders ?? {})) {
    if (!name.startsWith(CONFIG_HEADER_PREFIX)) {
      customHeaders[name] = values;
    }
  }
  request.origin = {
    custom: {
      domainName: mapping.domain,
      port: 443,
      protocol: 'https',
      path: mapping.path,
      sslProtocols: ['TLSv1.2'],
      readTimeout: previous.readTimeout ?? 30,
      keepaliveTimeout: previous.keepaliveTimeout ?? 5,
      customHeaders,
    },
  };
  request.headers = { ...request.headers, host: [{ key: 'Host', value: mapping.domain }] };
  return request;
}
