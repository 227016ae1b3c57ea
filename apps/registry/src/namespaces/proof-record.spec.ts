import { ECDH, generateKeyPairSync, sign } from 'node:crypto';
import {
  type ProofKey,
  checkSignature,
  parseProofRecord,
  proofAlgorithmOf,
  proofRecord,
  signTimestamp,
} from './proof-record';

const ed25519 = () => generateKeyPairSync('ed25519');
const p384 = () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' });

function parsedKey(record: string): ProofKey {
  const parsed = parseProofRecord(record);
  if (!parsed.ok) throw new Error(`expected ${record} to parse: ${parsed.problem}`);
  return parsed.key;
}

describe('proof records', () => {
  it('publishes an Ed25519 key as its raw 32 bytes, as `openssl pkey -pubout -outform DER | tail -c 32 | base64` does', () => {
    const { publicKey } = ed25519();
    const der = publicKey.export({ format: 'der', type: 'spki' });
    expect(proofRecord(publicKey)).toBe(`v=MCPv1; k=ed25519; p=${der.subarray(-32).toString('base64')}`);
  });

  it('publishes a P-384 key as its compressed point', () => {
    const { publicKey, privateKey } = p384();
    const record = proofRecord(privateKey);
    expect(record).toBe(proofRecord(publicKey));
    const p = Buffer.from(record.split('p=')[1]!, 'base64');
    expect(p).toHaveLength(49);
    const uncompressed = publicKey.export({ format: 'der', type: 'spki' }).subarray(-97);
    expect(ECDH.convertKey(p, 'secp384r1', undefined, undefined, 'uncompressed')).toEqual(uncompressed);
  });

  it('tolerates spacing, case, a trailing ";" and unknown tags', () => {
    const { publicKey } = ed25519();
    const p = proofRecord(publicKey).split('p=')[1]!;
    const variants = [
      `v=MCPv1;k=ed25519;p=${p}`,
      `  v = MCPv1 ;   k = ed25519 ;  p = ${p} ; `,
      `V=mcpv1; K=Ed25519; P=${p}`,
      `v=MCPv1; p=${p}; k=ed25519; note=rotated-2026`,
    ];
    for (const record of variants) expect(parsedKey(record).raw.toString('base64')).toBe(p);
  });

  const ed = proofRecord(ed25519().publicKey).split('p=')[1]!;
  const ecUncompressed = p384().publicKey.export({ format: 'der', type: 'spki' }).subarray(-97);
  const notOnCurve = Buffer.alloc(49, 0xff);
  notOnCurve[0] = 0x02;

  it.each([
    ['spf1 -all', /must start with "v=MCPv1"/],
    [`k=ed25519; v=MCPv1; p=${ed}`, /must start with "v=MCPv1"/],
    [`v=MCPv1; p=${ed}`, /algorithm is missing/],
    [`v=MCPv1; k=rsa; p=${ed}`, /k=rsa is not supported/],
    ['v=MCPv1; k=ed25519', /public key is missing/],
    ['v=MCPv1; k=ed25519; p=not*base64', /not standard padded base64/],
    [`v=MCPv1; k=ed25519; p=${ed.replace(/=+$/, '')}`, /not standard padded base64/],
    [
      `v=MCPv1; k=ed25519; p=${Buffer.alloc(31).toString('base64')}`,
      /31 bytes, but a raw Ed25519 public key is 32 bytes/,
    ],
    [
      `v=MCPv1; k=ecdsap384; p=${ecUncompressed.toString('base64')}`,
      /97 bytes, but a compressed P-384 public key is 49 bytes/,
    ],
    [
      `v=MCPv1; k=ecdsap384; p=${Buffer.concat([Buffer.of(4), ecUncompressed.subarray(1, 49)]).toString('base64')}`,
      /must be a compressed P-384 point/,
    ],
    [`v=MCPv1; k=ecdsap384; p=${notOnCurve.toString('base64')}`, /not a point on the P-384 curve/],
    [`v=MCPv1; k=ed25519; k=ed25519; p=${ed}`, /k= appears twice/],
    [`v=MCPv1; k=ed25519; p ${ed}`, /is not a name=value tag/],
  ])('refuses %j', (record, reason) => {
    const parsed = parseProofRecord(record);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(reason);
  });

  it.each([
    ['ed25519', ed25519],
    ['ecdsap384', p384],
  ])('verifies %s signatures over the timestamp bytes, and only those', (algorithm, generate) => {
    const { publicKey, privateKey } = generate();
    const key = parsedKey(proofRecord(publicKey));
    expect(key.algorithm).toBe(algorithm);
    const timestamp = '2026-05-01T12:00:00Z';
    const signature = Buffer.from(signTimestamp(privateKey, timestamp), 'hex');
    expect(checkSignature(key, Buffer.from(timestamp), signature)).toBe('valid');
    expect(checkSignature(key, Buffer.from('2026-05-01T12:00:01Z'), signature)).toBe('mismatch');
    expect(checkSignature(parsedKey(proofRecord(generate().publicKey)), Buffer.from(timestamp), signature)).toBe(
      'mismatch',
    );
  });

  it('wants P-384 signatures as raw r||s, not DER', () => {
    const { publicKey, privateKey } = p384();
    const der = sign('sha384', Buffer.from('t'), privateKey);
    expect(checkSignature(parsedKey(proofRecord(publicKey)), Buffer.from('t'), der)).toBe('wrong-size');
    expect(signTimestamp(privateKey, 't')).toHaveLength(192);
  });

  it('names the unsupported key type without printing the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => signTimestamp(rsa, 't')).toThrow(/Ed25519 or ECDSA P-384 keys; this is a rsa key$/);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    expect(() => proofAlgorithmOf(p256)).toThrow(/this is a ec key on prime256v1/);
  });
});
