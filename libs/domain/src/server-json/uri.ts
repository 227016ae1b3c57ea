/**
 * `format: "uri"` as the published JSON Schemas mean it: an absolute URI per RFC 3986
 * (scheme ":" hier-part [ "?" query ] [ "#" fragment ]).
 *
 * The registry's reference validator is Ajv + ajv-formats ("full" mode), and a document must get
 * the same verdict here as there, so its deviations from the RFC are mirrored
 * (the differential tests in server-json.spec.ts pin them down):
 *  - the path may not be empty: `urn:` or `foo:?q` are rejected even though the RFC allows them;
 *  - an authority may follow a single slash (`foo:/[::1]/x`), not only `//`;
 *  - IPv4 octets may carry leading zeros (`010.1.1.1`).
 * Matching is case-insensitive (scheme, hex digits of %-escapes and IP literals).
 *
 * The expression is assembled from the RFC's ABNF rule names so it can be checked against the
 * grammar piece by piece, rather than maintained as one opaque literal.
 */

const HEXDIG = '[0-9a-f]';
const PCT_ENCODED = `%${HEXDIG}{2}`;
const UNRESERVED = 'a-z0-9\\-._~'; // character-class bodies, combined below
const SUB_DELIMS = "!$&'()*+,;=";

const SCHEME = '[a-z][a-z0-9+\\-.]*';
const USERINFO = `(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT_ENCODED})*`;

const DEC_OCTET = '(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)';
const IPV4_ADDRESS = `(?:${DEC_OCTET}\\.){3}${DEC_OCTET}`;

const H16 = `${HEXDIG}{1,4}`;
const LS32 = `(?:${H16}:${H16}|${IPV4_ADDRESS})`;

/**
 * RFC 3986 §3.2.2 IPv6address: the nine forms differ by how many 16-bit groups precede and follow
 * the "::" elision (at most 8 groups in total, ls32 counting as two).
 */
const IPV6_ADDRESS = (() => {
  const forms = [`(?:${H16}:){6}${LS32}`, `::(?:${H16}:){5}${LS32}`];
  // up to `before` groups ahead of "::", then (4 - before) groups and ls32 behind it
  for (let before = 0; before <= 4; before++) {
    const prefix = before === 0 ? `(?:${H16})?` : `(?:(?:${H16}:){0,${before}}${H16})?`;
    const after = 4 - before;
    const tail = after > 1 ? `(?:${H16}:){${after}}` : after === 1 ? `${H16}:` : '';
    forms.push(`${prefix}::${tail}${LS32}`);
  }
  forms.push(`(?:(?:${H16}:){0,5}${H16})?::${H16}`);
  forms.push(`(?:(?:${H16}:){0,6}${H16})?::`);
  return `(?:${forms.join('|')})`;
})();

const IPVFUTURE = `v${HEXDIG}+\\.[${UNRESERVED}${SUB_DELIMS}:]+`;
const IP_LITERAL = `\\[(?:${IPV6_ADDRESS}|${IPVFUTURE})\\]`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT_ENCODED})*`;
const HOST = `(?:${IP_LITERAL}|${IPV4_ADDRESS}|${REG_NAME})`;
const AUTHORITY = `(?:${USERINFO}@)?${HOST}(?::\\d*)?`;

const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT_ENCODED})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;

const HIER_PART =
  '(?:' +
  [
    `\\/?\\/${AUTHORITY}(?:\\/${SEGMENT})*`, // "//" authority path-abempty (single "/" tolerated, see above)
    `\\/(?:${SEGMENT_NZ}(?:\\/${SEGMENT})*)?`, // path-absolute
    `${SEGMENT_NZ}(?:\\/${SEGMENT})*`, // path-rootless (no path-empty, see above)
  ].join('|') +
  ')';

const QUERY = `(?:\\?(?:${PCHAR}|[/?])*)?`;
const FRAGMENT = `(?:#(?:${PCHAR}|[/?])*)?`;

const ABSOLUTE_URI = new RegExp(`^${SCHEME}:${HIER_PART}${QUERY}${FRAGMENT}$`, 'i');

export function isAbsoluteUri(value: string): boolean {
  return ABSOLUTE_URI.test(value);
}
