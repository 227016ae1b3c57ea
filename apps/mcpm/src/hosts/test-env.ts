import type { RemoteLaunch, StdioLaunch } from '../launch';
import type { HostEnv } from './types';

/** A HostEnv for tests: a user "ada" on the given platform, with no files unless `existing` says so. */
export function testEnv(
  platform: 'linux' | 'darwin' | 'win32',
  overrides: Partial<HostEnv> = {},
  existing: string[] = [],
): HostEnv {
  const base: HostEnv =
    platform === 'win32'
      ? {
          platform,
          home: 'C:\\Users\\ada',
          appData: 'C:\\Users\\ada\\AppData\\Roaming',
          localAppData: 'C:\\Users\\ada\\AppData\\Local',
          cwd: 'C:\\work\\proj',
          exists: (p) => existing.includes(p),
        }
      : {
          platform,
          home: platform === 'darwin' ? '/Users/ada' : '/home/ada',
          cwd: '/work/proj',
          exists: (p) => existing.includes(p),
        };
  return { ...base, ...overrides };
}

/** The launches the host specs write: a stdio server with a secret, a bare one, and the two remote transports. */
export const STDIO: StdioLaunch = {
  kind: 'stdio',
  command: 'npx',
  args: ['-y', 'pkg@1.2.3'],
  env: { API_KEY: 'vault://io.github.a/b/API_KEY' },
};
export const BARE_STDIO: StdioLaunch = { kind: 'stdio', command: 'uvx', args: [], env: {} };
export const HTTP: RemoteLaunch = {
  kind: 'remote',
  transport: 'streamable-http',
  url: 'https://mcp.example.com/mcp',
  headers: { Authorization: 'vault://x/TOKEN' },
};
export const SSE: RemoteLaunch = { kind: 'remote', transport: 'sse', url: 'https://mcp.example.com/sse', headers: {} };
