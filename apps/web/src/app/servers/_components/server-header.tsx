import { type StoredServerJson, displayTitle } from '@mcp-hub/domain';
import { formatDate } from '../../../lib/format';
import { plainText } from '../../../lib/plain-text';
import { pickIcon } from '../_lib/types';
import { ServerIcon } from './server-icon';

/** How a namespace was proven, in words. */
const METHOD_LABELS: Record<string, string> = {
  github: 'GitHub identity',
  'github-org': 'GitHub organization',
  dns: 'DNS TXT record',
  http: 'HTTP well-known file',
};

export interface NamespaceRecord {
  verified?: boolean;
  method?: string | null;
  verifiedAt?: string | null;
}

/** Icon, display title (the name is shown once, beneath it), version, description, namespace and provenance. */
export function ServerHeader({
  server: s,
  pinned,
  isLatest,
  namespace,
  ns,
  source,
}: {
  server: StoredServerJson;
  pinned: boolean;
  isLatest?: boolean;
  namespace: string;
  ns?: NamespaceRecord;
  source?: string;
}) {
  const title = displayTitle(s);
  return (
    <header className="flex gap-4">
      <ServerIcon src={pickIcon(s.icons)} title={title} />
      <div className="min-w-0">
        <h1 className="text-3xl font-bold tracking-tight break-words">{title}</h1>
        <p className="mt-1 font-mono text-sm break-all text-slate-700 dark:text-slate-300" data-server-name>
          {s.name} <span className="text-slate-500">·</span> v{s.version}
          {pinned && isLatest ? ' (latest)' : null}
        </p>
        <p className="mt-2 text-lg break-words text-slate-800 dark:text-slate-200">{plainText(s.description)}</p>
        <p className="mt-2 text-sm">
          Namespace <code className="font-mono break-all">{namespace}</code>
          {ns?.verified && (
            <span
              data-verified
              title={`${namespace} is verified${ns.method ? ` (${METHOD_LABELS[ns.method] ?? ns.method})` : ''}${ns.verifiedAt ? ` since ${formatDate(ns.verifiedAt)}` : ''}`}
              className="ml-2 inline-flex items-center gap-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100"
            >
              <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 fill-current">
                <path d="M6.5 11.6 3 8.1l1.1-1.1 2.4 2.4 5.4-5.4L13 5.1z" />
              </svg>
              Verified
            </span>
          )}
          {source === 'upstream' && (
            <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
              mirrored from the official registry
            </span>
          )}
          {source === 'local' && (
            <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">published here</span>
          )}
        </p>
      </div>
    </header>
  );
}
