import type { Launch } from '../launch';
import { isRecord, remoteLaunch, stdioLaunch, withMap, type Entry } from './entry-shape';
import { appDataDir, joinPath, scopedPaths, xdgConfigDir, type ScopedPaths } from './paths';
import { isBlank } from './text';
import type { HostAdapter, HostId } from './types';
import { freshYaml, removeYamlItem, upsertYamlItem, yamlItems, type YamlCollection } from './yaml-edit';

interface YamlHostSpec {
  id: HostId;
  title: string;
  paths: ScopedPaths;
  collection: YamlCollection;
  /** Top-level fields a new file needs besides the servers. */
  header?: Entry;
  /** YAML hosts repeat the server's name inside the entry. */
  toEntry(key: string, launch: Launch): Entry;
  fromEntry(entry: Entry): Launch | undefined;
}

function yamlHost(spec: YamlHostSpec): HostAdapter {
  const { collection } = spec;
  return {
    id: spec.id,
    title: spec.title,
    format: 'yaml',
    supportsRemote: true,
    ...scopedPaths(spec.paths),
    entries(text) {
      if (text === undefined || isBlank(text)) return [];
      return yamlItems(text, collection).map(([key, raw]) => ({
        key,
        raw,
        launch: isRecord(raw) ? spec.fromEntry(raw) : undefined,
      }));
    },
    upsert(text, key, launch) {
      const entry = spec.toEntry(key, launch);
      if (text === undefined || isBlank(text)) return freshYaml(collection, key, entry, spec.header);
      return upsertYamlItem(text, collection, key, entry);
    },
    remove(text, key) {
      return isBlank(text) ? text : removeYamlItem(text, collection, key);
    },
  };
}

/** Goose waits this many seconds for an extension to start; its own default. */
const GOOSE_TIMEOUT = 300;

export const goose = yamlHost({
  id: 'goose',
  title: 'Goose',
  paths: {
    user: (env) =>
      env.platform === 'win32'
        ? joinPath(env, appDataDir(env), 'Block', 'goose', 'config', 'config.yaml')
        : joinPath(env, xdgConfigDir(env), 'goose', 'config.yaml'),
  },
  collection: { rootKey: 'extensions', kind: 'map' },
  toEntry(name, launch) {
    const entry =
      launch.kind === 'stdio'
        ? withMap({ name, type: 'stdio', cmd: launch.command, args: launch.args }, 'envs', launch.env)
        : withMap(
            { name, type: launch.transport === 'sse' ? 'sse' : 'streamable_http', uri: launch.url },
            'headers',
            launch.headers,
          );
    return { ...entry, enabled: true, timeout: GOOSE_TIMEOUT };
  },
  fromEntry(entry) {
    if (entry.type === 'stdio') return stdioLaunch(entry.cmd, entry.args, entry.envs);
    if (entry.type === 'streamable_http') return remoteLaunch('streamable-http', entry.uri, entry.headers);
    if (entry.type === 'sse') return remoteLaunch('sse', entry.uri, entry.headers);
    return undefined;
  },
});

export const continueDev = yamlHost({
  id: 'continue',
  title: 'Continue',
  paths: {
    user: (env) => joinPath(env, env.home, '.continue', 'config.yaml'),
    project: (env) => joinPath(env, env.cwd, '.continue', 'config.yaml'),
  },
  collection: { rootKey: 'mcpServers', kind: 'seq' },
  // Continue refuses a config.yaml without these.
  header: { name: 'Local Assistant', version: '1.0.0', schema: 'v1' },
  toEntry(name, launch) {
    if (launch.kind === 'stdio')
      return withMap({ name, command: launch.command, args: launch.args }, 'env', launch.env);
    const entry = { name, type: launch.transport, url: launch.url };
    return Object.keys(launch.headers).length === 0 ? entry : { ...entry, requestOptions: { headers: launch.headers } };
  },
  fromEntry(entry) {
    if (entry.type === 'streamable-http' || entry.type === 'sse') {
      const headers = isRecord(entry.requestOptions) ? entry.requestOptions.headers : undefined;
      return remoteLaunch(entry.type, entry.url, headers);
    }
    return entry.type === undefined || entry.type === 'stdio'
      ? stdioLaunch(entry.command, entry.args, entry.env)
      : undefined;
  },
});
