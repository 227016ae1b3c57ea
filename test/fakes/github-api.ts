/**
 * A stand-in for the part of GitHub's REST API that serves READMEs (GET /repos/{owner}/{repo},
 * GET /repos/{owner}/{repo}/readme[/{dir}] with Accept: application/vnd.github.raw), on
 * 127.0.0.1 under /api as test/fakes/github.ts has it, with switches for a network that fails.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for api.github.com's /repos/{owner}/{repo}[/readme[/dir]], with switches for a network that fails. */
export interface FakeGitHubApi {
  url: string;
  readmes: Map<string, string>;
  /** What each repository says of itself (license, default branch). */
  repos: Map<string, Record<string, unknown>>;
  /** Every request, as "<accept> <path>". */
  seen: string[];
  /** The Authorization header of every request ("" when none). */
  authorizations: string[];
  /** up: answers; down: drops every connection; hang: never answers. */
  mode: 'up' | 'down' | 'hang';
  /** Repositories ("owner/repo") whose requests always have their connection dropped. */
  unreachable: Set<string>;
  close(): Promise<void>;
}

export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  const hanging = new Set<IncomingMessage>();
  const fake: FakeGitHubApi = {
    url: '',
    readmes: new Map(),
    repos: new Map(),
    seen: [],
    authorizations: [],
    mode: 'up',
    unreachable: new Set(),
    close: () => {
      // A request left hanging would keep the server from closing.
      hanging.forEach((r) => r.socket.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    fake.seen.push(`${req.headers.accept} ${path}`);
    fake.authorizations.push(req.headers.authorization ?? '');
    const repoOf = /^\/api\/repos\/([^/]+\/[^/]+)/.exec(path)?.[1];
    if (fake.mode === 'down' || (repoOf && fake.unreachable.has(repoOf))) return void req.socket.destroy();
    if (fake.mode === 'hang') return void hanging.add(req);
    if (!req.headers['user-agent']) return void res.writeHead(403).end('{"message":"User-Agent required"}');
    const readme = /^\/api\/repos\/([^/]+)\/([^/]+)\/readme(\/.*)?$/.exec(path);
    if (readme) {
      const text = fake.readmes.get(`${readme[1]}/${readme[2]}${readme[3] ?? ''}`);
      if (text === undefined || req.headers.accept !== 'application/vnd.github.raw')
        return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return void res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }).end(text);
    }
    const repo = /^\/api\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    const meta = repo && fake.repos.get(`${repo[1]}/${repo[2]}`);
    if (meta) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(meta));
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return fake;
}
