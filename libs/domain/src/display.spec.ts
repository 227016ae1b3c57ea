import { displayTitle } from './display';

describe('displayTitle', () => {
  it('uses the title when the server has one', () => {
    expect(displayTitle({ name: 'io.github.alice/weather', title: 'Weather for Alice' })).toBe('Weather for Alice');
  });

  it('humanizes the part after the slash when there is no title', () => {
    expect(displayTitle({ name: 'io.github.containers/kubernetes-mcp-server' })).toBe('Kubernetes MCP Server');
    expect(displayTitle({ name: 'com.example/my_sql.tools', title: null })).toBe('My SQL Tools');
  });

  it('treats a blank title as no title', () => {
    expect(displayTitle({ name: 'io.github.alice/weather', title: '  ' })).toBe('Weather');
  });

  it('keeps the capitals a name already has', () => {
    expect(displayTitle({ name: 'io.github.alice/GitHubTools' })).toBe('GitHubTools');
  });

  it('falls back to the whole name when nothing is left after the slash', () => {
    expect(displayTitle({ name: 'io.github.alice/--' })).toBe('io.github.alice/--');
  });
});
