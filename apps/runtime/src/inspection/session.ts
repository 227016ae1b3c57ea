import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  InspectionLimits,
  PromptInfo,
  ResourceInfo,
  ResourceTemplateInfo,
  ServerCapabilities,
  ToolInfo,
} from '@mcp-hub/domain';

/** A limit the server crossed: the inspection ends `failed` with this message (never a crash). */
export class LimitExceeded extends Error {}

/** The inspector's own name in the handshake, so a server's logs say who asked. */
export const INSPECTOR_INFO = { name: 'mcp-hub-inspector', version: '1.0.0' };

export interface CollectOptions {
  limits: Pick<InspectionLimits, 'maxTools' | 'maxDescriptionChars'>;
  /** Milliseconds each request (initialize, each page) may take; the caller enforces the whole session's wall clock. */
  requestTimeoutMs: number;
  signal?: AbortSignal;
  /** Lists to skip (the health probe only needs tools). */
  only?: 'tools';
}

export interface Collected {
  capabilities: ServerCapabilities;
  notes: string[];
}

/**
 * Connects the SDK client over `transport` (negotiating the protocol), then lists tools, resources,
 * resource templates and prompts, following every page. Long descriptions are cut to the cap and
 * noted; more than `maxTools` entries of a list, or a server that repeats a cursor, ends in
 * LimitExceeded. The caller owns the transport's lifetime (this closes the client either way).
 */
export async function collectCapabilities(transport: Transport, opts: CollectOptions): Promise<Collected> {
  const client = new Client(INSPECTOR_INFO, { capabilities: {} });
  const req = { timeout: opts.requestTimeoutMs, signal: opts.signal, maxTotalTimeout: opts.requestTimeoutMs };
  const notes: string[] = [];
  // The SDK hands the negotiated version to transports that want it; stdio ones don't, so listen for it.
  let protocolVersion: string | undefined;
  const passOn = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (v: string) => {
    protocolVersion = v;
    passOn?.(v);
  };
  try {
    await client.connect(transport, req);
    const declared = (client.getServerCapabilities() ?? {}) as Record<string, unknown>;
    const info = client.getServerVersion();
    const cut = (text: string | undefined, where: string): string | undefined => {
      if (text === undefined || text.length <= opts.limits.maxDescriptionChars) return text;
      notes.push(`${where}: description cut from ${text.length} to ${opts.limits.maxDescriptionChars} characters`);
      return text.slice(0, opts.limits.maxDescriptionChars);
    };
    const pages = async <R extends { nextCursor?: string }, T>(
      what: string,
      list: (cursor: string | undefined) => Promise<R>,
      items: (r: R) => T[],
    ): Promise<T[]> => {
      const out: T[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await list(cursor);
        out.push(...items(page));
        if (out.length > opts.limits.maxTools) {
          throw new LimitExceeded(`the server lists more than ${opts.limits.maxTools} ${what} (the cap)`);
        }
        cursor = page.nextCursor;
        if (cursor !== undefined) {
          if (seen.has(cursor))
            throw new LimitExceeded(`the server repeated a ${what} page cursor (it would never end)`);
          seen.add(cursor);
        }
      } while (cursor !== undefined);
      return out;
    };

    const tools: ToolInfo[] = declared.tools
      ? (
          await pages(
            'tools',
            (cursor) => client.listTools(cursor ? { cursor } : {}, req),
            (r) => r.tools,
          )
        ).map((t) =>
          clean({
            name: t.name,
            title: t.title,
            description: cut(t.description, `tool ${t.name}`),
            inputSchema: t.inputSchema as Record<string, unknown>,
            outputSchema: t.outputSchema as Record<string, unknown> | undefined,
            annotations: t.annotations as Record<string, unknown> | undefined,
          }),
        )
      : [];
    let resources: ResourceInfo[] = [];
    let resourceTemplates: ResourceTemplateInfo[] = [];
    let prompts: PromptInfo[] = [];
    if (opts.only !== 'tools') {
      if (declared.resources) {
        resources = (
          await pages(
            'resources',
            (cursor) => client.listResources(cursor ? { cursor } : {}, req),
            (r) => r.resources,
          )
        ).map((r) =>
          clean({
            uri: r.uri,
            name: r.name,
            title: r.title,
            description: cut(r.description, `resource ${r.name}`),
            mimeType: r.mimeType,
          }),
        );
        resourceTemplates = (
          await pages(
            'resource templates',
            (cursor) => client.listResourceTemplates(cursor ? { cursor } : {}, req),
            (r) => r.resourceTemplates,
          )
        ).map((r) =>
          clean({
            uriTemplate: r.uriTemplate,
            name: r.name,
            title: r.title,
            description: cut(r.description, `resource template ${r.name}`),
            mimeType: r.mimeType,
          }),
        );
      }
      if (declared.prompts) {
        prompts = (
          await pages(
            'prompts',
            (cursor) => client.listPrompts(cursor ? { cursor } : {}, req),
            (r) => r.prompts,
          )
        ).map((p) =>
          clean({
            name: p.name,
            title: p.title,
            description: cut(p.description, `prompt ${p.name}`),
            arguments: p.arguments?.map((a) =>
              clean({ name: a.name, description: a.description, required: a.required }),
            ),
          }),
        );
      }
    }
    const instructions = client.getInstructions();
    return {
      capabilities: clean({
        protocolVersion: protocolVersion ?? 'unknown',
        serverInfo: clean({ name: info?.name ?? 'unknown', version: info?.version ?? 'unknown', title: info?.title }),
        capabilities: declared,
        instructions: instructions === undefined ? undefined : cut(instructions, 'instructions'),
        tools,
        resources,
        resourceTemplates,
        prompts,
      }),
      notes,
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Drops undefined members, so stored JSON has no `"title": null` noise and fingerprints stay stable. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
