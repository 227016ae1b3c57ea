import { githubReadmeBases, githubRepositoryOf, githubRepositoryUrl } from './repository-url';

describe('githubRepositoryOf', () => {
  it.each([
    ['https://github.com/alice/weather', { owner: 'alice', repo: 'weather' }],
    ['https://github.com/alice/weather.git', { owner: 'alice', repo: 'weather' }],
    ['https://www.github.com/alice/weather/', { owner: 'alice', repo: 'weather' }],
    [
      'https://github.com/acme/tools/tree/main/servers/weather',
      { owner: 'acme', repo: 'tools', subfolder: 'servers/weather' },
    ],
  ])('%s', (url, expected) => {
    expect(githubRepositoryOf({ url })).toEqual(expected);
  });

  it('prefers the subfolder server.json names', () => {
    expect(
      githubRepositoryOf({ url: 'https://github.com/acme/tools/tree/main/x', subfolder: '/src/weather/' }),
    ).toEqual({ owner: 'acme', repo: 'tools', subfolder: 'src/weather' });
  });

  it.each([
    ['another host', { url: 'https://gitlab.com/alice/weather' }],
    ['a lookalike host', { url: 'https://github.com.evil.example/alice/weather' }],
    ['a port', { url: 'https://github.com:8443/alice/weather' }],
    ['no repository part', { url: 'https://github.com/alice' }],
    ['not a URL', { url: 'github.com/alice/weather' }],
    ['not http', { url: 'ssh://github.com/alice/weather' }],
    ['a dot-dot owner', { url: 'https://github.com/../weather' }],
    ['no url', {}],
  ])('is undefined for %s', (_, repository) => {
    expect(githubRepositoryOf(repository)).toBeUndefined();
  });

  it('drops a subfolder that climbs out or holds odd characters', () => {
    expect(githubRepositoryOf({ url: 'https://github.com/a/b', subfolder: '../../etc' })).toEqual({
      owner: 'a',
      repo: 'b',
    });
    expect(githubRepositoryOf({ url: 'https://github.com/a/b', subfolder: 'x?y#z' })).toEqual({
      owner: 'a',
      repo: 'b',
    });
  });
});

describe('GitHub URLs of a repository', () => {
  const r = { owner: 'acme', repo: 'tools', subfolder: 'servers/weather' };
  it('links its page and its README folder at the default branch', () => {
    expect(githubRepositoryUrl({ owner: 'a', repo: 'b' }, 'main')).toBe('https://github.com/a/b');
    expect(githubRepositoryUrl(r, 'main')).toBe('https://github.com/acme/tools/tree/main/servers/weather');
    expect(githubReadmeBases(r, 'dev/x')).toEqual({
      links: 'https://github.com/acme/tools/blob/dev/x/servers/weather/',
      images: 'https://raw.githubusercontent.com/acme/tools/dev/x/servers/weather/',
    });
  });
});
