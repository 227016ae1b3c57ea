import type { StoredServerJson } from '@mcp-hub/domain';
import { DataTable, rowClass } from '../../../components/data-table';
import { Section } from '../../../components/section';

/** The environment variables a user must or may set (those without a fixed value), of every package. */
export function EnvironmentVariables({ server }: { server: StoredServerJson }) {
  const envVars = (server.packages ?? []).flatMap((p) =>
    (p.environmentVariables ?? [])
      .filter((e) => e.name && e.value === undefined)
      .map((e) => ({ ...e, pkg: p.identifier })),
  );
  if (envVars.length === 0) return null;
  return (
    <Section id="env" title="Environment variables">
      <DataTable className="mt-3" scroll={false} pad="pr-4" columns={['Name', 'Required', 'Description']}>
        {envVars.map((e) => (
          <tr key={`${e.pkg}:${e.name}`} className={rowClass()}>
            <td className="py-1 pr-4 font-mono">
              {e.name}
              {e.isSecret && (
                <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900 dark:bg-red-900 dark:text-red-100">
                  secret
                </span>
              )}
            </td>
            <td className="py-1 pr-4">
              {e.isRequired ? 'yes' : e.default !== undefined ? `no (default ${e.default})` : 'no'}
            </td>
            <td className="py-1">{e.description}</td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
