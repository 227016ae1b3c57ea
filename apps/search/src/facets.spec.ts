import { facetsOf } from './facets';

describe('facetsOf', () => {
  it('counts each document once per known value, like the SQL facet counts', () => {
    const facets = facetsOf([
      { registryTypes: ['npm', 'npm', 'oci'], transports: ['stdio'], hasRemote: false, status: 'active' },
      {
        registryTypes: ['pypi', 'rubygems'],
        transports: ['stdio', 'carrier-pigeon'],
        hasRemote: true,
        status: 'deprecated',
      },
      { registryTypes: [], transports: [], hasRemote: true, status: 'active' },
    ]);
    expect(facets).toEqual({
      registryType: { npm: 1, oci: 1, pypi: 1 },
      transport: { stdio: 2 },
      hasRemote: { false: 1, true: 2 },
      status: { active: 2, deprecated: 1 },
    });
  });

  it('is empty for no documents', () => {
    expect(facetsOf([])).toEqual({ registryType: {}, transport: {}, hasRemote: {}, status: {} });
  });
});
