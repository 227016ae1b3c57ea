import { CliError, usage } from '../errors';
import { closest } from '../util';
import { codex } from './codex';
import { claudeCode, claudeDesktop, cline, cursor, gemini, opencode, vscode, windsurf, zed } from './json-hosts';
import { HOST_IDS, type HostAdapter, type HostId } from './types';
import { continueDev, goose } from './yaml-hosts';

export * from './types';
export { readTextIfExists, writeHostFile } from './host-file';
export { unifiedDiff } from './diff';

export const HOSTS: Record<HostId, HostAdapter> = {
  'claude-desktop': claudeDesktop,
  'claude-code': claudeCode,
  cursor,
  vscode,
  windsurf,
  codex,
  gemini,
  zed,
  cline,
  opencode,
  goose,
  continue: continueDev,
};

export function hostAdapter(id: string): HostAdapter | undefined {
  return (HOST_IDS as readonly string[]).includes(id) ? HOSTS[id as HostId] : undefined;
}

/** The usage error for a host id mcpm does not know: every known host, and the one probably meant. */
export function unknownHost(id: string): CliError {
  const meant = closest(id, HOST_IDS);
  return usage(`Unknown host "${id}".`, `${meant ? `Did you mean ${meant}? ` : ''}Hosts: ${HOST_IDS.join(', ')}.`);
}
