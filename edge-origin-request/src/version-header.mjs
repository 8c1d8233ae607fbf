// Reads the requested API version from the request headers, as HTTP (RFC 9110) defines them.
//
// Two modes:
//  - Accept mode: `Accept: application/vnd.example.v2+json; q=0.9, application/json` — a comma-separated list of
//    media ranges with parameters and q-values, in any case. The acceptable version with the highest q wins.
//  - Token mode: a custom header such as `APIVER: v2` carrying one plain token.
//
// Hand-written because the one well-kept npm parser (negotiator) would be the function's only bundled dependency
// and cannot tell "no valid element at all" (400) from "no acceptable version" (403); this file is small and fully
// covered by tests. Malformed elements are skipped while a valid one remains (be liberal in what you accept).
// A version is read case-insensitively and must be a VERSION_TOKEN (mapping-rules.mjs) once lower-cased.

import { VERSION_TOKEN } from './mapping-rules.mjs';

/** Longest header value accepted; anything longer is refused before parsing. */
export const MAX_HEADER_LENGTH = 1024;
/** Most media ranges accepted in one Accept header. */
export const MAX_MEDIA_RANGES = 32;
// RFC 9110 token characters
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i;
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/;
// ".5": no leading zero, as several old clients send it; read as "0.5"
const LEADING_DOT_QVALUE = /^\.[0-9]{1,3}$/;

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
  const { ranges, ignored, tooMany } = parseAccept(joined);
  if (tooMany) {
    return outcome('malformed', { reason: `more than ${MAX_MEDIA_RANGES} media ranges` });
  }
  if (ranges.length === 0) {
    // be liberal: malformed elements are skipped while a valid one remains; with none left there is nothing to read
    return outcome('malformed', { reason: ignored[0] });
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

class MalformedHeaderError extends Error {}

/**
 * Parses an Accept value into its valid media ranges [{mediaType, q}] (media type lower-cased, parameters other
 * than q dropped) and the reasons for the elements it ignored. Liberal in what it accepts: an element RFC 9110
 * does not allow is skipped, not fatal, so one bad element (a browser plug-in's, an old client's) does not hide a
 * valid choice beside it. Two widespread non-conforming forms are read as their senders mean them: a lone star
 * means any type (star-slash-star), and "q=.5" means "q=0.5"; the JDK's HttpURLConnection sent
 * "*; q=.2" followed by the any-type range with "q=.2" by default for years.
 * tooMany is set when the header lists more than MAX_MEDIA_RANGES elements (valid or not).
 */
export function parseAccept(value) {
  const { parts: elements, unclosed } = splitOutsideQuotes(value, ',');
  const ranges = [];
  const ignored = [];
  let count = 0;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (element.trim() === '') {
      continue; // "#list" allows empty elements: "a, , b"
    }
    if (++count > MAX_MEDIA_RANGES) {
      return { ranges, ignored, tooMany: true };
    }
    if (unclosed && i === elements.length - 1) {
      ignored.push('a quoted string is not closed'); // the open quote swallowed the rest of the header
      continue;
    }
    try {
      ranges.push(parseMediaRange(element));
    } catch (error) {
      if (!(error instanceof MalformedHeaderError)) {
        throw error;
      }
      ignored.push(error.message);
    }
  }
  return { ranges, ignored, tooMany: false };
}

function parseMediaRange(element) {
  const [typePart, ...parameters] = splitOutsideQuotes(element, ';').parts;
  let mediaType = typePart.trim().toLowerCase();
  if (mediaType === '*') {
    mediaType = '*/*'; // non-conforming, but what the JDK's default header means
  }
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
      const qValue = LEADING_DOT_QVALUE.test(parameterValue) ? `0${parameterValue}` : parameterValue;
      if (!QVALUE.test(qValue)) {
        throw new MalformedHeaderError('a q-value is not between 0 and 1 with at most 3 decimals');
      }
      q = Number(qValue);
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

/**
 * Splits on a separator outside quoted strings, honouring backslash escapes inside them. unclosed: the last part
 * starts a quoted string that never ends (or ends in a lone backslash).
 */
function splitOutsideQuotes(value, separator) {
  if (!value.includes('"')) {
    return { parts: value.split(separator), unclosed: false }; // the common case, several times faster than the scan
  }
  const parts = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') {
        if (i + 1 >= value.length) {
          break; // a lone backslash at the end: the quoted string is not closed
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
  parts.push(current);
  return { parts, unclosed: quoted };
}

function versionOf(mediaType, prefix, suffix) {
  if (!mediaType.startsWith(prefix) || !mediaType.endsWith(suffix) || mediaType.length <= prefix.length + suffix.length) {
    return null;
  }
  const version = mediaType.slice(prefix.length, mediaType.length - suffix.length);
  return VERSION_TOKEN.test(version) ? version : null;
}
