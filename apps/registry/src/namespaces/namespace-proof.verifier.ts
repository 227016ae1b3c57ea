import { type FieldProblem, HubError, badRequest, unauthorized, verifiedNamespacePatterns } from '@mcp-hub/domain';
import { createHash } from 'node:crypto';
import { promises as dns } from 'node:dns';
import { parseRfc3339 } from '../servers/list-query';
import { domainProblems, reverseDomain } from './domain-name';
import { type ProofKey, SIGNATURE_BYTES, checkSignature, isProofRecord, parseProofRecord } from './proof-record';
import { InMemoryReplayStore, type ReplayStore } from './replay-store';
import { AddressRefusedError, type FetchLike, createWellKnownFetch } from './well-known-fetch';

export type ProofMethod = 'dns' | 'http';

/** A login attempt, as the official registry's `/v0/auth/dns` and `/v0/auth/http` take it. */
export interface ProofLoginInput {
  domain: string;
  /** RFC 3339 date-time, e.g. `2025-08-07T13:15:04Z`; its exact UTF-8 bytes are what was signed. */
  timestamp: string;
  /** Hex signature of `timestamp`: raw Ed25519, or ECDSA P-384/SHA-384 as r||s. */
  signedTimestamp: string;
}

export interface NamespaceProof {
  domain: string;
  method: ProofMethod;
  /** Namespace patterns the proof grants, e.g. `com.example/*`. */
  namespaces: string[];
}

export interface NamespaceProofVerifierOptions {
  /** DNS servers (`ip` or `ip:port`) for TXT lookups; the system's resolvers when absent. */
  dnsServers?: string[];
  /** Where the HTTP proof lives; `https://<domain>/.well-known/mcp-registry-auth` by default. */
  wellKnownUrl?: (domain: string) => string;
  now?: () => Date;
  /** How far a signed timestamp may be from `now`, either way. */
  maxSkewMs?: number;
  /** HTTP client for the well-known file; by default one that refuses non-public addresses. */
  fetch?: FetchLike;
  replayStore?: ReplayStore;
  dnsTimeoutMs?: number;
  httpTimeoutMs?: number;
}

// The official registry's limits (internal/api/handlers/v0/auth/{common,dns,http}.go).
export const DEFAULT_MAX_SKEW_MS = 15_000;
export const DEFAULT_DNS_TIMEOUT_MS = 5_000;
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
export const MAX_WELL_KNOWN_BYTES = 4096;
export const WELL_KNOWN_PATH = '/.well-known/mcp-registry-auth';

/** Where people put the record by mistake (DKIM habit); probed only to say so in the error. */
const MISPLACED_SELECTORS = ['_mcp-auth', '_mcp-registry'];
const SELECTOR_PROBE_TIMEOUT_MS = 2_000;
const SIGNATURE_HEX_MAX = 1024;
const EXAMPLE_RECORD = 'v=MCPv1; k=ed25519; p=…';

/**
 * Proves that a publisher controls a domain, by the official registry's rules: the domain
 * publishes an MCPv1 public key (DNS TXT record at the apex, or the well-known HTTPS file) and the
 * publisher signs a fresh timestamp with the matching private key.
 *
 * Errors: `bad_request` for a malformed request; `unauthorized` when the proof is absent, broken,
 * stale, replayed or signed with another key; `unavailable` only when the registry's own DNS
 * lookup could not complete (timeout, SERVFAIL), since retrying may then succeed unchanged.
 */
export class NamespaceProofVerifier {
  private readonly dnsServers?: string[];
  private readonly wellKnownUrl: (domain: string) => string;
  private readonly now: () => Date;
  private readonly maxSkewMs: number;
  private readonly fetch: FetchLike;
  private readonly replayStore: ReplayStore;
  private readonly dnsTimeoutMs: number;
  private readonly httpTimeoutMs: number;

