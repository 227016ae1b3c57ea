import fs from 'node:fs';
import path from 'node:path';
import { type InstallabilityServer, installability } from './installability';

/** Real entries of the official registry's 2025-09-30 snapshot, one per shape a user meets. */
const SNAPSHOT = path.resolve(
  __dirname,
  '../../../../shared/fixtures/official-registry/production-2025-09-30.v0.1.json',
);
const servers: InstallabilityServer[] = (
  JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as { servers: { server: InstallabilityServer }[] }
).servers.map((e) => e.server);
const find = (name: string, version?: string) => {
  const s = servers.find((x) => x.name === name && (version === undefined || x.version === version));
  if (!s) throw new Error(`${name} is not in the snapshot`);
  return s;
};

describe('installability', () => {
  it('a server with no package and no remote (the top "kubernetes" result): nothing to install, with its repository', () => {
    const kubernetes = find('io.github.containers/kubernetes-mcp-server');
    expect(installability(kubernetes, { dockerAvailable: true })).toEqual({
      status: 'none',
      reason: 'it lists no package and no remote, so there is nothing to install.',
      link: 'https://github.com/containers/kubernetes-mcp-server',
      skipped: [],
    });
  });

  it('a NuGet-only server: says which package and that mcpm has no runtime for it', () => {
    const result = installability(find('io.github.domdomegg/time-mcp-nuget'));
    expect(result).toMatchObject({ status: 'none', link: 'https://github.com/domdomegg/time-mcp-nuget.git' });
    expect(result.status === 'none' && result.reason).toMatch(
      /^it offers only nuget package \S+ \(mcpm has no runtime for nuget packages\)\.$/,
    );
  });

  it('a package that serves HTTP itself is not a host entry', () => {
    const result = installability(find('com.falkordb/QueryWeaver'));
    expect(result.status).toBe('none');
    expect(result.skipped).toEqual([
      {
        offer: 'oci package falkordb/queryweaver',
        reason:
          'it serves streamable-http itself at https://localhost:5000/mcp: a server you start yourself, then connect to',
      },
    ]);
  });

  it('an OCI-only server: installable when Docker is there or unknown, "needs Docker" with the command when it is missing', () => {
    const druid = find('com.iunera/druid-mcp-server', '1.2.1');
    expect(installability(druid, { dockerAvailable: true })).toMatchObject({
      status: 'installable',
      targets: [{ kind: 'package', pkg: { registryType: 'oci' } }],
    });
    expect(installability(druid)).toMatchObject({ status: 'installable' });
    expect(installability(druid, { dockerAvailable: false })).toEqual({
      status: 'needs-docker',
      image: 'iunera/druid-mcp-server:1.2.1',
      command:
        'DRUID_ROUTER_URL=<DRUID_ROUTER_URL> DRUID_AUTH_USERNAME=<DRUID_AUTH_USERNAME> DRUID_AUTH_PASSWORD=<DRUID_AUTH_PASSWORD> DRUID_SSL_ENABLED=<DRUID_SSL_ENABLED> DRUID_SSL_SKIP_VERIFICATION=<DRUID_SSL_SKIP_VERIFICATION> DRUID_MCP_READONLY=<DRUID_MCP_READONLY> docker run -i --rm -e DRUID_ROUTER_URL -e DRUID_AUTH_USERNAME -e DRUID_AUTH_PASSWORD -e DRUID_SSL_ENABLED -e DRUID_SSL_SKIP_VERIFICATION -e DRUID_MCP_READONLY iunera/druid-mcp-server:1.2.1',
      skipped: [],
    });
  });

  it('an OCI image with a remote and no Docker: the remote, with the image noted as skipped', () => {
    const teamwork = find('com.teamwork/mcp', '1.4.0');
    const result = installability(teamwork, { dockerAvailable: false });
    expect(result.status).toBe('installable');
    if (result.status !== 'installable') return;
    expect(result.targets.map((t) => t.kind)).toEqual(['remote']);
    expect(result.skipped).toEqual([expect.objectContaining({ reason: 'Docker is not installed here' })]);
    expect(installability(teamwork, { dockerAvailable: true })).toMatchObject({
      status: 'installable',
      targets: [{ kind: 'package' }, { kind: 'remote' }],
    });
  });

  it('a bundle without fileSha256 is not installable; quoting keeps a shell line a shell line', () => {
    const name = 'io.github.acme/weather';
    expect(
      installability({
        name,
        version: '1.0.0',
        packages: [{ registryType: 'mcpb', identifier: 'https://example.com/w.mcpb', transport: { type: 'stdio' } }],
        websiteUrl: 'https://example.com',
      }),
    ).toEqual({
      status: 'none',
      reason:
        'it offers only mcpb package https://example.com/w.mcpb (its bundle has no fileSha256, so it cannot be checked).',
      link: 'https://example.com',
      skipped: [
        {
          offer: 'mcpb package https://example.com/w.mcpb',
          reason: 'its bundle has no fileSha256, so it cannot be checked',
        },
      ],
    });
    const oci = {
      registryType: 'oci',
      identifier: 'ghcr.io/acme/w',
      version: '1.0.0',
      packageArguments: [{ type: 'positional' as const, value: "it's $HOME" }],
    };
    expect(installability({ name, version: '1.0.0', packages: [oci] }, { dockerAvailable: false })).toMatchObject({
      command: `docker run -i --rm ghcr.io/acme/w:1.0.0 'it'\\''s $HOME'`,
    });
  });

  it('every snapshot entry gets an answer, and "none" always has a reason', () => {
    const counts = { installable: 0, 'needs-docker': 0, none: 0 };
    for (const s of servers) {
      const r = installability(s, { dockerAvailable: false });
      counts[r.status]++;
      if (r.status === 'none') expect(r.reason).toMatch(/^it (offers only|lists no package)/);
    }
    expect(counts.none).toBeGreaterThan(0);
    expect(counts['needs-docker']).toBeGreaterThan(0);
    expect(counts.installable).toBeGreaterThan(counts.none);
  });
});
