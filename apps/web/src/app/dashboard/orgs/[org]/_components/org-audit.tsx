import Link from 'next/link';
import { DataTable, rowClass } from '../../../../../components/data-table';
import { type HubGet, type Result, Unavailable } from './part';
import { Section } from '../../../../../components/section';

const at = (iso: string) =>
  Number.isNaN(new Date(iso).getTime()) ? iso : new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

/** An admin's view of the org's audit log, newest first, a page at a time. */
export function OrgAudit({ org, audit }: { org: string; audit: Result<HubGet<'/api/v1/orgs/{org}/audit'>> }) {
  return (
    <Section id="org-audit" title="Audit log">
      {audit.error !== undefined ? (
        <Unavailable error={audit.error} />
      ) : audit.data.entries.length === 0 ? (
        <p className="mt-3 text-sm">Nothing recorded yet.</p>
      ) : (
        <DataTable
          className="mt-3"
          label={`Audit log of ${org}, newest first`}
          columns={['When (UTC)', 'Actor', 'Action', 'Target']}
        >
          {[...audit.data.entries]
            .sort((a, b) => b.id - a.id)
            .map((e) => (
              <tr key={e.id} className={rowClass()} data-audit={e.action}>
                <td className="py-2 pr-3 whitespace-nowrap">
                  <time dateTime={e.at}>{at(e.at)}</time>
                </td>
                <td className="py-2 pr-3 font-mono">{e.actor}</td>
                <td className="py-2 pr-3 font-mono" data-audit-action>
                  {e.action}
                </td>
                <td className="py-2 font-mono break-all" data-audit-target>
                  {e.target}
                </td>
              </tr>
            ))}
        </DataTable>
      )}
      {audit.data?.nextCursor && (
        <p className="mt-3">
          <Link
            href={`/dashboard/orgs/${encodeURIComponent(org)}?audit=${encodeURIComponent(audit.data.nextCursor)}`}
            className="text-blue-800 underline dark:text-blue-300"
          >
            Older entries →
          </Link>
        </p>
      )}
    </Section>
  );
}
