import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteLaunch } from '../launch';

/** A client transport to a remote MCP server, with its headers on every request. */
export async function remoteTransport(launch: RemoteLaunch): Promise<Transport> {
  const requestInit = { headers: launch.headers };
  if (launch.transport === 'sse') {
    const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
    return new SSEClientTransport(new URL(launch.url), { requestInit });
  }
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return new StreamableHTTPClientTransport(new URL(launch.url), { requestInit });
}
