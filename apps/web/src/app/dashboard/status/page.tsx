import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DataTable, rowClass } from '../../../components/data-table';
import { hub, must } from '../../../lib/hub';
import { CHECK_LABELS, type HealthCheck, hubHealth, isAdmin } from '../../../lib/operator';
import { sessionToken } from '../../../lib/session';
import { Section } from '../../../components/section';

export const metadata: Metadata = { title: 'Hub status' };

const STATUS_STYLE: Record<HealthCheck['status'], string> = {
  ok: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  degraded: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  down: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
};

/** The operator's view of /healthz: each dependency, its state and the short reason. Admins only. */
export default async function StatusPage() {
  const token = (await sessionToken())!;
  const me = await must(hub(token).GET('/api/v1/whoami'), 'who you are');
  if (!isAdmin(me.scopes)) notFound();
  const checks = await hubHealth();
  return (
    <Section id="status" title="Hub status" page>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        What <code className="font-mono">/healthz</code> reports. Only admins see this page; the logs have the full
        errors.
      </p>
      <DataTable className="mt-4" pad="pr-4" columns={['Check', 'Status', 'Detail']}>
        {Object.entries(checks).map(([name, c]) => (
          <tr key={name} className={rowClass(true)} data-check={name}>
            <td className="py-2 pr-4 font-medium">{CHECK_LABELS[name] ?? name}</td>
            <td className="py-2 pr-4">
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[c.status] ?? ''}`}
                data-check-status
              >
                {c.status}
              </span>
            </td>
            <td className="py-2 break-words">{c.detail ?? ''}</td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
