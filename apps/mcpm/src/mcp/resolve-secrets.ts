import { CliError } from '../errors';
import { type Launch, fillVaultRefs, vaultRefsIn } from '../launch';
import type { Vault } from '../vault';

/** Replaces every vault reference in a launch (args, env, url, headers) with the secret it names. */
export async function resolveLaunch(launch: Launch, openVault: () => Promise<Vault>): Promise<Launch> {
  const refs = vaultRefsIn(launch);
  if (refs.length === 0) return launch;
  const vault = await openVault();
  const values = new Map<string, string>();
  for (const r of refs) {
    const value = await vault.get({ server: r.server, name: r.name });
    if (value === undefined) {
      throw new CliError(
        'vault',
        `The secret ${r.name} of ${r.server} is not in the vault (${vault.location}).`,
        `Store it again: mcpm install ${r.server} --env ${r.name}=…`,
      );
    }
    values.set(r.ref, value);
  }
  const fill = (s: string) => fillVaultRefs(s, values);
  const mapValues = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fill(v)]));
  return launch.kind === 'stdio'
    ? { ...launch, args: launch.args.map(fill), env: mapValues(launch.env) }
    : { ...launch, url: fill(launch.url), headers: mapValues(launch.headers) };
}
