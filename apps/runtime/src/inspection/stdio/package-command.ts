import { deriveLaunch, needsOf, type LaunchServer, type StdioLaunch, type StoredPackage } from '@mcp-hub/domain';

/** The publisher's part of a package's command line, as the inspector runs it. */
export interface PackageCommand {
  /** The packageArguments, filled (a fixed value, else the default). */
  args: string[];
  /** environmentVariables that have a fixed value or a default. */
  env: Record<string, string>;
  /** Required inputs with neither: what a user must supply (status needs-config if the server then fails to start). */
  missing: string[];
  notes: string[];
}

/**
 * The words and environment of a package's launch (the same derivation mcpm and the site use),
 * with every input at its default: the inspector has no user to ask. The runtime's own part (npx,
 * the bundle runner) is dropped: the inspector runs the package's node entry itself.
 */
export function packageCommand(pkg: StoredPackage, server: LaunchServer): PackageCommand {
  const target = { kind: 'package', pkg } as const;
  const needs = needsOf(target);
  const launch = deriveLaunch(server, target, (id) => needs.find((n) => n.id === id)?.default, {
    bundleCommand: 'mcpb',
  }) as StdioLaunch;
  const notes: string[] = [];
  let args: string[] = [];
  if (pkg.registryType === 'npm') {
    const at = launch.args.indexOf(`${pkg.identifier}@${pkg.version ?? server.version}`);
    args = launch.args.slice(at + 1);
    const runtime = launch.args.slice(0, at).filter((w) => !/^(-y|--yes(=true)?)$/.test(w));
    if (runtime.length > 0)
      notes.push(`npx arguments not applied (the bin ran under node directly): ${runtime.join(' ')}`);
  } else if (pkg.registryType === 'mcpb') {
    // [bundle URL, fileSha256, ...packageArguments]
    args = launch.args.slice(2);
  }
  const missing = needs.filter((n) => n.isRequired && n.default === undefined && n.kind !== 'header').map((n) => n.id);
  return { args, env: launch.env, missing, notes };
}
