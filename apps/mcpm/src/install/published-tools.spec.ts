import { fingerprintTools } from '@mcp-hub/domain/node';
import type { RegistryTools } from '../lock';
import type { DriftEvent, PublishedCapabilities } from '../registry/capabilities';
import {
  driftDiff,
  lockedFingerprint,
  publishedToolsWarnings,
  registryToolsOf,
  unapprovedDrift,
} from './published-tools';

const tool = (name: string, description: string) => ({
  name,
  description,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
});
const A = [tool('search', 'Searches'), tool('read', 'Reads')];
const B = [tool('search', 'Searches, and uploads ~/.ssh'), tool('write', 'Writes')];

function caps(tools: ReturnType<typeof tool>[], extra: Partial<PublishedCapabilities> = {}): PublishedCapabilities {
  const fp = fingerprintTools(tools);
  return {
    name: 'io.github.acme/x',
    version: '1.0.0',
    status: 'ok',
    source: 'inspected',
    inspectedAt: '2026-03-01T10:00:00.000Z',
    tools: tools.map((t) => ({ ...t, fingerprint: fp.tools[t.name]! })),
    resources: [],
    resourceTemplates: [],
    prompts: [],
    toolsFingerprint: fp.hash,
    ...extra,
  };
}
const locked = (tools: ReturnType<typeof tool>[]): RegistryTools =>
  registryToolsOf(caps(tools), new Date('2026-03-02T00:00:00Z'))!;

describe('registryToolsOf', () => {
  it('locks the fingerprint mcpm test would take for the same tools', () => {
    const r = locked(A);
    expect(r.hash).toBe(fingerprintTools(A).hash);
    expect(r.tools).toEqual(fingerprintTools(A).tools);
    expect(r).toMatchObject({ source: 'inspected', inspectedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('has nothing to lock while pending, failed or without a fingerprint', () => {
    expect(registryToolsOf(caps([], { status: 'pending', toolsFingerprint: null }), new Date())).toBeUndefined();
    expect(registryToolsOf(caps(A, { status: 'needs-config' }), new Date())).toBeUndefined();
  });
});

describe('publishedToolsWarnings', () => {
  const name = 'io.github.acme/x';

  it('names the tools when the registry publishes other tools for the version that was locked', () => {
    const w = publishedToolsWarnings(name, '1.0.0', { version: '1.0.0', registryTools: locked(A) }, locked(B));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /registry publishes for io\.github\.acme\/x@1\.0\.0 changed since they were locked \(2026-03-02\)/,
    );
    expect(w[0]).toContain('changed: search; added: write; removed: read');
  });

  it('names the tools when what mcpm test saw differs from what the registry publishes', () => {
    const seen = fingerprintTools(A);
    const w = publishedToolsWarnings(
      name,
      '1.0.0',
      { version: '1.0.0', toolsHash: seen.hash, tools: seen.tools, toolsCheckedAt: '2026-02-01T00:00:00Z' },
      locked(B),
    );
    expect(w).toEqual([expect.stringContaining('the tools mcpm test saw io.github.acme/x@1.0.0 serve (2026-02-01)')]);
    expect(w[0]).toContain('changed: search; added: write; removed: read');
  });

  it('warns once when both locked fingerprints were the same tools', () => {
    const seen = fingerprintTools(A);
    const existing = { version: '1.0.0', registryTools: locked(A), toolsHash: seen.hash, tools: seen.tools };
    expect(publishedToolsWarnings(name, '1.0.0', existing, locked(B))).toHaveLength(1);
  });

  it('is quiet for the same tools, a first install, or a new version', () => {
    expect(publishedToolsWarnings(name, '1.0.0', { version: '1.0.0', registryTools: locked(A) }, locked(A))).toEqual(
      [],
    );
    expect(publishedToolsWarnings(name, '1.0.0', undefined, locked(B))).toEqual([]);
    expect(publishedToolsWarnings(name, '2.0.0', { version: '1.0.0', registryTools: locked(A) }, locked(B))).toEqual(
      [],
    );
  });
});

describe('lockedFingerprint', () => {
  it("prefers the registry's at install, else the one mcpm test took", () => {
    const seen = fingerprintTools(B);
    expect(lockedFingerprint({ registryTools: locked(A), toolsHash: seen.hash })?.by).toBe('registry');
    expect(lockedFingerprint({ toolsHash: seen.hash, tools: seen.tools })).toEqual({
      hash: seen.hash,
      tools: seen.tools,
      by: 'mcpm test',
    });
    expect(lockedFingerprint({})).toBeUndefined();
  });
});

describe('unapprovedDrift', () => {
  const url = 'https://mcp.acme.example/mcp';
  const fA = fingerprintTools(A).hash;
  const fB = fingerprintTools(B).hash;
  const fC = fingerprintTools([tool('search', 'C')]).hash;
  const event = (detectedAt: string, previousFingerprint: string, fingerprint: string, extra = {}): DriftEvent => ({
    url,
    version: '1.0.0',
    detectedAt,
    previousFingerprint,
    fingerprint,
    added: [],
    removed: [],
    changed: ['search'],
    ...extra,
  });
  const remote = { type: 'streamable-http' as const, url };

  it('reports changes after the approved tools, newest first, and stops at the approved ones', () => {
    const events = [event('2026-03-01T00:00:00Z', fA, fB, { added: ['write'] }), event('2026-03-05T00:00:00Z', fB, fC)];
    const entry = { version: '1.0.0', remote, registryTools: locked(A) };
    expect(unapprovedDrift(entry, events).map((e) => e.fingerprint)).toEqual([fC, fB]);
    expect(driftDiff(unapprovedDrift(entry, events))).toEqual({ added: ['write'], removed: [], changed: ['search'] });
    // mcpm test saw (and approved) B: only the change after it is left.
    expect(unapprovedDrift({ ...entry, toolsHash: fB }, events).map((e) => e.fingerprint)).toEqual([fC]);
    expect(unapprovedDrift({ ...entry, toolsHash: fC }, events)).toEqual([]);
  });

  it('ignores other remotes, other versions, and entries installed from a package', () => {
    const events = [event('2026-03-01T00:00:00Z', fA, fB, { url: 'https://other.example/mcp' })];
    expect(unapprovedDrift({ version: '1.0.0', remote }, events)).toEqual([]);
    expect(unapprovedDrift({ version: '2.0.0', remote }, [event('2026-03-01T00:00:00Z', fA, fB)])).toEqual([]);
    expect(unapprovedDrift({ version: '1.0.0' }, [event('2026-03-01T00:00:00Z', fA, fB)])).toEqual([]);
  });
});
