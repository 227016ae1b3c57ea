import { CliError } from '../errors';
import type { Launch } from '../launch';
import type { Vault } from '../vault';

const REF = /vault:\/\/([a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+)\/([A-Za-z0-9_.-]+)/g;

/** Replaces every vault reference in a launch (args, env, url, headers) with the secret it names. */
export async function resolveLaunch(launch: Launch, openVault: () => Promise<Vault>): Promise<Launch> {
  const strings = launch.kind === 'stdio' ? [...launch.args, ...Object.values(launch.env)] : [launch.url, ...Object.values(launch.headers)];
  if (!strings.some((s) => s.includes('vault://'))) return launch;
  const vault = await openVault();
  const values = new Map<string, string>();
  for (const s of strings) {
    for (const m of s.matchAll(REF)) {
      if (values.has(m[0])) continue;
      const value = await vault.get({ server: m[1]!, name: m[2]! });
      if (value === undefined) {
        throw new CliError('vault', `The secret ${m[2]} of ${m[1]} is not in the vault (${vault.location}).`, `Store it again: mcpm install ${m[1]} --env ${m[2]}=…`);
      }
      values.set(m[0], value);
    }
  }
  const fill = (s: string) => s.replace(REF, (whole) => values.get(whole) ?? whole);
  const mapValues = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fill(v)]));
  return launch.kind === 'stdio'
    ? { ...launch, args: launch.args.map(fill), env: mapValues(launch.env) }
    : { ...launch, url: fill(launch.url), headers: mapValues(launch.headers) };
}
