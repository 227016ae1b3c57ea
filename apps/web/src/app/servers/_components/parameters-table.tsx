import { DataTable, rowClass } from '../../../components/data-table';
import type { ParameterRow } from '../../../lib/json-schema';

/**
 * A tool's arguments (from its input schema) or a prompt's, required ones marked beside the name.
 * Three columns at most, so a phone reads it without breaking words apart.
 */
export function ParametersTable({
  rows,
  label,
  types = true,
}: {
  rows: ParameterRow[];
  label: string;
  types?: boolean;
}) {
  if (rows.length === 0) return <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">No arguments.</p>;
  return (
    <DataTable className="mt-2" scroll={false} label={label} columns={['Name', types && 'Type', 'Description']}>
      {rows.map((r, i) => (
        <tr key={`${i} ${r.name}`} className={rowClass(true)} data-parameter={r.name} data-required={r.required}>
          <td className="min-w-20 py-1 pr-3">
            <code className="font-mono">{r.name}</code>
            {r.required && (
              <>
                {' '}
                <span className="text-xs font-semibold whitespace-nowrap text-red-800 dark:text-red-300">required</span>
              </>
            )}
          </td>
          {types && <td className="min-w-16 py-1 pr-3 font-mono text-xs">{r.type}</td>}
          <td className="min-w-24 py-1">
            {r.description}
            {r.default !== undefined && (
              <span className="block text-xs text-slate-600 dark:text-slate-400">
                Default <code className="font-mono">{r.default}</code>
              </span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
