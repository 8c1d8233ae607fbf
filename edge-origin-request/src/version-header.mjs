// Reads the requested API version from the request headers, as HTTP (RFC 9110) defines them.
//
// Two modes:
//  - Accept mode: `Accept: application/vnd.example.v2+json; q=0.9, application/json` — a comma-separated list of
//    media ranges with parameters and q-values, in any case. The acceptable version with the highest q wins.
//  - Token mode: a custom header such as `APIVER: v2` carrying one plain token.
//
// Hand-written because the one well-kept npm parser (negotiator) would be the function's only bundled dependency
// and does not report malformed input (it skips it); this file is small and fully covered by tests.

/** Longest header value accepted; anything longer is refused before parsing. */
export const MAX_HEADER_LENGTH = 1024;
/** Most media ranges accepted in one Accept header. */
export const MAX_MEDIA_RANGES = 32;
/** A version as it appears in a media type or token header: v1, v2, 2024-01, beta.3 (case-insensitive). */
const VERSION_TOKEN = /^[a-z0-9][a-z0-9._-]{0,31}$/;
// RFC 9110 token characters
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i;
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The outcome of reading the version header.
 * kind: 'version' (with version), 'missing' (no header), 'empty' (header present, blank),
 *       'no-version' (header present, names no acceptable version), 'malformed' (with reason).
 */
const outcome = (kind, extra = {}) => Object.freeze({ kind, ...extra });

/** All values of one header in a CloudFront event (`headers[lowercaseName] = [{key, value}]`), or null. */
export function headerValues(headers, name) {
  const entries = headers?.[name.toLowerCase()];
  if (!Array.isArray(entries) || entries.length === 0) {
    return null;
  }
  return entries.map((entry) => (typeof entry?.value === 'string' ? entry.value : ''));
}

/**
 * Picks the version from Accept values.
 * @param {string[]|null} values all Accept header values (HTTP allows several; they form one list)
 * @param {{mediaTypePrefix: string, mediaTypeSuffix: string, defaultVersion?: string|null}} options
 */
export function versionFromAccept(values, { mediaTypePrefix, mediaTypeSuffix, defaultVersion = null }) {
  if (values === null) {
    return outcome('missing');
  }
  const joined = values.join(',');
  if (joined.length > MAX_HEADER_LENGTH) {
    return outcome('malformed', { reason: `longer than ${MAX_HEADER_LENGTH} characters` });
  }
  if (joined.trim() === '' || joined.split(',').every((part) => part.trim() === '')) {
    return outcome('empty');
  }
  let ranges;
  try {
    ranges = parseAccept(joined);
  } catch (error) {
    if (error instanceof MalformedHeaderError) {
      return outcome('malformed', { reason: error.message });
    }
    throw error;
  }

  const prefix = mediaTypePrefix.toLowerCase();
  const suffix = mediaTypeSuffix.toLowerCase();
  let best = null;
  let genericAcceptable = false;
  let defaultRefused = false;
  for (const range of ranges) {
    const version = versionOf(range.mediaType, prefix, suffix);
    if (version === null) {
      // */*, application/*, application/json: only used for the default version, when nothing else matches
      if (range.q > 0 && ['*/*', 'application/*', 'application/json'].includes(range.mediaType)) {
        genericAcceptable = true;
      }
      continue;
    }
    if (range.q === 0) {
      if (version === defaultVersion) {
        defaultRefused = true;
      }
      continue; // q=0 means "not acceptable"
    }
    // highest q wins; on a tie the earlier one, so the result does not depend on anything but the header
    if (best === null || range.q > best.q) {
      best = { version, q: range.q };
    }
  }
  if (best !== null) {
    return outcome('version', { version: best.version });
  }
  if (defaultVersion && genericAcceptable && !defaultRefused) {
    return outcome('version', { version: defaultVersion, defaulted: true });
  }
  return outcome('no-version');
}