  constructor(options: NamespaceProofVerifierOptions = {}) {
    if (options.dnsServers) {
      try {
        new dns.Resolver().setServers(options.dnsServers);
      } catch (err) {
        throw new Error(
          `dnsServers ${JSON.stringify(options.dnsServers)} is invalid (${(err as Error).message}): use entries like "1.1.1.1" or "127.0.0.1:5353"`,
          { cause: err },
        );
      }
      this.dnsServers = options.dnsServers;
    }
    this.wellKnownUrl = options.wellKnownUrl ?? ((domain) => `https://${domain}${WELL_KNOWN_PATH}`);
    this.now = options.now ?? (() => new Date());
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    this.fetch = options.fetch ?? createWellKnownFetch();
    this.replayStore = options.replayStore ?? new InMemoryReplayStore(this.now);
    this.dnsTimeoutMs = options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
    this.httpTimeoutMs = options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  }

  /** DNS proof: a TXT record on the apex. Grants the domain and all its subdomains. */
  async verifyDns(input: ProofLoginInput): Promise<NamespaceProof> {
    const login = this.checkInput(input);
    const records = await this.apexTxtRecords(login.domain);
    return this.finish('dns', login, records, `on ${login.domain}`);
  }

  /** HTTP proof: the well-known file. Grants the domain only, as serving a file on a host says nothing about its subdomains. */
  async verifyHttp(input: ProofLoginInput): Promise<NamespaceProof> {
    const login = this.checkInput(input);
    const url = this.wellKnownUrl(login.domain);
    const body = await this.wellKnownBody(url);
    return this.finish('http', login, [body], `at ${url}`);
  }

  private checkInput(input: ProofLoginInput): CheckedLogin {
    if (typeof input !== 'object' || input === null) {
      throw badRequest('The body must be an object with domain, timestamp and signedTimestamp.');
    }
    const problems: FieldProblem[] = domainProblems(input.domain, 'body.domain');
    const at = typeof input.timestamp === 'string' ? parseRfc3339(input.timestamp) : undefined;
    if (!at) {
      problems.push({
        location: 'body.timestamp',
        message: 'timestamp must be an RFC 3339 date-time such as 2025-08-07T13:15:04Z (the exact string you signed)',
        value: typeof input.timestamp === 'string' ? input.timestamp.slice(0, 64) : input.timestamp,
      });
    }
    const hex = input.signedTimestamp;
    if (
      typeof hex !== 'string' ||
      hex.length === 0 ||
      hex.length > SIGNATURE_HEX_MAX ||
      hex.length % 2 !== 0 ||
      !/^[0-9a-fA-F]+$/.test(hex)
    ) {
      problems.push({
        location: 'body.signedTimestamp',
        message:
          'signedTimestamp must be the signature of timestamp, hex-encoded (128 hex digits for ed25519, 192 for ecdsap384)',
      });
    }
    if (problems.length)
      throw badRequest(`Invalid login request: ${problems.map((p) => p.message).join('; ')}.`, problems);

    const skewMs = at!.getTime() - this.now().getTime();
    if (Math.abs(skewMs) > this.maxSkewMs) {
      throw unauthorized(
        `timestamp is ${seconds(Math.abs(skewMs))} ${skewMs > 0 ? 'ahead of' : 'behind'} the registry's clock (allowed ±${seconds(this.maxSkewMs)}): ` +
          'sign a fresh timestamp, and check that your clock is synchronised.',
      );
    }
    return {
      domain: input.domain.toLowerCase(),
      timestamp: input.timestamp,
      at: at!,
      signature: Buffer.from(hex, 'hex'),
    };
  }

  private async finish(
    method: ProofMethod,
    login: CheckedLogin,
    texts: string[],
    where: string,
  ): Promise<NamespaceProof> {
    const key = this.matchingKey(method, login, texts, where);
    // Keyed on (key, timestamp) rather than the signature bytes: an ECDSA signature can be
    // re-encoded (s → n−s) into a different valid signature for the same timestamp.
    const replayKey = createHash('sha256')
      .update(`MCPv1\0${key.algorithm}\0${key.raw.toString('base64')}\0${login.timestamp}`)
      .digest('hex');
    const fresh = await this.replayStore.claim(replayKey, new Date(login.at.getTime() + this.maxSkewMs));
    if (!fresh)
      throw unauthorized(
        'This signed timestamp was already used to log in, so it is refused as a replay: sign a fresh timestamp.',
      );
    // The official registry writes the subdomain grant as the prefix `com.example.*`; the Hub's
    // patterns always carry a "/", and `com.example.*/*` matches exactly the same server names.
    return { domain: login.domain, method, namespaces: verifiedNamespacePatterns(reverseDomain(login.domain), method) };
  }

