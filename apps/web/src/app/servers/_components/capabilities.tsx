import type { CapabilitiesView } from '@mcp-hub/api-client';
import { Section } from '../../../components/section';
import { InspectionStatus } from './inspection-status';
import { PromptList } from './prompt-list';
import { ResourceLists } from './resource-lists';
import { ToolChanges } from './tool-changes';
import { ToolList } from './tool-list';
import { UnavailableNotice } from './unavailable-notice';

/**
 * The Capabilities tab: how what is shown is known, then the tools (arguments from their schemas),
 * resources and prompts; `caps` is undefined when the Hub could not answer.
 */
export function CapabilitiesSection({ caps }: { caps?: CapabilitiesView }) {
  return (
    <Section id="capabilities" title="Capabilities">
      {caps ? (
        <>
          <InspectionStatus caps={caps} />
          <ToolChanges changes={caps.changes} />
          <CapabilityLists caps={caps} />
          {caps.toolsFingerprint && (
            <p className="mt-6 text-xs break-all text-slate-600 dark:text-slate-400" data-tools-fingerprint>
              Tools fingerprint (what <code className="font-mono">mcpm</code> pins):{' '}
              <code className="font-mono">{caps.toolsFingerprint}</code>
            </p>
          )}
        </>
      ) : (
        <div className="mt-3">
          <UnavailableNotice what="The Hub could not say what this version exposes just now." />
        </div>
      )}
    </Section>
  );
}

function CapabilityLists({ caps }: { caps: CapabilitiesView }) {
  const empty = !caps.tools.length && !caps.resources.length && !caps.resourceTemplates.length && !caps.prompts.length;
  if (empty) {
    return caps.status === 'ok' ? (
      <p className="mt-3 text-sm">The server lists no tools, resources or prompts.</p>
    ) : null;
  }
  return (
    <>
      <ToolList tools={caps.tools} />
      <ResourceLists resources={caps.resources} templates={caps.resourceTemplates} />
      <PromptList prompts={caps.prompts} />
    </>
  );
}
