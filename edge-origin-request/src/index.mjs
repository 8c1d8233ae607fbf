// Lambda@Edge origin-request handler: routes each request to the API version named by a header.
//
//   version header -> (cached) DynamoDB mapping {domain, path} -> request.origin = https://domain/path, Host = domain
//
// Answers it generates itself:
//   400 malformed or oversized version header      403 missing / empty / unknown version (names header + versions)
//   503 DynamoDB unreachable and nothing cached     500 configuration (origin custom headers) missing or invalid
//   204 a CORS preflight, when x-router-preflight is 'answer' (default 'forward': the API answers it)
//
// Logs one line per request with the decision; never headers, cookies or the query string.
// Prints one embedded-metric-format line per request (metrics.mjs): outcome counts and the lookup latency.

import { ConfigError, readConfig, readRegion } from './config.mjs';
import { MappingCache, MappingUnavailableError } from './mapping-cache.mjs';
import { CATALOG_KEY, createDynamoDbClient, loadMapping, timeoutsFor } from './mapping-table.mjs';
import {
  configurationError, lookupUnavailable, malformedHeader, preflightAnswer, routeTo, versionRefused,
} from './responses.mjs';
import { RequestMetrics, writeLine } from './metrics.mjs';
import { headerValues, versionFromAccept, versionFromToken } from './version-header.mjs';

const consoleLog = (level, message, fields) => console[level]({ message, ...fields });

/**
 * Builds a handler. The exported `handler` uses the defaults; tests and the benchmark pass their own DynamoDB
 * client factory `(region, timeouts) => client` (pointed at a local endpoint), clock and log sink. `timeouts`
 * replaces the ones derived from the configured lookup budget (x-router-lookup-budget-ms). `emit` receives each
 * metrics line (default: stdout).
 */
export function createHandler({
  clientFor = (region, timeouts) => createDynamoDbClient(region, { timeouts }),
  now = Date.now,
  log = consoleLog,
  emit = writeLine,
  runningRegion = process.env.AWS_REGION,
  timeouts: fixedTimeouts = null,
  maxEntries = 1000,
} = {}) {
  const clients = new Map();
  const caches = new Map();

  // one client per Region and budget, one cache per table, Region and budget; kept for the life of the instance
  const cacheFor = (region, config) => {
    const timeouts = fixedTimeouts ?? timeoutsFor(config.lookupBudgetMs);
    const id = `${region}/${config.table}/${timeouts.callMs}`;
    let cache = caches.get(id);
    if (!cache) {
      const clientId = `${region}/${timeouts.callMs}`;
      let client = clients.get(clientId);
      if (!client) {
        client = clientFor(region, timeouts);
        clients.set(clientId, client);
      }
      const { table } = config;
      cache = new MappingCache({ load: (key) => loadMapping(client, table, key, timeouts), now, maxEntries });
      caches.set(id, cache);
    }
    return cache;
  };

  const acceptedVersions = async (cache, config) => {
    try {
      const { value } = await cache.get(CATALOG_KEY, config);
      return value?.versions ?? null;
    } catch {
      return null; // the 403 still goes out, without the list
    }
  };

  /** Counts the answers the function makes itself, by status. */
  const STATUS_METRICS = Object.freeze({ 400: 'BadRequest400', 403: 'Forbidden403', 503: 'Unavailable503' });

  return async function handler(event) {
    const metrics = new RequestMetrics({ write: emit, now });
    metrics.count('Requests');
    try {
      const result = await handle(event, metrics);
      const metric = STATUS_METRICS[result?.status];
      if (metric) {
        metrics.count(metric);
      }
      return result;
    } finally {
      metrics.flush();
    }
  };

  async function handle(event, metrics) {
    const cf = event?.Records?.[0]?.cf;
    const request = cf?.request;
    const requestId = cf?.config?.requestId;
    if (!request) {
      log('error', 'not a CloudFront origin-request event', { requestId });
      return configurationError();
    }

    let config;
    try {
      config = readConfig(request.origin);
      metrics.namespace = config.metricsNamespace;
    } catch (error) {
      if (error instanceof ConfigError) {
        log('error', `configuration error: ${error.message} (set it in EdgeDistribution's OriginCustomHeaders)`, { requestId });
        return configurationError();
      }
      throw error;
    }

    const values = headerValues(request.headers, config.versionHeader);
    const choice = config.acceptMode ? versionFromAccept(values, config) : versionFromToken(values);
    const region = readRegion(config, runningRegion);
    const cache = cacheFor(region, config);

    if (choice.kind !== 'version' && config.preflight !== 'refuse' && isCorsPreflight(request)) {
      // a browser's preflight carries no custom header and Accept: */*, so it cannot name a version
      if (config.preflight === 'answer') {
        log('info', 'CORS preflight answered', { requestId, status: 204 });
        return preflightAnswer(request);
      }
      const version = config.defaultVersion ?? (await acceptedVersions(cache, config))?.[0];
      if (version) {
        return route(request, cache, config, version, requestId, region, metrics, 'CORS preflight forwarded');
      }
    }

    if (choice.kind === 'malformed') {
      log('warn', 'version header refused', { requestId, status: 400, reason: choice.reason });
      return malformedHeader(config, choice.reason);
    }
    if (choice.kind !== 'version') {
      log('info', 'version header refused', { requestId, status: 403, reason: choice.kind });
      return versionRefused(config, choice.kind, await acceptedVersions(cache, config));
    }

    return route(request, cache, config, choice.version, requestId, region, metrics);
  }

  async function route(request, cache, config, version, requestId, region, metrics, preflightNote = null) {
    let found;
    const started = now();
    try {
      found = await cache.get(version, config);
      metrics.count(found.source === 'cache' && found.value === null ? 'LookupNegativeHit' : LOOKUP_METRICS[found.source]);
    } catch (error) {
      if (error instanceof MappingUnavailableError) {
        log('error', 'version lookup failed and nothing is cached', {
          requestId, status: 503, version, region, table: config.table, error: error.message,
        });
        return lookupUnavailable(config.errorTtlMs / 1000);
      }
      throw error;
    } finally {
      metrics.milliseconds('LookupLatency', now() - started);
    }
    if (found.value === null) {
      log('info', 'unknown version refused', { requestId, status: 403, version, source: found.source });
      return versionRefused(config, 'unknown', await acceptedVersions(cache, config));
    }
    if (preflightNote !== null) {
      log('info', preflightNote, { requestId, version, source: found.source });
    } else if (found.source !== 'cache') {
      // first sight of a key in this period, or a stale answer during an outage: worth a line
      log(found.source === 'stale' ? 'warn' : 'info', 'version mapping loaded', {
        requestId, version, source: found.source, region, domain: found.value.domain,
      });
    }
    return routeTo(request, found.value);
  }
}

/** Where a version lookup's answer came from; a cached "no such version" counts as LookupNegativeHit instead. */
const LOOKUP_METRICS = Object.freeze({ cache: 'LookupHit', table: 'LookupMiss', stale: 'LookupStaleServed' });

/** A CORS preflight (Fetch standard): OPTIONS with Origin and Access-Control-Request-Method. */
function isCorsPreflight(request) {
  return request.method === 'OPTIONS' && headerValues(request.headers, 'origin') !== null
    && headerValues(request.headers, 'access-control-request-method') !== null;
}

export const handler = createHandler();
