import Link from 'next/link';
import { formatDate, serverHref } from '../../../lib/format';
import { DataTable, rowClass } from '../../../components/data-table';
import type { Entry, Official } from '../_lib/types';
import { Section } from '../../../components/section';

/** Every version of the server, the one shown marked as the current page; `history[i]` is `versions[i]`'s metadata. */
export function VersionsTable({
  name,
  current,
  versions,
  history,
}: {
  name: string;
  current: string;
  versions: Entry[];
  history: Partial<Official>[];
}) {
  return (
    <Section id="versions" title="Versions">
      <DataTable className="mt-3" scroll={false} pad="pr-4" columns={['Version', 'Status', 'Published']}>
        {versions.map((v, i) => {
          const m = history[i]!;
          return (
            <tr key={v.server.version} className={rowClass()}>
              <td className="py-1 pr-4 font-mono">
                <Link
                  href={serverHref(name, v.server.version)}
                  aria-current={v.server.version === current ? 'page' : undefined}
                  className="text-blue-800 underline dark:text-blue-300"
                >
                  {v.server.version}
                </Link>
                {m.isLatest && <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">latest</span>}
              </td>
              <td className="py-1 pr-4">{m.status ?? 'active'}</td>
              <td className="py-1">{formatDate(m.publishedAt)}</td>
            </tr>
          );
        })}
      </DataTable>
    </Section>
  );
}
