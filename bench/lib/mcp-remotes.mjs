/**
 * Many remote MCP servers in this process for the runtime benchmark: one HTTP server on
 * 127.0.0.1 where every path /mcp/<i> is a distinct stateless streamable-HTTP MCP server (a fresh
 * SDK McpServer per request, one tool), so a Hub can list 1,000 remotes without 1,000 processes.
 *
 *   node bench/lib/mcp-remotes.mjs    (prints {"port": N} once listening; run as a child)
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/runtime/package.json'),
);
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { z } = require('zod');

const server = createServer((req, res) => {
  const m = /^\/mcp\/(\d+)$/.exec(req.url ?? '');
  if (!m) return res.writeHead(404).end();
  if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
  const mcp = new McpServer({ name: `bench-remote-${m[1]}`, version: '1.0.0' });
  mcp.registerTool(
    'echo',
    { description: `Echoes the text back (remote ${m[1]})`, inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void mcp.close();
  });
  mcp.connect(transport).then(
    () => transport.handleRequest(req, res),
    () => res.writeHead(500).end(),
  );
});
server.keepAliveTimeout = 1000;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
