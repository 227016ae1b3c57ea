import path from 'node:path';
import type { HostAdapter, HostEnv, Scope } from './types';

/** Windows paths are built with win32 rules even when the tests run on Linux. */
function pathApi(env: HostEnv): path.PlatformPath {
  return env.platform === 'win32' ? path.win32 : path.posix;
}

export function joinPath(env: HostEnv, ...parts: string[]): string {
  return pathApi(env).join(...parts);
}

export function xdgConfigDir(env: HostEnv): string {
  return env.xdgConfigHome ?? joinPath(env, env.home, '.config');
}

export function appDataDir(env: HostEnv): string {
  return env.appData ?? joinPath(env, env.home, 'AppData', 'Roaming');
}

export function localAppDataDir(env: HostEnv): string {
  return env.localAppData ?? joinPath(env, env.home, 'AppData', 'Local');
}

/** Where desktop (Electron) apps keep per-user settings on each platform. */
export function appConfigDir(env: HostEnv): string {
  if (env.platform === 'darwin') return joinPath(env, env.home, 'Library', 'Application Support');
  if (env.platform === 'win32') return appDataDir(env);
  return xdgConfigDir(env);
}

export type ScopedPaths = Partial<Record<Scope, (env: HostEnv) => string>>;

/** The `scopes` and `configPath` members of an adapter, from one path function per scope. */
export function scopedPaths(paths: ScopedPaths): Pick<HostAdapter, 'scopes' | 'configPath'> {
  const scopes = (['user', 'project'] as const).filter((scope) => paths[scope] !== undefined);
  return { scopes, configPath: (env, scope) => paths[scope]?.(env) };
}