  private matchingKey(method: ProofMethod, login: CheckedLogin, texts: string[], where: string): ProofKey {
    const claimed = texts.filter(isProofRecord);
    if (!claimed.length) {
      throw unauthorized(
        method === 'dns'
          ? `No MCPv1 TXT record on ${login.domain}${texts.length ? ` (it has ${texts.length} other TXT record${texts.length > 1 ? 's' : ''})` : ''}: ` +
              `add \`${login.domain}. IN TXT "${EXAMPLE_RECORD}"\` at the apex, wait for it to propagate, then try again.`
          : `No MCPv1 proof record ${where}: serve "${EXAMPLE_RECORD}" as the whole body of that file.`,
      );
    }
    const parsed = claimed.map(parseProofRecord);
    const keys = parsed.flatMap((p) => (p.ok ? [p.key] : []));
    if (!keys.length) {
      const problems = parsed.flatMap((p) => (p.ok ? [] : [p.problem]));
      throw unauthorized(
        problems.length === 1
          ? `The MCPv1 record ${where} is malformed: ${problems[0]}. It must read "v=MCPv1; k=ed25519; p=<base64 public key>" (or k=ecdsap384).`
          : `None of the ${problems.length} MCPv1 records ${where} is usable: ${problems.map((p, i) => `(${i + 1}) ${p}`).join('; ')}.`,
      );
    }
    const message = Buffer.from(login.timestamp, 'utf8');
    const checks = keys.map((k) => ({ key: k, result: checkSignature(k, message, login.signature) }));
    const match = checks.find((c) => c.result === 'valid');
    if (match) return match.key;

    if (checks.every((c) => c.result === 'wrong-size')) {
      const expected = [
        ...new Set(keys.map((k) => `${k.algorithm} signatures are ${SIGNATURE_BYTES[k.algorithm]} bytes`)),
      ].join(', ');
      throw unauthorized(
        `signedTimestamp is ${login.signature.length} bytes, but ${expected}: send the raw signature as hex (ecdsap384 as r||s, not DER).`,
      );
    }
    const tried = keys.map((k) => k.fingerprint).join(', ');
    throw unauthorized(
      keys.length === 1
        ? `The signature does not match the key published ${where} (${tried}): sign the timestamp with that key's private key, or publish the record for the key you sign with.`
        : `The signature matches none of the ${keys.length} keys published ${where} (${tried}): sign with one of their private keys; after rotating keys, remove the stale record.`,
    );
  }

  private async apexTxtRecords(domain: string): Promise<string[]> {
    let records: string[];
    try {
      records = await this.lookupTxt(domain, this.dnsTimeoutMs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND') {
        throw unauthorized(
          `${domain} does not exist in DNS (NXDOMAIN): check the spelling, or add the TXT record \`${domain}. IN TXT "${EXAMPLE_RECORD}"\` once the domain is live.`,
        );
      }
      throw new HubError(
        'unavailable',
        `Could not look up TXT records for ${domain}: ${describeDnsFailure(code, this.dnsTimeoutMs)}. ` +
          "Try again in a minute; if it keeps failing, check that the domain's name servers answer TXT queries.",
      );
    }
    if (!records.some(isProofRecord)) {
      const misplaced = await this.findMisplacedRecord(domain);
      if (misplaced) {
        throw unauthorized(
          `No MCPv1 TXT record on ${domain}, but there is one at ${misplaced}: the registry reads the apex only. ` +
            `Move it to \`${domain}. IN TXT "${EXAMPLE_RECORD}"\`.`,
        );
      }
    }
    return records;
  }

