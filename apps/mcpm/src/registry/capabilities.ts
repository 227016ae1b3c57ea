import {
  INSPECTION_STATUSES,
  type InspectionStatus,
  type PromptInfo,
  type ResourceInfo,
  type ResourceTemplateInfo,
  type ToolInfo,
  type ToolsDiff,
} from '@mcp-hub/domain';

/**
 * What a Hub publishes about a version's tools (GET …/versions/{v}/capabilities): the Runtime
 * service's inspection, or the publisher's declaration. mcpm only reads it, never runs anything
 * to get it.
 */
export interface PublishedCapabilities {
  name: string;
  version: string;
  status: InspectionStatus;
  reason?: string;
  source: 'inspected' | 'declared';
  inspectedAt: string | null;
  tools: (ToolInfo & { fingerprint: string })[];
  resources: ResourceInfo[];
  resourceTemplates: ResourceTemplateInfo[];
  prompts: PromptInfo[];
  /** fingerprintTools(tools).hash; null until an inspection (or declaration) gave tools. */
  toolsFingerprint: string | null;
  transport?: string;
  target?: string;
  missingConfig?: string[];
  changes?: ToolsDiff & { since: string };
}

/** Tools that changed on a remote without a new version, as the Hub's health probes saw it. */
export interface DriftEvent extends ToolsDiff {
  url: string;
  version: string;
  detectedAt: string;
  previousFingerprint: string;
  fingerprint: string;
}

/** A registry's answer, or why there is none: mcpm degrades to "not published", never fails for it. */
export type Published<T> = { value: T; why?: undefined } | { value: null; why: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isString) : []);
const optString = (v: unknown): string | undefined => (isString(v) ? v : undefined);

/**
 * The capabilities body, read leniently: fields and entries that are not what the API documents
 * are left out, and a body that is not one at all is undefined, so a broken or hostile registry
 * ends in "not published" rather than a crash.
 */
export function readCapabilities(body: unknown): PublishedCapabilities | undefined {
  if (!isObject(body) || !isString(body.status) || !Array.isArray(body.tools)) return undefined;
  if (!(INSPECTION_STATUSES as readonly string[]).includes(body.status)) return undefined;
  const tools = body.tools.filter(
    (t): t is Record<string, unknown> & { name: string; fingerprint: string } =>
      isObject(t) && isString(t.name) && isString(t.fingerprint),
  );
  const named = <T extends { name: string }>(v: unknown): T[] =>
    Array.isArray(v) ? (v.filter((x) => isObject(x) && isString(x.name)) as T[]) : [];
  const changes = isObject(body.changes) && isString(body.changes.since) ? body.changes : undefined;
  // The API body as it came (for --json), with every field mcpm reads replaced by its checked value.
  return {
    ...body,
    name: optString(body.name) ?? '',
    version: optString(body.version) ?? '',
    status: body.status as InspectionStatus,
    reason: optString(body.reason),
    source: body.source === 'declared' ? 'declared' : 'inspected',
    inspectedAt: optString(body.inspectedAt) ?? null,
    tools: tools.map((t) => ({
      ...t,
      title: optString(t.title),
      description: optString(t.description),
      inputSchema: isObject(t.inputSchema) ? t.inputSchema : {},
    })),
    resources: named<ResourceInfo>(body.resources),
    resourceTemplates: named<ResourceTemplateInfo>(body.resourceTemplates),
    prompts: named<PromptInfo>(body.prompts),
    toolsFingerprint: optString(body.toolsFingerprint) ?? null,
    transport: optString(body.transport),
    target: optString(body.target),
    missingConfig: Array.isArray(body.missingConfig) ? strings(body.missingConfig) : undefined,
    changes: changes && {
      since: changes.since as string,
      added: strings(changes.added),
      removed: strings(changes.removed),
      changed: strings(changes.changed),
    },
  };
}

/** The drift events of a health body (GET /api/v1/servers/{name}/health), undefined when it is not one. */
export function readDrift(body: unknown): DriftEvent[] | undefined {
  if (!isObject(body) || !Array.isArray(body.drift)) return undefined;
  return body.drift
    .filter(
      (e): e is Record<string, unknown> =>
        isObject(e) && isString(e.url) && isString(e.version) && isString(e.fingerprint) && isString(e.detectedAt),
    )
    .map((e) => ({
      url: e.url as string,
      version: e.version as string,
      detectedAt: e.detectedAt as string,
      previousFingerprint: optString(e.previousFingerprint) ?? '',
      fingerprint: e.fingerprint as string,
      added: strings(e.added),
      removed: strings(e.removed),
      changed: strings(e.changed),
    }));
}

/** Names of a tool's required arguments, from its input schema. */
export function requiredArguments(tool: Pick<ToolInfo, 'inputSchema'>): string[] {
  const required = (tool.inputSchema as { required?: unknown } | undefined)?.required;
  return strings(required);
}
