import path from 'node:path';
import { ConfigError, loadConfig } from './index';

/** The ConfigError loadConfig throws for this environment. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig: upstream mirror', () => {
  it('mirrors the official registry every 10 minutes by default', () => {
    expect(loadConfig({}).upstream).toEqual({ url: 'https://registry.modelcontextprotocol.io', intervalMs: 600_000 });
  });

  it('treats an empty HUB_UPSTREAM_URL as unset', () => {
    expect(loadConfig({ HUB_UPSTREAM_URL: '' }).upstream?.url).toBe('https://registry.modelcontextprotocol.io');
  });

  it('turns mirroring off with "off"', () => {
    expect(loadConfig({ HUB_UPSTREAM_URL: 'off' }).upstream).toBeUndefined();
    expect(loadConfig({ HUB_UPSTREAM_URL: 'off', HUB_UPSTREAM_INTERVAL: '1h' }).upstream).toBeUndefined();
  });

  it('takes an http(s) URL and strips trailing slashes', () => {
    expect(loadConfig({ HUB_UPSTREAM_URL: 'https://mirror.example.com/' }).upstream).toEqual({
      url: 'https://mirror.example.com',
      intervalMs: 600_000,
    });
    expect(loadConfig({ HUB_UPSTREAM_URL: 'http://localhost:8080/registry///' }).upstream?.url).toBe(
      'http://localhost:8080/registry',
    );
    expect(loadConfig({ HUB_UPSTREAM_URL: 'http://localhost:8080' }).upstream?.url).toBe('http://localhost:8080');
  });

  it.each(['ftp://registry.example.com', 'registry.example.com', 'https://has space.example.com', 'OFF', 'https://'])(
    'refuses HUB_UPSTREAM_URL=%s, naming the variable',
    (url) => {
      const err = configError({ HUB_UPSTREAM_URL: url });
      expect(err.message).toBe(
        'Invalid configuration:\n  HUB_UPSTREAM_URL: must be an http(s) URL, or "off" to disable mirroring',
      );
    },
  );

  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['120', 120_000],
    ['1', 1_000],
    ['1.5m', 90_000],
    ['1000ms', 1_000],
    [' 2m ', 120_000],
    ['1d', 86_400_000],
  ])('reads HUB_UPSTREAM_INTERVAL=%s as %i ms', (interval, ms) => {
    expect(loadConfig({ HUB_UPSTREAM_INTERVAL: interval }).upstream?.intervalMs).toBe(ms);
  });

  it('defaults an empty HUB_UPSTREAM_INTERVAL to 10 minutes', () => {
    expect(loadConfig({ HUB_UPSTREAM_INTERVAL: '' }).upstream?.intervalMs).toBe(600_000);
  });

  it.each(['500ms', '999ms', '0', '0.5s', 'soon', '10 minutes', '-5s', '8d', '10M', 'm'])(
    'refuses HUB_UPSTREAM_INTERVAL=%s',
    (interval) => {
      const err = configError({ HUB_UPSTREAM_INTERVAL: interval });
      expect(err.message).toBe(
        'Invalid configuration:\n  HUB_UPSTREAM_INTERVAL: HUB_UPSTREAM_INTERVAL must be a duration like "90s", "10m" or "1h" (from 1s to 7 days)',
      );
    },
  );

  it('caps upstream pages at 10 MiB decoded and runs at 10,000 pages by default, mirroring on or off', () => {
    expect(loadConfig({}).upstreamLimits).toEqual({ pageBytes: 10 * 1024 * 1024, pagesPerRun: 10_000 });
    expect(
      loadConfig({ HUB_UPSTREAM_URL: 'off', HUB_UPSTREAM_MAX_PAGE_BYTES: '65536', HUB_UPSTREAM_MAX_PAGES: '3' })
        .upstreamLimits,
    ).toEqual({ pageBytes: 65_536, pagesPerRun: 3 });
  });

  it.each(['1023', '2.5', '10MB', '1073741825'])('refuses HUB_UPSTREAM_MAX_PAGE_BYTES=%s', (bytes) => {
    expect(configError({ HUB_UPSTREAM_MAX_PAGE_BYTES: bytes }).message).toBe(
      'Invalid configuration:\n  HUB_UPSTREAM_MAX_PAGE_BYTES: must be a number of bytes from 1024 to 1073741824',
    );
  });

  it.each(['0', '-1', 'many', '1000001'])('refuses HUB_UPSTREAM_MAX_PAGES=%s', (pages) => {
    expect(configError({ HUB_UPSTREAM_MAX_PAGES: pages }).message).toBe(
      'Invalid configuration:\n  HUB_UPSTREAM_MAX_PAGES: must be a number of pages from 1 to 1000000',
    );
  });

  it('reports every bad variable at once', () => {
    const err = configError({
      HUB_UPSTREAM_URL: 'ftp://x',
      HUB_UPSTREAM_INTERVAL: 'soon',
      HUB_SEARCH_SEMANTIC_WEIGHT: '9',
    });
    expect(err.message).toMatch(/^ {2}HUB_UPSTREAM_URL: /m);
    expect(err.message).toMatch(/^ {2}HUB_UPSTREAM_INTERVAL: /m);
    expect(err.message).toMatch(/^ {2}HUB_SEARCH_SEMANTIC_WEIGHT: /m);
  });
});

describe('loadConfig: embeddings', () => {
  it('defaults to the local model, cached under the data folder', () => {
    expect(loadConfig({ HUB_DATA_DIR: '/var/lib/hub' }).embeddings).toEqual({
      kind: 'local',
      modelDir: undefined,
      model: 'Xenova/all-MiniLM-L6-v2',
      dtype: undefined,
      url: undefined,
      apiKey: undefined,
      cacheDir: path.join('/var/lib/hub', 'models'),
    });
  });

  it('refuses HUB_EMBEDDINGS=http without HUB_EMBEDDINGS_URL', () => {
    const err = configError({ HUB_EMBEDDINGS: 'http' });
    expect(err.message).toMatch(/^Invalid configuration:\n {2}HUB_EMBEDDINGS_URL: required when HUB_EMBEDDINGS=http/);
    expect(configError({ HUB_EMBEDDINGS: 'http', HUB_EMBEDDINGS_URL: '' }).message).toMatch(
      /HUB_EMBEDDINGS_URL: required/,
    );
  });

  it('uses the HTTP API when only a URL is given, without trailing slashes', () => {
    const e = loadConfig({
      HUB_EMBEDDINGS_URL: 'http://localhost:8080/v1/',
      HUB_EMBEDDINGS_API_KEY: 'sk-test',
      HUB_EMBEDDINGS_MODEL: 'nomic-embed-text',
    }).embeddings;
    expect(e).toMatchObject({
      kind: 'http',
      url: 'http://localhost:8080/v1',
      apiKey: 'sk-test',
      model: 'nomic-embed-text',
    });
    expect(
      loadConfig({ HUB_EMBEDDINGS: 'http', HUB_EMBEDDINGS_URL: 'https://api.example.com/v1' }).embeddings.kind,
    ).toBe('http');
  });

  it('lets an explicit HUB_EMBEDDINGS win over a given URL', () => {
    expect(
      loadConfig({ HUB_EMBEDDINGS: 'local', HUB_EMBEDDINGS_URL: 'http://localhost:8080/v1' }).embeddings.kind,
    ).toBe('local');
    expect(loadConfig({ HUB_EMBEDDINGS: 'off', HUB_EMBEDDINGS_URL: 'http://localhost:8080/v1' }).embeddings.kind).toBe(
      'off',
    );
  });

  it('refuses unknown kinds and non-http URLs', () => {
    expect(configError({ HUB_EMBEDDINGS: 'remote' }).message).toBe(
      'Invalid configuration:\n  HUB_EMBEDDINGS: must be "local", "http" or "off"',
    );
    expect(configError({ HUB_EMBEDDINGS_URL: 'localhost:8080/v1' }).message).toMatch(
      /^ {2}HUB_EMBEDDINGS_URL: must be an http\(s\) URL/m,
    );
  });

  it('resolves HUB_EMBEDDINGS_MODEL_DIR to an absolute path', () => {
    const e = loadConfig({ HUB_EMBEDDINGS_MODEL_DIR: 'models/minilm' }).embeddings;
    expect(e.modelDir).toBe(path.join(process.cwd(), 'models', 'minilm'));
    expect(path.isAbsolute(e.modelDir!)).toBe(true);
    expect(loadConfig({ HUB_EMBEDDINGS_MODEL_DIR: '/opt/models/minilm/' }).embeddings.modelDir).toBe(
      '/opt/models/minilm',
    );
    expect(loadConfig({ HUB_EMBEDDINGS_MODEL_DIR: '' }).embeddings.modelDir).toBeUndefined();
  });

  it('keeps the cache next to a relative data folder, made absolute', () => {
    expect(loadConfig({ HUB_DATA_DIR: 'data' }).embeddings.cacheDir).toBe(path.join(process.cwd(), 'data', 'models'));
  });
});

describe('loadConfig: HUB_SEARCH_SEMANTIC_WEIGHT', () => {
  it('is unset by default', () => {
    expect(loadConfig({}).search.semanticWeight).toBeUndefined();
    expect(loadConfig({ HUB_SEARCH_SEMANTIC_WEIGHT: '' }).search.semanticWeight).toBeUndefined();
  });

  it.each([
    ['0', 0],
    ['0.35', 0.35],
    ['1', 1],
    ['4', 4],
  ])('accepts %s', (w, value) => {
    expect(loadConfig({ HUB_SEARCH_SEMANTIC_WEIGHT: w }).search.semanticWeight).toBe(value);
  });

  it.each(['-0.1', '4.01', '10', 'heavy', 'NaN'])('refuses %s', (w) => {
    expect(configError({ HUB_SEARCH_SEMANTIC_WEIGHT: w }).message).toMatch(
      /^Invalid configuration:\n {2}HUB_SEARCH_SEMANTIC_WEIGHT: /,
    );
  });
});

describe('loadConfig: trusted proxies', () => {
  it('believes X-Forwarded-For from loopback by default, where the bundled web site calls from', () => {
    expect(loadConfig({}).rateLimit.trustProxy).toEqual(['127.0.0.0/8', '::1']);
  });

  it('takes addresses and CIDR ranges, comma-separated, or "none"', () => {
    expect(
      loadConfig({ HUB_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::1' }).rateLimit.trustProxy,
    ).toEqual(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', '::1']);
    expect(loadConfig({ HUB_TRUSTED_PROXIES: 'none' }).rateLimit.trustProxy).toEqual([]);
  });

  it.each(['10.0.0.0/33', 'proxy.internal', '10.0.0.0/8/1', '::1/129', '127.0.0.1,', '10.0.0.0/x'])(
    'refuses HUB_TRUSTED_PROXIES=%s, naming the entry',
    (value) => {
      const err = configError({ HUB_TRUSTED_PROXIES: value });
      expect(err.message).toMatch(
        /^Invalid configuration:\n {2}HUB_TRUSTED_PROXIES: must be addresses or CIDR ranges, comma-separated .* is neither$/,
      );
    },
  );

  it('refuses the old proxy count, HUB_TRUST_PROXY, instead of guessing what it meant', () => {
    expect(configError({ HUB_TRUST_PROXY: '1' }).message).toContain(
      'HUB_TRUST_PROXY: was replaced by HUB_TRUSTED_PROXIES',
    );
  });
});

describe('loadConfig: connection limits', () => {
  it('defaults to 30 s per request, 10 s for headers and 128 connections per address', () => {
    expect(loadConfig({}).connections).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      maxPerAddress: 128,
    });
    expect(
      loadConfig({ HUB_REQUEST_TIMEOUT: '2m', HUB_HEADERS_TIMEOUT: '5s', HUB_MAX_CONNECTIONS_PER_IP: '0' }).connections,
    ).toEqual({ requestTimeoutMs: 120_000, headersTimeoutMs: 5_000, maxPerAddress: 0 });
  });

  it('refuses headers that may take longer than the whole request, and bad values, naming the variable', () => {
    expect(() => loadConfig({ HUB_REQUEST_TIMEOUT: '5s', HUB_HEADERS_TIMEOUT: '10s' })).toThrow(
      /HUB_HEADERS_TIMEOUT: must not be longer than HUB_REQUEST_TIMEOUT/,
    );
    expect(() => loadConfig({ HUB_REQUEST_TIMEOUT: 'soon' })).toThrow(/HUB_REQUEST_TIMEOUT/);
    expect(() => loadConfig({ HUB_MAX_CONNECTIONS_PER_IP: '-1' })).toThrow(/HUB_MAX_CONNECTIONS_PER_IP/);
  });
});

describe('loadConfig: runtime', () => {
  it('defaults to a worker in bubblewrap, two at a time, 30 s per inspection, probes every 10 minutes', () => {
    expect(loadConfig({}).runtime).toEqual({
      worker: true,
      concurrency: 2,
      timeoutMs: 30_000,
      sandbox: 'bwrap',
      allowPrivateNetworks: false,
      memoryMb: 512,
      reconcileIntervalMs: 300_000,
      npmRegistry: undefined,
      healthIntervalMs: 600_000,
      queueStalledMs: 30_000,
    });
  });

  it.each([
    ['15s', 15_000],
    ['10m', 600_000],
    ['1d', 86_400_000],
  ])('reads HUB_HEALTH_INTERVAL=%s as %i ms', (v, ms) => {
    expect(loadConfig({ HUB_HEALTH_INTERVAL: v }).runtime.healthIntervalMs).toBe(ms);
  });

  it.each(['0.5s', '25h', '2d', 'often'])('refuses HUB_HEALTH_INTERVAL=%s (1 s to 1 day)', (v) => {
    expect(configError({ HUB_HEALTH_INTERVAL: v }).message).toContain(
      'HUB_HEALTH_INTERVAL must be a duration like "90s", "10m" or "1h" (from 1s to 1 day)',
    );
  });

  it('takes the sandbox off only when asked by name, and says it is unsafe otherwise', () => {
    expect(loadConfig({ HUB_RUNTIME_SANDBOX: 'none' }).runtime.sandbox).toBe('none');
    expect(configError({ HUB_RUNTIME_SANDBOX: 'off' }).message).toContain('UNSAFE');
  });

  it.each([
    [{ HUB_RUNTIME_CONCURRENCY: '0' }, 'HUB_RUNTIME_CONCURRENCY'],
    [{ HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: 'yes' }, 'HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: must be 0 or 1'],
    [{ HUB_NPM_REGISTRY: 'registry.npmjs.org' }, 'HUB_NPM_REGISTRY'],
    [{ HUB_RUNTIME: 'maybe' }, 'HUB_RUNTIME: must be "on" or "off"'],
  ])('refuses %j, naming the variable', (env, text) => {
    expect(configError(env).message).toContain(text);
  });

  it('strips a trailing slash from HUB_NPM_REGISTRY', () => {
    expect(loadConfig({ HUB_NPM_REGISTRY: 'http://127.0.0.1:4873/' }).runtime.npmRegistry).toBe(
      'http://127.0.0.1:4873',
    );
  });
});