  private async findMisplacedRecord(domain: string): Promise<string | undefined> {
    const probes = MISPLACED_SELECTORS.map(async (selector) => {
      const name = `${selector}.${domain}`;
      const records = await this.lookupTxt(name, Math.min(SELECTOR_PROBE_TIMEOUT_MS, this.dnsTimeoutMs)).catch(
        () => [],
      );
      return records.some(isProofRecord) ? name : undefined;
    });
    return (await Promise.all(probes)).find(Boolean);
  }

  /** TXT strings at `name` (each record's character-strings joined); [] when it has none. */
  private async lookupTxt(name: string, timeoutMs: number): Promise<string[]> {
    // A resolver per lookup: cancel() below then stops only this lookup, and no answer is cached.
    const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
    if (this.dnsServers) resolver.setServers(this.dnsServers);
    let timer: NodeJS.Timeout | undefined;
    // c-ares stretches its own timeout on retransmission, so a deadline of our own bounds the wait.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        resolver.cancel();
        reject(Object.assign(new Error(`DNS query for ${name} timed out`), { code: 'ETIMEOUT' }));
      }, timeoutMs);
    });
    try {
      const rows = await Promise.race([resolver.resolveTxt(name), deadline]);
      return rows.map((chunks) => chunks.join(''));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENODATA') return [];
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async wellKnownBody(url: string): Promise<string> {
    const signal = AbortSignal.timeout(this.httpTimeoutMs);
    let response: Response;
    try {
      response = await this.fetch(url, {
        signal,
        redirect: 'manual',
        headers: { accept: 'text/plain', 'user-agent': 'mcp-hub-registry' },
      });
    } catch (err) {
      throw this.fetchFailed(url, err, signal);
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw unauthorized(
        response.status >= 300 && response.status < 400
          ? `${url} answered HTTP ${response.status} (a redirect), and the registry does not follow redirects: serve the proof record at that exact URL.`
          : `${url} answered HTTP ${response.status}: serve "${EXAMPLE_RECORD}" there with status 200.`,
      );
    }
    let body: string | undefined;
    try {
      body = await readCapped(response, MAX_WELL_KNOWN_BYTES, signal);
    } catch (err) {
      throw this.fetchFailed(url, err, signal);
    }
    if (body === undefined) {
      throw unauthorized(
        `${url} returned more than ${MAX_WELL_KNOWN_BYTES} bytes: the file must hold only the proof record "${EXAMPLE_RECORD}".`,
      );
    }
    return body.trim();
  }

  private fetchFailed(url: string, err: unknown, signal: AbortSignal): HubError {
    if (err instanceof AddressRefusedError) {
      return unauthorized(`Refusing to fetch ${url}: ${err.message}. Serve the proof from a publicly reachable host.`);
    }
    if (signal.aborted) {
      return unauthorized(
        `${url} did not answer within ${seconds(this.httpTimeoutMs)}: make sure it is reachable over HTTPS, then try again.`,
      );
    }
    const cause =
      (err as { cause?: { code?: string } }).cause?.code ?? (err as NodeJS.ErrnoException).code ?? 'network error';
    return unauthorized(
      `Could not fetch ${url} (${cause}): make sure ${new URL(url).host} serves HTTPS, then try again.`,
    );
  }
}

interface CheckedLogin {
  domain: string;
  timestamp: string;
  at: Date;
  signature: Buffer;
}

/** The body as text, or undefined when it exceeds `max` bytes (reading stops there). */
async function readCapped(response: Response, max: number, signal: AbortSignal): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  // A server can send headers and then stall; the fetch's own signal may not cover the body.
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) return Buffer.concat(chunks).toString('utf8');
      size += value.byteLength;
      if (size > max) return undefined;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function describeDnsFailure(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ETIMEOUT':
      return `no answer within ${seconds(timeoutMs)}`;
    case 'ESERVFAIL':
      return 'the DNS server answered SERVFAIL';
    case 'EREFUSED':
      return 'the DNS server refused the query';
    case 'ECONNREFUSED':
      return 'the DNS server could not be reached';
    default:
      return `DNS error ${code ?? 'unknown'}`;
  }
}

function seconds(ms: number): string {
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}