/** Picks the version from a custom header carrying one plain token (`APIVER: v2`). */
export function versionFromToken(values) {
  if (values === null) {
    return outcome('missing');
  }
  const joined = values.join(',');
  if (joined.length > MAX_HEADER_LENGTH) {
    return outcome('malformed', { reason: `longer than ${MAX_HEADER_LENGTH} characters` });
  }
  // repeated headers are one comma-separated list in HTTP; identical repeats are harmless, different ones are not
  const tokens = [...new Set(joined.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
  if (tokens.length === 0) {
    return outcome('empty');
  }
  if (tokens.length > 1) {
    return outcome('malformed', { reason: 'more than one version given' });
  }
  const token = tokens[0].toLowerCase();
  if (!VERSION_TOKEN.test(token)) {
    return outcome('malformed', { reason: 'not a version token (letters, digits, ".", "_", "-"; at most 32)' });
  }
  return outcome('version', { version: token });
}

/** True when a version label is well-formed (the same rule the Java mapping writer applies). */
export function isVersionToken(value) {
  return typeof value === 'string' && VERSION_TOKEN.test(value);
}

export class MalformedHeaderError extends Error {}

/**
 * Parses an Accept value into [{mediaType, q}] (media type lower-cased, parameters other than q dropped).
 * Throws MalformedHeaderError on anything RFC 9110 does not allow.
 */
export function parseAccept(value) {
  const elements = splitOutsideQuotes(value, ',');
  const ranges = [];
  for (const element of elements) {
    if (element.trim() === '') {
      continue; // "#list" allows empty elements: "a, , b"
    }
    if (ranges.length === MAX_MEDIA_RANGES) {
      throw new MalformedHeaderError(`more than ${MAX_MEDIA_RANGES} media ranges`);
    }
    ranges.push(parseMediaRange(element));
  }
  return ranges;
}

function parseMediaRange(element) {
  const [typePart, ...parameters] = splitOutsideQuotes(element, ';');
  const mediaType = typePart.trim().toLowerCase();
  const slash = mediaType.indexOf('/');
  const type = mediaType.slice(0, slash);
  const subtype = mediaType.slice(slash + 1);
  if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) {
    throw new MalformedHeaderError('a media range is not of the form type/subtype');
  }
  let q = 1;
  let seenQ = false;
  for (const raw of parameters) {
    const parameter = raw.trim();
    if (parameter === '') {
      continue; // "parameters = *( OWS ";" OWS [ parameter ] )"
    }
    const equals = parameter.indexOf('=');
    const name = parameter.slice(0, equals).toLowerCase();
    const parameterValue = parameter.slice(equals + 1);
    if (equals <= 0 || !TOKEN.test(name) || !isParameterValue(parameterValue)) {
      throw new MalformedHeaderError('a media type parameter is not name=value');
    }
    if (name === 'q' && !seenQ) {
      if (!QVALUE.test(parameterValue)) {
        throw new MalformedHeaderError('a q-value is not between 0 and 1 with at most 3 decimals');
      }
      q = Number(parameterValue);
      seenQ = true;
    }
  }
  return { mediaType, q };
}

function isParameterValue(value) {
  if (TOKEN.test(value)) {
    return true;
  }
  // quoted-string: DQUOTE *( qdtext / quoted-pair ) DQUOTE, already checked for balance by the splitter
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') && /^[\t\x20-\x7e\x80-\xff]*$/.test(value);
}

/** Splits on a separator outside quoted strings, honouring backslash escapes inside them. */
function splitOutsideQuotes(value, separator) {
  if (!value.includes('"')) {
    return value.split(separator); // the common case, several times faster than the scan below
  }
  const parts = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') {
        if (i + 1 >= value.length) {
          throw new MalformedHeaderError('a quoted string ends in a backslash');
        }
        current += c + value[++i];
        continue;
      }
      if (c === '"') {
        quoted = false;
      }
      current += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      current += c;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted) {
    throw new MalformedHeaderError('a quoted string is not closed');
  }
  parts.push(current);
  return parts;
}

function versionOf(mediaType, prefix, suffix) {
  if (!mediaType.startsWith(prefix) || !mediaType.endsWith(suffix) || mediaType.length <= prefix.length + suffix.length) {
    return null;
  }
  const version = mediaType.slice(prefix.length, mediaType.length - suffix.length);
  return VERSION_TOKEN.test(version) ? version : null;
}
