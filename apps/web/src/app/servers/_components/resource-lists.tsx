import type { CapabilitiesView } from '@mcp-hub/api-client';
import { DataTable, rowClass } from '../../../components/data-table';

/** The resources a server lists (by URI) and the templates it fills in (by URI template). */
export function ResourceLists({
  resources,
  templates,
}: {
  resources: CapabilitiesView['resources'];
  templates: CapabilitiesView['resourceTemplates'];
}) {
  return (
    <>
      <Resources
        id="capabilities-resources"
        title="Resources"
        uriColumn="URI"
        rows={resources.map((r) => ({ ...r, address: r.uri }))}
      />
      <Resources
        id="capabilities-resource-templates"
        title="Resource templates"
        uriColumn="URI template"
        rows={templates.map((r) => ({ ...r, address: r.uriTemplate }))}
      />
    </>
  );
}

function Resources({
  id,
  title,
  uriColumn,
  rows,
}: {
  id: string;
  title: string;
  uriColumn: string;
  rows: { name: string; title?: string; description?: string; mimeType?: string; address: string }[];
}) {
  if (rows.length === 0) return null;
  return (
    <div className="mt-6">
      <h3 id={id} className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-600 dark:text-slate-400">({rows.length})</span>
      </h3>
      <DataTable className="mt-2" scroll={false} label={title} columns={['Name', uriColumn, 'Description']}>
        {rows.map((r, i) => (
          <tr key={`${i} ${r.address}`} className={rowClass(true)} data-resource={r.address}>
            <td className="py-1 pr-3">{r.title ?? r.name}</td>
            <td className="py-1 pr-3 font-mono text-xs">{r.address}</td>
            <td className="py-1">
              {r.description}
              {r.mimeType && <span className="block text-xs text-slate-600 dark:text-slate-400">{r.mimeType}</span>}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
