import type { FieldProblem } from './errors';
import { dotSegmentNameProblems } from './names';
import { type ServerJson, validateServerJsonSchema } from './server-json';
import { looksLikeRange, versionProblems } from './versions';

export type PublishCheck =
  { ok: true; schemaDate: string; server: ServerJson } | { ok: false; schemaDate: string; errors: FieldProblem[] };

/**
 * Everything a server.json must satisfy to be published: the dated JSON schema its `$schema`
 * names (shape, name pattern, description ≤ 100 characters, …), plus the registry's own rules on
 * top: one concrete version (no ranges, no "latest") for the server and its packages, and the
 * current schema's text limits whatever date `$schema` names (TEXT_LIMITS).
 */
/**
 * The current schema's limits on the texts a listing shows, held to every local publish: older
 * dates have no `title` at all (so no limit on it), and what the Hub shows and indexes must not
 * depend on the date a publisher picks. Mirrored entries keep what upstream accepted.
 */
export const TEXT_LIMITS = { title: 100, description: 100 } as const;

export function checkServerJson(input: unknown): PublishCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      schemaDate: '',
      errors: [{ location: 'body', message: 'body must be a JSON object (a server.json document)' }],
    };
  }
  const doc = input as Record<string, unknown>;
  const schema = validateServerJsonSchema(input);
  const errors: FieldProblem[] = schema.ok ? [] : [...schema.errors];
  const seen = new Set(errors.map((e) => e.location));
  const add = (problems: FieldProblem[]) => {
    for (const p of problems) {
      if (seen.has(p.location)) continue;
      errors.push(p);
      seen.add(p.location);
    }
  };

  for (const [field, max] of Object.entries(TEXT_LIMITS)) {
    const value = doc[field];
    // Counted in code points, as JSON Schema counts; the value is not echoed (it may be huge).
    if (typeof value === 'string' && [...value].length > max)
      add([{ location: `body.${field}`, message: `must be at most ${max} characters long` }]);
  }
  add(dotSegmentNameProblems(doc.name));
  if (doc.version !== undefined) add(versionProblems(doc.version));
  if (Array.isArray(doc.packages)) {
    doc.packages.forEach((pkg, i) => {
      const v = (pkg as { version?: unknown } | null)?.version;
      if (typeof v === 'string' && looksLikeRange(v)) {
        add([
          {
            location: `body.packages[${i}].version`,
            message: `package version must be one specific version, not "${v}"`,
            value: v,
          },
        ]);
      }
    });
  }
  if (errors.length > 0) return { ok: false, schemaDate: schema.schemaDate, errors };
  return { ok: true, schemaDate: schema.schemaDate, server: input as ServerJson };
}
