import { HOST_IDS } from '@mcp-hub/domain';
import { closest } from './util';

const HOSTS = HOST_IDS;

describe('closest', () => {
  it.each([
    ['curser', 'cursor'],
    ['Cursor', 'cursor'],
    ['vscdoe', 'vscode'],
    ['windsrf', 'windsurf'],
    ['claude', 'claude-desktop'],
    ['gemni', 'gemini'],
  ])('%s → %s', (typo, meant) => expect(closest(typo, HOSTS)).toBe(meant));

  it('suggests nothing for a word not close to any', () => {
    expect(closest('notepad', HOSTS)).toBeUndefined();
    expect(closest('frobnicate', ['install', 'uninstall', 'info'])).toBeUndefined();
  });
});
