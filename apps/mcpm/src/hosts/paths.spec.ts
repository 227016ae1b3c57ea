import { HOSTS } from './index';
import { testEnv } from './test-env';
import type { HostId } from './types';

const USER_PATHS: Record<HostId, Record<'linux' | 'darwin' | 'win32', string>> = {
  'claude-desktop': {
    linux: '/home/ada/.config/Claude/claude_desktop_config.json',
    darwin: '/Users/ada/Library/Application Support/Claude/claude_desktop_config.json',
    win32: 'C:\\Users\\ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
  },
  'claude-code': {
    linux: '/home/ada/.claude.json',
    darwin: '/Users/ada/.claude.json',
    win32: 'C:\\Users\\ada\\.claude.json',
  },
  cursor: {
    linux: '/home/ada/.cursor/mcp.json',
    darwin: '/Users/ada/.cursor/mcp.json',
    win32: 'C:\\Users\\ada\\.cursor\\mcp.json',
  },
  vscode: {
    linux: '/home/ada/.config/Code/User/mcp.json',
    darwin: '/Users/ada/Library/Application Support/Code/User/mcp.json',
    win32: 'C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\mcp.json',
  },
  windsurf: {
    linux: '/home/ada/.codeium/windsurf/mcp_config.json',
    darwin: '/Users/ada/.codeium/windsurf/mcp_config.json',
    win32: 'C:\\Users\\ada\\.codeium\\windsurf\\mcp_config.json',
  },
  codex: {
    linux: '/home/ada/.codex/config.toml',
    darwin: '/Users/ada/.codex/config.toml',
    win32: 'C:\\Users\\ada\\.codex\\config.toml',
  },
  gemini: {
    linux: '/home/ada/.gemini/settings.json',
    darwin: '/Users/ada/.gemini/settings.json',
    win32: 'C:\\Users\\ada\\.gemini\\settings.json',
  },
  zed: {
    linux: '/home/ada/.config/zed/settings.json',
    darwin: '/Users/ada/.config/zed/settings.json',
    win32: 'C:\\Users\\ada\\AppData\\Roaming\\Zed\\settings.json',
  },
  cline: {
    linux: '/home/ada/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    darwin:
      '/Users/ada/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    win32:
      'C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
  },
  opencode: {
    linux: '/home/ada/.config/opencode/opencode.json',
    darwin: '/Users/ada/.config/opencode/opencode.json',
    win32: 'C:\\Users\\ada\\.config\\opencode\\opencode.json',
  },
  goose: {
    linux: '/home/ada/.config/goose/config.yaml',
    darwin: '/Users/ada/.config/goose/config.yaml',
    win32: 'C:\\Users\\ada\\AppData\\Roaming\\Block\\goose\\config\\config.yaml',
  },
  continue: {
    linux: '/home/ada/.continue/config.yaml',
    darwin: '/Users/ada/.continue/config.yaml',
    win32: 'C:\\Users\\ada\\.continue\\config.yaml',
  },
};

const PROJECT_PATHS: Partial<Record<HostId, [linux: string, win32: string]>> = {
  'claude-code': ['/work/proj/.mcp.json', 'C:\\work\\proj\\.mcp.json'],
  cursor: ['/work/proj/.cursor/mcp.json', 'C:\\work\\proj\\.cursor\\mcp.json'],
  vscode: ['/work/proj/.vscode/mcp.json', 'C:\\work\\proj\\.vscode\\mcp.json'],
  codex: ['/work/proj/.codex/config.toml', 'C:\\work\\proj\\.codex\\config.toml'],
  gemini: ['/work/proj/.gemini/settings.json', 'C:\\work\\proj\\.gemini\\settings.json'],
  continue: ['/work/proj/.continue/config.yaml', 'C:\\work\\proj\\.continue\\config.yaml'],
};

const ids = Object.keys(USER_PATHS) as HostId[];

describe('user-scope config paths', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it.each(ids)(`%s on ${platform}`, (id) => {
      expect(HOSTS[id].configPath(testEnv(platform), 'user')).toBe(USER_PATHS[id][platform]);
    });
  }
});

