import { staleNames, toolsChanged } from './search-indexer';

describe('toolsChanged (catch-up: tools that changed while search was away)', () => {
  const held = (serverName: string, toolsFingerprint: string | null) => ({
    serverName,
    version: '1.0.0',
    toolsFingerprint,
  });

  it('finds documents built from other tools than the runtime now has, tools that appeared and tools that went', () => {
    const current = new Map([
      ['same', 'sha256-a'],
      ['changed', 'sha256-new'],
      ['appeared', 'sha256-c'],
    ]);
    expect(
      toolsChanged(
        [
          held('same', 'sha256-a'),
          held('changed', 'sha256-old'),
          held('appeared', null),
          held('went', 'sha256-d'),
          held('never', null),
        ],
        current,
      ),
    ).toEqual(['changed', 'appeared', 'went']);
  });
});

describe('staleNames', () => {
  it('finds missing, older and orphaned documents, but not a refusal of the same source', () => {
    const stamps = [
      { serverName: 'current', updatedAt: 't1', visible: true },
      { serverName: 'older', updatedAt: 't2', visible: true },
      { serverName: 'missing', updatedAt: 't1', visible: true },
      { serverName: 'refused', updatedAt: 't1', visible: true },
      { serverName: 'deleted', updatedAt: 't1', visible: false },
    ];
    const documents = new Map([
      ['current', 't1'],
      ['older', 't1'],
      ['deleted', 't1'],
      ['orphan', 't1'],
    ]);
    expect(staleNames(stamps, documents, new Map([['refused', 't1']])).sort()).toEqual(
      ['deleted', 'missing', 'older', 'orphan'].sort(),
    );
  });
});
