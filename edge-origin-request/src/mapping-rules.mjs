// The rules a version mapping meets, the same ones the Java custom resource applies before writing an item
// (edge-version-mappings, VersionMapping). Both test suites check them against one fixture of valid and invalid
// values, testdata/edge-mapping-rules.json at the repository root, so the two sides cannot drift.
// Values are compared lower-cased (versions, domains) by both sides.

/** A version label: v1, v2, 2024-01, beta.3. 1 to 32 characters; '#catalog' is not one. */
export const VERSION_TOKEN = /^[a-z0-9][a-z0-9._-]{0,31}$/;

/**
 * A DNS host name of 2 or more labels, at most 253 characters, and not an IP address: CloudFront connects to a
 * custom origin by name only.
 */
export const DOMAIN = /^(?=.{1,253}$)(?!.*\.[0-9]+$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** An origin path: empty, or /segment[/segment...] without '.' or '..' segments and without a trailing '/'. */
export const PATH = /^(\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._~-]+)*$/;
