import type { CapabilitiesView } from '@mcp-hub/api-client';
import { annotationBadges, handshakeLine, inspectionSummary } from './inspection';

const view = (over: Partial<CapabilitiesView>): CapabilitiesView => ({
  name: 'io.github.a/b',
  version: '1.0.0',
  status: 'ok',
  source: 'inspected',
  inspectedAt: '2025-03-10T05:00:00.000Z',
  protocolVersion: '2025-06-18',
  serverInfo: { name: 'srv', version: '1.2.3' },
  capabilities: null,
  instructions: null,
  tools: [],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  toolsFingerprint: null,
  ...over,
});

describe('inspectionSummary', () => {
  it('says when, over what and what was inspected', () => {
    expect(inspectionSummary(view({ transport: 'stdio', target: 'npm:pkg@1.0.0' }))).toEqual({
      headline: 'Inspected by the Hub on 2025-03-10 over stdio (npm:pkg@1.0.0).',
      tone: 'inspected',
    });
    expect(inspectionSummary(view({ transport: 'streamable-http', target: 'https://x.example/mcp' })).headline).toBe(
      'Inspected by the Hub on 2025-03-10 over streamable HTTP (https://x.example/mcp).',
    );
  });

  it('never calls a declaration inspected, and says how the inspection ended', () => {
    const s = inspectionSummary(
      view({
        source: 'declared',
        reason: 'Declared by the publisher, not inspected.',
        inspection: { status: 'needs-config', reason: 'API_KEY has no value', inspectedAt: '2025-03-09T00:00:00Z' },
      }),
    );
    expect(s.headline).toBe('Declared by the publisher — not inspected by the Hub.');
    expect(s.detail).toBe("The Hub's own inspection on 2025-03-09 ended needs-config: API_KEY has no value.");
    expect(s.tone).toBe('declared');
    expect(inspectionSummary(view({ source: 'declared' })).detail).toBe('The Hub has not inspected this version yet.');
  });

  it('gives the reason of each status that is not ok, and lists missing configuration', () => {
    expect(
      inspectionSummary(
        view({
          status: 'needs-config',
          reason: 'the server exited: API_KEY is required',
          missingConfig: ['API_KEY', 'REGION'],
        }),
      ),
    ).toEqual({
      headline: 'Not inspected: the server needs configuration to start: API_KEY, REGION.',
      detail: 'The server exited: API_KEY is required. Last tried on 2025-03-10.',
      tone: 'problem',
    });
    expect(inspectionSummary(view({ status: 'needs-auth', inspectedAt: null })).headline).toBe(
      'Not inspected: the remote asks for credentials.',
    );
    expect(inspectionSummary(view({ status: 'unsupported', reason: 'pypi needs uvx.' })).detail).toBe(
      'Pypi needs uvx. Last tried on 2025-03-10.',
    );
    expect(inspectionSummary(view({ status: 'failed' })).headline).toBe('The inspection failed.');
    expect(inspectionSummary(view({ status: 'timeout' })).headline).toBe('The inspection timed out.');
    expect(
      inspectionSummary(view({ status: 'pending', inspectedAt: null, reason: 'Not inspected yet: queued.' })),
    ).toEqual({ headline: 'Not inspected yet: queued.', tone: 'pending' });
  });
});

describe('handshakeLine', () => {
  it('names the server as it named itself, and the protocol', () => {
    expect(handshakeLine(view({}))).toBe('Reports itself as srv 1.2.3 · MCP protocol 2025-06-18');
    expect(handshakeLine(view({ serverInfo: null, protocolVersion: null }))).toBeUndefined();
  });
});

describe('annotationBadges', () => {
  it('shows only the hints set to true', () => {
    expect(annotationBadges({ readOnlyHint: true, destructiveHint: false, openWorldHint: true, title: 'x' })).toEqual([
      'read-only',
      'open world',
    ]);
    expect(annotationBadges(undefined)).toEqual([]);
    expect(annotationBadges({ idempotentHint: 'yes' })).toEqual([]);
  });
});
