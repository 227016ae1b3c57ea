/**
 * Round trip of the official server.json examples: every ```json block of the format reference
 * that is a whole server.json is published, read back, and must come back exactly as sent — same
 * values and same key order (the registry serves "the server.json exactly as published").
 * An example the Hub rejects is a finding, so it fails here with the Hub's answer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { enc, useTestHub } from '../../../test/harness';

const EXAMPLES_FILE = path.resolve(__dirname, '../../../../shared/reference/official-registry/generic-server-json.md');
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

interface Example {
  title: string;
  doc: Record<string, unknown>;
}

/** Every ```json block that parses to an object with `name` and `version`; fragments are skipped. */
function extractExamples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /^```json[ \t]*\r?\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(m[1]!);
    } catch {
      continue;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    const doc = parsed as Record<string, unknown>;
    if (typeof doc.name !== 'string' || typeof doc.version !== 'string') continue;
    const headings = [...markdown.slice(0, m.index).matchAll(/^#{2,4}\s+(.+)$/gm)];
    out.push({ title: headings.at(-1)?.[1]?.trim() ?? `block at ${m.index}`, doc });
  }
  return out;
}

const examples = extractExamples(fs.readFileSync(EXAMPLES_FILE, 'utf8'));

// Two examples may describe the same name@version (e.g. one server shown twice to explain
// different fields). Versions are immutable, so the later one would be refused with 409; its
// version is renamed to keep every example publishable. With the reference as of this writing no
// two examples collide (io.github.joelverhagen/knapcode-samplemcpserver appears twice, but as
// 0.4.0-beta and 0.5.0), so nothing is renamed — this only guards future copies of the file.
const seen = new Map<string, number>();
for (const ex of examples) {
  const key = `${ex.doc.name as string}@${ex.doc.version as string}`;
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  if (n > 1) ex.doc = { ...ex.doc, version: `${ex.doc.version as string}-example.${n}` };
}

describe('examples: the official server.json examples publish and read back unchanged', () => {
  const hub = useTestHub();

  it('finds the examples (the extraction itself works)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    const keys = examples.map((e) => `${e.doc.name as string}@${e.doc.version as string}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(
    examples.map((e, i) => ({
      ...e,
      label: `#${i + 1} ${e.title}: ${e.doc.name as string}@${e.doc.version as string}`,
    })),
  )('$label', async ({ doc }) => {
    const sent = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
    const pub = await hub.request('POST', '/v0.1/publish', { body: sent, token: hub.adminToken });
    if (pub.status !== 200) {
      // A finding: an official example the Hub refuses. Print why and fail.
      console.error(
        `Hub rejected the example ${sent.name as string}@${sent.version as string}: ${pub.status}\n${pub.text}`,
      );
      throw new Error(`Hub rejected an official example (${pub.status}): ${pub.text}`);
    }
    const res = await hub.request(
      'GET',
      `/v0.1/servers/${enc(sent.name as string)}/versions/${enc(sent.version as string)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body._meta[OFFICIAL]).toMatchObject({ status: 'active' });

    // Same values...
    expect(pub.body.server).toEqual(sent);
    expect(res.body.server).toEqual(sent);
    // ...AND the same key order: the document is served as published, not rebuilt from parts.
    expect(JSON.stringify(res.body.server)).toBe(JSON.stringify(sent));
    expect(JSON.stringify(pub.body.server)).toBe(JSON.stringify(sent));
  });
});
