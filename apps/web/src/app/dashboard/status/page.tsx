import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hub, must } from '../../../lib/hub';
import { CHECK_LABELS, type HealthCheck, hubHealth, isAdmin } from '../../../lib/operator';
import { sessionToken } from '../../../lib/session';

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
    <section aria-labelledby="status">
      <h1 id="status" className="text-2xl font-bold">
        Hub status
      </h1>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        What <code className="font-mono">/healthz</code> reports. Only admins see this page; the logs have the full errors.
      </p>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-700 dark:text-slate-300">
            <tr>
              <th className="py-1 pr-4">Check</th>
              <th className="py-1 pr-4">Status</th>
              <th className="py-1">Detail</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(checks).map(([name, c]) => (
              <tr key={name} className="border-t border-slate-200 align-top dark:border-slate-700" data-check={name}>
                <td className="py-2 pr-4 font-medium">{CHECK_LABELS[name] ?? name}</td>
                <td className="py-2 pr-4">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[c.status] ?? ''}`} data-check-status>
                    {c.status}
                  </span>
                </td>
                <td className="py-2 break-words">{c.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
