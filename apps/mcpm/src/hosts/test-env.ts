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
