// Configuration of the edge function. Lambda@Edge has no environment variables, so the distribution passes the
// configuration as custom headers on the origin (template.yaml, EdgeDistribution). CloudFront puts them in every
// origin-request event under request.origin.custom.customHeaders; the function removes them before the request
// goes to the API, so they never reach the origin.

import { VERSION_TOKEN } from './mapping-rules.mjs';
import { DEFAULT_NAMESPACE } from './metrics.mjs';

export const CONFIG_HEADER_PREFIX = 'x-router-';

const CONFIG_HEADERS = Object.freeze({
  table: 'x-router-version-table',
  homeRegion: 'x-router-table-region',
  replicaRegions: 'x-router-table-replica-regions',
  versionHeader: 'x-router-version-header',
  mediaTypePrefix: 'x-router-media-type-prefix',
  defaultVersion: 'x-router-default-version',
  // one header for the four cache times: CloudFront adds at most 10 custom headers to an origin request by default
  cacheSeconds: 'x-router-cache-seconds',
  lookupBudgetMs: 'x-router-lookup-budget-ms',
  preflight: 'x-router-preflight',
  metricsNamespace: 'x-router-metrics-namespace',
});

/** What happens to a CORS preflight that names no version (README, "CORS preflight"). */
const PREFLIGHT_MODES = Object.freeze(['forward', 'answer', 'refuse']);
/** Bounds of the lookup budget: below 300 ms even an in-Region lookup with a fresh connection is at risk. */
const LOOKUP_BUDGET_MS = Object.freeze({ min: 300, max: 10_000, default: 900 });

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** The template's MetricsNamespace pattern. */
const METRICS_NAMESPACE = /^[A-Za-z0-9._/#:-]{1,255}$/;
/** The cache times in x-router-cache-seconds ("hit=300,miss=30,stale=3600,error=2"): default and maximum seconds. */
const CACHE_SECONDS = Object.freeze({
  hit: { fallback: 300, max: 86_400 },
  miss: { fallback: 30, max: 86_400 },
  stale: { fallback: 3_600, max: 7 * 86_400 },
  error: { fallback: 2, max: 300 },
});

/** The origin is missing a configuration header or has an unusable one; the message names the header. */
export class ConfigError extends Error {}

/**
 * Reads the configuration from the event's origin.
 * @returns {{table, homeRegion, replicaRegions: string[], versionHeader: string, acceptMode: boolean,
 *            mediaTypePrefix, mediaTypeSuffix, defaultVersion: string|null,
 *            hitTtlMs, missTtlMs, staleMs, errorTtlMs, lookupBudgetMs, preflight, metricsNamespace}}
 */
export function readConfig(origin) {
  const custom = origin?.custom;
  if (!custom) {
    throw new ConfigError('the origin is not a custom origin, so it carries no x-router-* configuration headers');
  }
  const headers = custom.customHeaders ?? {};
  // every request of a distribution carries the same headers: validate them once per distinct set
  const key = HEADER_LIST.map((name) => headers[name]?.[0]?.value ?? '').join('\n');
  let config = parsed.get(key);
  if (config === undefined) {
    config = parse(headers);
    if (parsed.size >= 16) {
      parsed.clear();
    }
    parsed.set(key, config);
  }
  return config;
}

const HEADER_LIST = Object.values(CONFIG_HEADERS);
const parsed = new Map();

function parse(headers) {
  const get = (name) => {
    const value = headers[name]?.[0]?.value;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const required = (name, pattern) => {
    const value = get(name);
    if (value === null) {
      throw new ConfigError(`origin custom header ${name} is missing`);
    }
    if (!pattern.test(value)) {
      throw new ConfigError(`origin custom header ${name} has an invalid value`);
    }
    return value;
  };
  const cacheSeconds = () => {
    const name = CONFIG_HEADERS.cacheSeconds;
    const given = {};
    for (const part of (get(name) ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const [key, value, extra] = part.split('=').map((p) => p.trim());
      const bounds = CACHE_SECONDS[key];
      if (!Object.hasOwn(CACHE_SECONDS, key) || extra !== undefined || Object.hasOwn(given, key)) {
        throw new ConfigError(`origin custom header ${name} must be key=seconds pairs of `
          + `${Object.keys(CACHE_SECONDS).join(', ')}, each at most once`);
      }
      if (!/^[0-9]{1,6}$/.test(value ?? '') || Number(value) > bounds.max) {
        throw new ConfigError(`origin custom header ${name}: ${key} must be a whole number of seconds from 0 to ${bounds.max}`);
      }
      given[key] = Number(value);
    }
    const ms = (key) => (given[key] ?? CACHE_SECONDS[key].fallback) * 1000;
    return { hitTtlMs: ms('hit'), missTtlMs: ms('miss'), staleMs: ms('stale'), errorTtlMs: ms('error') };
  };

  const table = required(CONFIG_HEADERS.table, TABLE_NAME);
  const homeRegion = required(CONFIG_HEADERS.homeRegion, REGION);
  const replicaRegions = (get(CONFIG_HEADERS.replicaRegions) ?? '')
    .split(',').map((region) => region.trim()).filter((region) => region !== '');
  if (replicaRegions.some((region) => !REGION.test(region))) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.replicaRegions} has an invalid Region`);
  }
  const versionHeader = (get(CONFIG_HEADERS.versionHeader) ?? 'accept').toLowerCase();
  if (!HEADER_NAME.test(versionHeader)) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.versionHeader} is not a header name`);
  }
  const mediaTypePrefix = (get(CONFIG_HEADERS.mediaTypePrefix) ?? 'application/vnd.example.').toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]*$/.test(mediaTypePrefix)) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.mediaTypePrefix} is not a media type prefix`);
  }
  const defaultVersion = get(CONFIG_HEADERS.defaultVersion)?.toLowerCase() ?? null;
  if (defaultVersion !== null && !VERSION_TOKEN.test(defaultVersion)) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.defaultVersion} is not a version token`);
  }
  const { hitTtlMs, missTtlMs, staleMs, errorTtlMs } = cacheSeconds();
  const budget = get(CONFIG_HEADERS.lookupBudgetMs);
  const lookupBudgetMs = budget === null ? LOOKUP_BUDGET_MS.default : Number(budget);
  if (budget !== null && (!/^[0-9]{1,5}$/.test(budget) || lookupBudgetMs < LOOKUP_BUDGET_MS.min
    || lookupBudgetMs > LOOKUP_BUDGET_MS.max)) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.lookupBudgetMs} must be a whole number of `
      + `milliseconds from ${LOOKUP_BUDGET_MS.min} to ${LOOKUP_BUDGET_MS.max}`);
  }
  const preflight = (get(CONFIG_HEADERS.preflight) ?? 'forward').toLowerCase();
  if (!PREFLIGHT_MODES.includes(preflight)) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.preflight} must be one of ${PREFLIGHT_MODES.join(', ')}`);
  }

  const metricsNamespace = get(CONFIG_HEADERS.metricsNamespace) ?? DEFAULT_NAMESPACE;
  if (!METRICS_NAMESPACE.test(metricsNamespace)) {
    throw new ConfigError(`origin custom header ${CONFIG_HEADERS.metricsNamespace} is not a CloudWatch namespace`);
  }

  return Object.freeze({
    table,
    homeRegion,
    replicaRegions,
    versionHeader,
    acceptMode: versionHeader === 'accept',
    mediaTypePrefix,
    mediaTypeSuffix: '+json',
    defaultVersion,
    hitTtlMs,
    missTtlMs,
    staleMs,
    errorTtlMs,
    lookupBudgetMs,
    preflight,
    metricsNamespace,
  });
}

/**
 * The Region to read from: the table's replica in the Region the function runs in when there is one (Lambda@Edge
 * sets AWS_REGION to the Region of the regional edge cache that runs it), else the table's home Region.
 */
export function readRegion(config, runningRegion) {
  if (runningRegion && (runningRegion === config.homeRegion || config.replicaRegions.includes(runningRegion))) {
    return runningRegion;
  }
  return config.homeRegion;
}
