import { credentialKeys, registryKey } from './context';

describe('registry logins in the vault', () => {
  it('names a login by host, port and path', () => {
    expect(registryKey('https://hub.example.com')).toBe('hub.example.com');
    expect(registryKey('http://127.0.0.1:8080/o/acme/')).toBe('127.0.0.1:8080_o_acme');
  });

  it("looks for a registry's login at its own path first, then at shorter paths of the same host only", () => {
    expect(credentialKeys('https://hub.example.com/o/acme')).toEqual([
      'hub.example.com_o_acme',
      'hub.example.com_o',
      'hub.example.com',
    ]);
    expect(credentialKeys('https://hub.example.com/')).toEqual(['hub.example.com']);
    // Another port is another host: a login there is never tried.
    expect(credentialKeys('http://127.0.0.1:8081/o/acme')).not.toContain('127.0.0.1:8080');
  });
});
