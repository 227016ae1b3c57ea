import type { StoredServerJson } from '@mcp-hub/domain';
import { Section } from '../../../components/section';

/** Every package (registry type, identifier, version, transport) and remote URL the server.json lists. */
export function PackagesAndRemotes({ server: s }: { server: StoredServerJson }) {
  if ((s.packages?.length ?? 0) === 0 && (s.remotes?.length ?? 0) === 0) return null;
  return (
    <Section id="packages" title="Packages and remotes">
      <ul className="mt-3 space-y-1 text-sm">
        {(s.packages ?? []).map((p, i) => (
          <li key={`p${i}`} className="break-words">
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{p.registryType}</span>{' '}
            <code className="font-mono break-all">
              {p.identifier}
              {p.version ? `@${p.version}` : ''}
            </code>{' '}
            <span className="text-slate-600 dark:text-slate-400">({p.transport?.type ?? 'stdio'})</span>
          </li>
        ))}
        {(s.remotes ?? []).map((r, i) => (
          <li key={`r${i}`}>
            <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
              remote
            </span>{' '}
            <code className="font-mono break-all">{r.url}</code>{' '}
            <span className="text-slate-600 dark:text-slate-400">({r.type})</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
