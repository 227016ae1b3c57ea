import type { ServerHealth } from '@mcp-hub/api-client';
import { Section } from '../../../components/section';
import { RemoteHealthCard } from './remote-health';
import { UnavailableNotice } from './unavailable-notice';

/** The Health tab: each remote the latest version lists, as the Hub's probes saw it. */
export function HealthPanel({ health, now }: { health?: ServerHealth; now: Date }) {
  return (
    <Section id="health" title="Health of remotes">
      {!health ? (
        <div className="mt-3">
          <UnavailableNotice what="The Hub could not give the health of this server's remotes just now." />
        </div>
      ) : health.remotes.length === 0 ? (
        <p className="mt-3 text-sm text-slate-700 dark:text-slate-300" data-no-remotes>
          This server lists no remotes. The Hub checks hosted remotes; packages run on your own machine.
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            The Hub connects to each remote of version {health.version} at intervals, without credentials: handshake and
            tool list.
          </p>
          <ul className="mt-3 space-y-4">
            {health.remotes.map((r) => (
              <RemoteHealthCard key={r.url} remote={r} now={now} />
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
