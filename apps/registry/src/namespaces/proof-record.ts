import { type KeyObject, ECDH, createPublicKey, sign, verify } from 'node:crypto';

/**
 * Proof records as the official registry reads them: `v=MCPv1; k=<algorithm>; p=<base64 key>`,
 * published as a TXT record on the domain's apex or as the body of
 * `https://<domain>/.well-known/mcp-registry-auth`. The publisher proves control of the domain by
 * signing an RFC 3339 timestamp with the matching private key.
 */
export const PROOF_ALGORITHMS = ['ed25519', 'ecdsap384'] as const;
export type ProofAlgorithm = (typeof PROOF_ALGORITHMS)[number];

/** Ed25519 keys are the raw 32 bytes; P-384 keys are compressed points (0x02/0x03 + X). */
const KEY_BYTES: Record<ProofAlgorithm, number> = { ed25519: 32, ecdsap384: 49 };
/** Ed25519 signatures are 64 bytes; P-384 ones are r||s, 48 bytes each (not DER). */
export const SIGNATURE_BYTES: Record<ProofAlgorithm, number> = { ed25519: 64, ecdsap384: 96 };

export interface ProofKey {
  algorithm: ProofAlgorithm;
  /** The key exactly as published (decoded from `p=`). */
  raw: Buffer;
  key: KeyObject;
  /** `ed25519:AbCdEfGh`: enough of the published key for a person to tell records apart. */
  fingerprint: string;
}

export type ParsedProofRecord = { ok: true; key: ProofKey } | { ok: false; problem: string };

const MCPV1 = /^\s*v\s*=\s*MCPv1\s*(;|$)/i;
const TAG = /^([a-z]+)\s*=\s*(.*)$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Whether a TXT string claims to be an MCPv1 proof record (valid or not). */
export const isProofRecord = (text: string): boolean => MCPV1.test(text);

/**
 * Reads one proof record. Spacing around `;` and `=` and a trailing `;` are tolerated, tag names
 * and the algorithm are case-insensitive, unknown extra tags are ignored (as the official
 * registry ignores anything after `p=`), and everything else is refused with a reason.
 */
export function parseProofRecord(text: string): ParsedProofRecord {
  const fail = (problem: string): ParsedProofRecord => ({ ok: false, problem });
  if (!isProofRecord(text)) return fail('the record must start with "v=MCPv1"');
  const tags = new Map<string, string>();
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = TAG.exec(part);
    if (!m) return fail(`"${part.slice(0, 40)}" is not a name=value tag`);
    const name = m[1]!.toLowerCase();
    if (tags.has(name)) return fail(`the tag ${name}= appears twice`);
    tags.set(name, m[2]!.trim());
  }
  const k = tags.get('k')?.toLowerCase();
  if (!k) return fail('the key algorithm is missing: add k=ed25519 or k=ecdsap384');
  if (!(PROOF_ALGORITHMS as readonly string[]).includes(k)) {
    return fail(`k=${k.slice(0, 40)} is not supported: use k=ed25519 or k=ecdsap384`);
  }
  const algorithm = k as ProofAlgorithm;
  const p = tags.get('p');
  if (!p) return fail('the public key is missing: add p=<base64 public key>');
  if (!BASE64.test(p) || p.length % 4 !== 0) {
    return fail('p= is not standard padded base64 (A-Z, a-z, 0-9, "+", "/", "=")');
  }
  const raw = Buffer.from(p, 'base64');
  if (raw.length !== KEY_BYTES[algorithm]) {
    const expected =
      algorithm === 'ed25519' ? 'a raw Ed25519 public key is 32 bytes' : 'a compressed P-384 public key is 49 bytes';
    return fail(`p= decodes to ${raw.length} bytes, but ${expected}`);
  }
  if (algorithm === 'ecdsap384' && raw[0] !== 0x02 && raw[0] !== 0x03) {
    return fail('p= must be a compressed P-384 point (first byte 0x02 or 0x03)');
  }
  try {
    return {
      ok: true,
      key: { algorithm, raw, key: keyFromRaw(algorithm, raw), fingerprint: fingerprint(algorithm, raw) },
    };
  } catch {
    return fail(
      algorithm === 'ecdsap384' ? 'p= is not a point on the P-384 curve' : 'p= is not a valid Ed25519 public key',
    );
  }
}

export type SignatureCheck = 'valid' | 'mismatch' | 'wrong-size';

/** Checks a signature over `message` the way the official registry does for each algorithm. */
export function checkSignature(key: ProofKey, message: Buffer, signature: Buffer): SignatureCheck {
  if (signature.length !== SIGNATURE_BYTES[key.algorithm]) return 'wrong-size';
  const ok =
    key.algorithm === 'ed25519'
      ? verify(null, message, key.key, signature)
      : verify('sha384', message, { key: key.key, dsaEncoding: 'ieee-p1363' }, signature);
  return ok ? 'valid' : 'mismatch';
}

/** The algorithm a node:crypto key (public or private) belongs to, for building proofs. */
export function proofAlgorithmOf(key: KeyObject): ProofAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1') return 'ecdsap384';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw new TypeError(
    `MCPv1 proofs use Ed25519 or ECDSA P-384 keys; this is a ${key.asymmetricKeyType ?? key.type} key${curve ? ` on ${curve}` : ''}`,
  );
}

/** The hex `signedTimestamp` for a login: the timestamp's UTF-8 bytes signed with `privateKey`. */
export function signTimestamp(privateKey: KeyObject, timestamp: string): string {
  const message = Buffer.from(timestamp, 'utf8');
  const signature =
    proofAlgorithmOf(privateKey) === 'ed25519'
      ? sign(null, message, privateKey)
      : sign('sha384', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return signature.toString('hex');
}

/** The record to publish for a key: `v=MCPv1; k=<algorithm>; p=<base64 public key>`. */
export function proofRecord(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const algorithm = proofAlgorithmOf(publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const raw =
    algorithm === 'ed25519'
      ? x
      : (ECDH.convertKey(
          Buffer.concat([Buffer.of(0x04), x, Buffer.from(jwk.y!, 'base64url')]),
          'secp384r1',
          undefined,
          undefined,
          'compressed',
        ) as Buffer);
  return `v=MCPv1; k=${algorithm}; p=${raw.toString('base64')}`;
}

function keyFromRaw(algorithm: ProofAlgorithm, raw: Buffer): KeyObject {
  if (algorithm === 'ed25519') {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  }
  // Throws when the bytes are not a point on the curve.
  const point = ECDH.convertKey(raw, 'secp384r1', undefined, undefined, 'uncompressed') as Buffer;
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-384',
      x: point.subarray(1, 49).toString('base64url'),
      y: point.subarray(49).toString('base64url'),
    },
    format: 'jwk',
  });
}

function fingerprint(algorithm: ProofAlgorithm, raw: Buffer): string {
  return `${algorithm}:${raw.toString('base64').slice(0, 8)}`;
}
