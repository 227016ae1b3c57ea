import { closest } from './util';

const HOSTS = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
  'codex',
  'gemini',
  'zed',
  'cline',
  'opencode',
  'goose',
  'continue',
];

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
