import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Watcher } from '../commands/run';
import { CliError } from '../errors';
import type { RemoteLaunch } from '../launch';
import { remoteTransport } from './connect';

/**
 * Serves a remote MCP server on stdio, for hosts that only launch local servers and for remotes
 * whose headers hold secrets (which then stay in the vault, not in the host file).
 */
export async function bridgeRemote(launch: RemoteLaunch, watch: Watcher): Promise<number> {
  const local = new StdioServerTransport();
  const remote = await remoteTransport(launch);
  return new Promise((resolve, reject) => {
    let closed = false;
    const finish = (code: number) => {
      if (closed) return;
      closed = true;
      void local.close();
      void remote.close();
      resolve(code);
    };
    local.onmessage = (m: JSONRPCMessage) => {
      watch.fromClient(m);
      remote.send(m).catch((e: Error) => {
        process.stderr.write(`mcpm: ${launch.url}: ${e.message}\n`);
        finish(1);
      });
    };
    remote.onmessage = (m: JSONRPCMessage) => {
      watch.fromServer(m);
      void local.send(m);
    };
    local.onclose = () => finish(0);
    remote.onclose = () => finish(0);
    remote.onerror = (e) => process.stderr.write(`mcpm: ${launch.url}: ${e.message}\n`);
    remote.start().then(
      () => local.start(),
      (e: Error) =>
        reject(
          new CliError('server_failed', `Cannot reach ${launch.url}: ${e.message}.`, 'Check the URL and your network.'),
        ),
    );
  });
}
