import { serverHref } from './format';

/** Where a browser actually goes when it follows the link from a page on the site. */
const resolved = (href: string) => new URL(href, 'https://hub.example/servers/io.github.a/b').pathname;

describe('serverHref', () => {
  it('keeps the slash of an ordinary name as a path separator', () => {
    expect(serverHref('io.github.alice/weather')).toBe('/servers/io.github.alice/weather');
    expect(serverHref('io.github.alice/weather', '1.0.0+b 2')).toBe(
      '/servers/io.github.alice/weather/versions/1.0.0%2Bb%202',
    );
  });

  it.each(['../x', './x', 'ns/..', 'ns/.', '../..'])(
    'links %s so that the browser does not resolve its dot segment away',
    (name) => {
      const href = serverHref(name);
      expect(resolved(href)).toBe(href);
      expect(decodeURIComponent(href.slice('/servers/'.length))).toBe(name);
      const versioned = serverHref(name, '1.0.0');
      expect(resolved(versioned)).toBe(versioned);
      expect(versioned).toBe(`${href}/versions/1.0.0`);
    },
  );

  it('leaves names whose parts merely contain dots as two segments', () => {
    expect(serverHref('.../x')).toBe('/servers/.../x');
    expect(resolved(serverHref('ns/x.'))).toBe('/servers/ns/x.');
  });
});
