import { FixedClock } from '@mcp-hub/http';
import type { JwtKeysRepository } from './jwt-keys.repository';
import { RegistryJwt } from './registry-jwt';

/** jwt_keys in memory: what every process shares through the database. */
function memoryKeys(): JwtKeysRepository & { rows: Map<string, string> } {
  const rows = new Map<string, string>();
  return {
    rows,
    publish: async (kid: string, pem: string) => void (rows.has(kid) || rows.set(kid, pem)),
    publicKey: async (kid: string) => rows.get(kid),
  } as unknown as JwtKeysRepository & { rows: Map<string, string> };
}

const claims = {
  sub: 'github:alice',
  auth_method: 'github-at' as const,
  auth_method_sub: 'alice',
  permissions: [{ action: 'publish' as const, resource: 'io.github.alice/*' }],
  scp: ['publish' as const],
  uid: 'u1',
};

describe('RegistryJwt', () => {
  it('mints a JWT another process verifies through the published public key', async () => {
    const keys = memoryKeys();
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    const minted = await new RegistryJwt(keys, clock).mint(claims);
    expect(keys.rows.size).toBe(1);
    expect(RegistryJwt.looksLikeJwt(minted.token)).toBe(true);
    expect(minted.expiresAt.toISOString()).toBe('2026-01-01T00:05:00.000Z');
    const verified = await new RegistryJwt(keys, clock).verify(minted.token);
    expect(verified).toEqual(minted.claims);
    expect(verified).toMatchObject({ iss: 'mcp-hub', uid: 'u1', permissions: claims.permissions });
  });

  it('refuses an expired, a tampered and an unknown-key JWT', async () => {
    const keys = memoryKeys();
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    const jwt = new RegistryJwt(keys, clock, undefined, 60);
    const { token } = await jwt.mint(claims);
    const [head, body, signature] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), scp: ['admin'] }),
    ).toString('base64url');
    expect(await jwt.verify(`${head}.${forged}.${signature}`)).toBeUndefined();
    expect(await new RegistryJwt(memoryKeys(), clock).verify(token)).toBeUndefined();
    clock.advance(64_000);
    expect(await jwt.verify(token)).toBeDefined();
    clock.advance(2_000);
    expect(await jwt.verify(token)).toBeUndefined();
    expect(await jwt.verify('mcphub_not-a-jwt')).toBeUndefined();
  });
});
