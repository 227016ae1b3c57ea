import type { CapabilitiesView } from '@mcp-hub/api-client';
import { formatDate } from '../../../lib/format';

/** How the page reads a version's capabilities answer: what to say first, and how it should look. */
export interface InspectionSummary {
  /** One sentence: how what is shown is known, or why nothing is. */
  headline: string;
  /** The Hub's reason, when it adds to the headline. */
  detail?: string;
  tone: 'inspected' | 'declared' | 'pending' | 'problem';
}

const TRANSPORTS: Record<string, string> = { stdio: 'stdio', 'streamable-http': 'streamable HTTP', sse: 'SSE' };

/** " on 2025-01-02", or nothing without a date. */
const on = (iso: string | null | undefined) => (formatDate(iso) ? ` on ${formatDate(iso)}` : '');

/** What an inspection that did not end ok says, per status. */
const PROBLEMS: Record<Exclude<CapabilitiesView['status'], 'ok' | 'pending'>, string> = {
  'needs-config': 'Not inspected: the server needs configuration to start',
  'needs-auth': 'Not inspected: the remote asks for credentials',
  unsupported: 'Not inspected: the Hub cannot run this kind of server',
  failed: 'The inspection failed',
  timeout: 'The inspection timed out',
};

/** The status line of the Capabilities tab, from the capabilities answer as it is. */
export function inspectionSummary(c: CapabilitiesView): InspectionSummary {
  if (c.source === 'declared') {
    const i = c.inspection;
    return {
      headline: 'Declared by the publisher — not inspected by the Hub.',
      detail: i
        ? `The Hub's own inspection${on(i.inspectedAt)} ended ${i.status}${i.reason ? `: ${stop(i.reason)}` : '.'}`
        : 'The Hub has not inspected this version yet.',
      tone: 'declared',
    };
  }
  if (c.status === 'ok') {
    const how = c.transport ? ` over ${TRANSPORTS[c.transport] ?? c.transport}` : '';
    return {
      headline: `Inspected by the Hub${on(c.inspectedAt)}${how}${c.target ? ` (${c.target})` : ''}.`,
      tone: 'inspected',
    };
  }
  if (c.status === 'pending') {
    return { headline: c.reason ?? 'Not inspected yet: the inspection is queued.', tone: 'pending' };
  }
  const missing = c.missingConfig?.length ? `: ${c.missingConfig.join(', ')}` : '';
  const tried = formatDate(c.inspectedAt) ? `Last tried on ${formatDate(c.inspectedAt)}.` : '';
  const detail = [c.reason && sentence(c.reason), tried].filter(Boolean).join(' ');
  return { headline: `${PROBLEMS[c.status]}${missing}.`, ...(detail ? { detail } : {}), tone: 'problem' };
}

/** The Hub's reasons are clauses ("the server did not answer within 30 s"), ended or made a sentence here. */
const stop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
const sentence = (s: string) => stop(`${s.charAt(0).toUpperCase()}${s.slice(1)}`);

/** "fixture-remote 1.2.3 · MCP 2025-06-18": what the server said of itself in the handshake. */
export function handshakeLine(c: CapabilitiesView): string | undefined {
  const parts = [
    c.serverInfo ? `Reports itself as ${c.serverInfo.title ?? c.serverInfo.name} ${c.serverInfo.version}` : undefined,
    c.protocolVersion ? `MCP protocol ${c.protocolVersion}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/** Tool annotations as badges: only hints a server set to true (MCP's defaults are not claims). */
export const ANNOTATION_BADGES = [
  ['readOnlyHint', 'read-only'],
  ['destructiveHint', 'destructive'],
  ['idempotentHint', 'idempotent'],
  ['openWorldHint', 'open world'],
] as const;

export function annotationBadges(annotations: Record<string, unknown> | undefined): string[] {
  return ANNOTATION_BADGES.filter(([key]) => annotations?.[key] === true).map(([, label]) => label);
}
