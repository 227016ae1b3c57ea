import type { Capabilities } from '../_lib/types';
import { NotYet } from './not-yet';
import { Section } from '../../../components/section';

/** The Tools tab: the tools, resources and prompts an inspection of the server listed, or a placeholder until one has. */
export function CapabilitiesSection({ caps }: { caps?: Capabilities }) {
  if (!caps || !(caps.tools?.length || caps.resources?.length || caps.prompts?.length)) {
    return (
      <NotYet
        title="Tools"
        what="Not inspected yet: the Hub has not started this server to list its tools, resources and prompts."
      />
    );
  }
  return (
    <Section id="capabilities" title="Capabilities">
      {(['tools', 'resources', 'prompts'] as const).map((k) =>
        caps[k]?.length ? (
          <div key={k} className="mt-3">
            <h3 className="font-semibold capitalize">{k}</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {caps[k]!.map((c) => (
                <li key={c.name}>
                  <code className="font-mono">{c.name}</code>{' '}
                  {c.description && <span className="text-slate-700 dark:text-slate-300">: {c.description}</span>}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </Section>
  );
}
