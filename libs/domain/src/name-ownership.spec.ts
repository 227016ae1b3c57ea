import { type NameFacts, nameOwnedUpstream, nameOwner, nameWrite } from './name-ownership';

const facts = (source: NameFacts['source'], namespaceVerified: boolean): NameFacts => ({ source, namespaceVerified });

describe('name ownership', () => {
  it('gives a verified namespace to its local publishers and an unverified one to upstream', () => {
    expect(nameOwner({ namespaceVerified: true })).toBe('local');
    expect(nameOwner({ namespaceVerified: false })).toBe('upstream');
  });

  it('lets whoever holds a name keep writing it', () => {
    for (const verified of [true, false]) {
      expect(nameWrite('local', facts('local', verified))).toBe('write');
      expect(nameWrite('upstream', facts('upstream', verified))).toBe('write');
    }
  });

  it('lets a local publish take a mirrored name only in a verified namespace', () => {
    expect(nameWrite('local', facts('upstream', true))).toBe('take-over');
    expect(nameWrite('local', facts('upstream', false))).toBe('refuse');
  });

  it('lets the mirror take a local name only in an unverified namespace', () => {
    expect(nameWrite('upstream', facts('local', false))).toBe('take-over');
    expect(nameWrite('upstream', facts('local', true))).toBe('refuse');
  });

  it('explains a refused local publish with the namespace to verify', () => {
    const err = nameOwnedUpstream('io.github.alice/weather');
    expect(err.code).toBe('name_owned_upstream');
    expect(err.message).toContain('verify the namespace io.github.alice on this Hub');
  });
});
