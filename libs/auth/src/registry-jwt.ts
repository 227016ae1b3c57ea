import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { MintClaims, RegistryClaims } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { JwtKeysRepository } from './jwt-keys.repository';

export type { AuthMethod, MintClaims, RegistryClaims, RegistryPermission } from '@mcp-hub/domain';

/** Optional PEM (PKCS#8) Ed25519 private key; without one, each process makes its own at boot. */
export const JWT_PRIVATE_KEY = Symbol('JWT_PRIVATE_KEY');
/** Lifetime of minted JWTs, in seconds. */
export const JWT_TTL_SECONDS = Symbol('JWT_TTL_SECONDS');

export const DEFAULT_JWT_TTL_SECONDS = 300;
const ISSUER = 'mcp-hub';
const HEADER_ALG = 'EdDSA';
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Clock difference tolerated between Hub processes when checking nbf/exp. */
const LEEWAY_SECONDS = 5;

/**
 * Short-lived Ed25519 JWTs (like the official registry's), minted from a GitHub identity, a
 * namespace proof or an API token, and accepted as bearer credentials by every Hub service.
 *
 * The private key never leaves the process that signs: it comes from HUB_JWT_PRIVATE_KEY or is
 * generated at boot. Only public keys are written to the database (`jwt_keys`, by key id), so any
 * process can check a JWT another one signed, and a restart does not cut off JWTs still in date.
 */
@Injectable()
export class RegistryJwt {
  private signer?: { key: KeyObject; kid: string; published: Promise<void> };
  private readonly publicKeys = new Map<string, KeyObject>();
  readonly ttlSeconds: number;

  constructor(
    private readonly keys: JwtKeysRepository,
    private readonly clock: Clock,
    @Optional() @Inject(JWT_PRIVATE_KEY) private readonly privateKeyPem?: string,
    @Optional() @Inject(JWT_TTL_SECONDS) ttlSeconds?: number,
  ) {
    this.ttlSeconds = ttlSeconds ?? DEFAULT_JWT_TTL_SECONDS;
  }

  static looksLikeJwt(token: string): boolean {
    return JWT_SHAPE.test(token);
  }

  async mint(claims: MintClaims): Promise<{ token: string; expiresAt: Date; claims: RegistryClaims }> {
    const signer = this.signingKey();
    await signer.published;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const full: RegistryClaims = {
      iss: ISSUER,
      iat: now,
      nbf: now,
      exp: now + this.ttlSeconds,
      jti: randomUUID(),
      ...claims,
    };
    const head = b64(JSON.stringify({ alg: HEADER_ALG, typ: 'JWT', kid: signer.kid }));
    const body = b64(JSON.stringify(full));
    const signature = sign(null, Buffer.from(`${head}.${body}`), signer.key).toString('base64url');
    return { token: `${head}.${body}.${signature}`, expiresAt: new Date(full.exp * 1000), claims: full };
  }

  /** The claims of a valid, in-date JWT this Hub signed; undefined for anything else. */
  async verify(token: string): Promise<RegistryClaims | undefined> {
    if (!RegistryJwt.looksLikeJwt(token)) return undefined;
    const [head, body, signature] = token.split('.') as [string, string, string];
    const header = parse(head) as { alg?: unknown; kid?: unknown } | undefined;
    if (!header || header.alg !== HEADER_ALG || typeof header.kid !== 'string') return undefined;
    const key = await this.publicKey(header.kid);
    if (!key || !verify(null, Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url')))
      return undefined;
    const claims = parse(body) as RegistryClaims | undefined;
    if (!claims || claims.iss !== ISSUER || typeof claims.exp !== 'number' || typeof claims.nbf !== 'number')
      return undefined;
    if (!Array.isArray(claims.permissions) || !Array.isArray(claims.scp) || typeof claims.jti !== 'string')
      return undefined;
    const now = this.clock.now().getTime() / 1000;
    if (now >= claims.exp + LEEWAY_SECONDS || now < claims.nbf - LEEWAY_SECONDS) return undefined;
    return claims;
  }

  private signingKey(): NonNullable<RegistryJwt['signer']> {
    if (this.signer) return this.signer;
    const key = this.privateKeyPem ? createPrivateKey(this.privateKeyPem) : generateKeyPairSync('ed25519').privateKey;
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error('HUB_JWT_PRIVATE_KEY must be an Ed25519 private key (openssl genpkey -algorithm Ed25519).');
    const publicKey = createPublicKey(key);
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const kid = createHash('sha256').update(der).digest('base64url').slice(0, 16);
    this.publicKeys.set(kid, publicKey);
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const published = this.keys.publish(kid, pem);
    this.signer = { key, kid, published };
    // A failed write is retried by the next mint rather than remembered forever.
    published.catch(() => (this.signer = undefined));
    return this.signer;
  }

  private async publicKey(kid: string): Promise<KeyObject | undefined> {
    const known = this.publicKeys.get(kid);
    if (known) return known;
    const pem = await this.keys.publicKey(kid);
    if (pem === undefined) return undefined;
    const key = createPublicKey(pem);
    this.publicKeys.set(kid, key);
    return key;
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parse(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