describe('project-scope config paths', () => {
  it.each(ids)('%s has a project file exactly when the host reads one', (id) => {
    const expected = PROJECT_PATHS[id];
    expect(HOSTS[id].scopes).toEqual(expected ? ['user', 'project'] : ['user']);
    expect(HOSTS[id].configPath(testEnv('linux'), 'project')).toBe(expected?.[0]);
    expect(HOSTS[id].configPath(testEnv('win32'), 'project')).toBe(expected?.[1]);
  });
});

describe('environment overrides', () => {
  it('honours XDG_CONFIG_HOME on Linux for every host that lives under ~/.config', () => {
    const env = testEnv('linux', { xdgConfigHome: '/xdg' });
    expect(HOSTS['claude-desktop'].configPath(env, 'user')).toBe('/xdg/Claude/claude_desktop_config.json');
    expect(HOSTS.vscode.configPath(env, 'user')).toBe('/xdg/Code/User/mcp.json');
    expect(HOSTS.cline.configPath(env, 'user')).toBe(
      '/xdg/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    );
    expect(HOSTS.zed.configPath(env, 'user')).toBe('/xdg/zed/settings.json');
    expect(HOSTS.opencode.configPath(env, 'user')).toBe('/xdg/opencode/opencode.json');
    expect(HOSTS.goose.configPath(env, 'user')).toBe('/xdg/goose/config.yaml');
    expect(HOSTS.cursor.configPath(env, 'user')).toBe('/home/ada/.cursor/mcp.json');
  });

  it('on macOS, XDG_CONFIG_HOME moves OpenCode and Goose but not Zed or the Electron apps', () => {
    const env = testEnv('darwin', { xdgConfigHome: '/xdg' });
    expect(HOSTS.opencode.configPath(env, 'user')).toBe('/xdg/opencode/opencode.json');
    expect(HOSTS.goose.configPath(env, 'user')).toBe('/xdg/goose/config.yaml');
    expect(HOSTS.zed.configPath(env, 'user')).toBe('/Users/ada/.config/zed/settings.json');
    expect(HOSTS.vscode.configPath(env, 'user')).toBe('/Users/ada/Library/Application Support/Code/User/mcp.json');
  });

  it('puts Claude Code user config in CLAUDE_CONFIG_DIR when set', () => {
    expect(HOSTS['claude-code'].configPath(testEnv('linux', { claudeConfigDir: '/cfg/claude' }), 'user')).toBe(
      '/cfg/claude/.claude.json',
    );
    expect(HOSTS['claude-code'].configPath(testEnv('win32', { claudeConfigDir: 'D:\\claude' }), 'user')).toBe(
      'D:\\claude\\.claude.json',
    );
  });

  it('derives %APPDATA% from the home folder when it is not set', () => {
    const env = testEnv('win32', { appData: undefined, localAppData: undefined });
    expect(HOSTS.vscode.configPath(env, 'user')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\mcp.json');
  });
});

describe('Claude Desktop on Windows', () => {
  const msixPackage = 'C:\\Users\\ada\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc';
  const msixFile = `${msixPackage}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`;

  it('uses the MSIX file when it exists', () => {
    expect(HOSTS['claude-desktop'].configPath(testEnv('win32', {}, [msixFile]), 'user')).toBe(msixFile);
  });

  it('uses the MSIX location when the package is installed but has no config file yet', () => {
    expect(HOSTS['claude-desktop'].configPath(testEnv('win32', {}, [msixPackage]), 'user')).toBe(msixFile);
  });

  it('uses %APPDATA% for the classic installer', () => {
    expect(HOSTS['claude-desktop'].configPath(testEnv('win32'), 'user')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
  });
});

describe('OpenCode', () => {
  it('prefers opencode.jsonc when it exists', () => {
    const jsonc = '/home/ada/.config/opencode/opencode.jsonc';
    expect(HOSTS.opencode.configPath(testEnv('linux', {}, [jsonc]), 'user')).toBe(jsonc);
    const winJsonc = 'C:\\Users\\ada\\.config\\opencode\\opencode.jsonc';
    expect(HOSTS.opencode.configPath(testEnv('win32', {}, [winJsonc]), 'user')).toBe(winJsonc);
  });
});
