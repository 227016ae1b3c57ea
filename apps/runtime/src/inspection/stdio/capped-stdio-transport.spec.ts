import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Exit, SandboxedProcess } from '../sandbox/sandbox';
import { LimitExceeded } from '../session';
import { CappedStdioTransport } from './capped-stdio-transport';

/** A stand-in for a sandboxed server: its stdout and stderr are the test's to write. */
function fakeProcess() {
  let end!: (e: Exit) => void;
  const proc = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    exited: new Promise<Exit>((r) => (end = r)),
    exit: (e: Exit) => end(e),
    kills: 0,
    async kill() {
      proc.kills++;
      end({ code: null, signal: 'SIGKILL', killed: true });
    },
  };
  return proc satisfies SandboxedProcess;
}

async function open(limits = { maxOutputBytes: 1000, maxMessageBytes: 100 }) {
  const proc = fakeProcess();
  const t = new CappedStdioTransport(proc, limits);
  const got: JSONRPCMessage[] = [];
  let closed = 0;
  t.onmessage = (m) => got.push(m);
  t.onclose = () => closed++;
  await t.start();
  const write = async (s: string | Buffer) => {
    proc.stdout.write(s);
    await new Promise((r) => setImmediate(r));
  };
  return { proc, t, got, write, closed: () => closed };
}

const ping = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

describe('CappedStdioTransport', () => {
  it('reads newline-delimited messages split across chunks, and skips lines that are not JSON-RPC', async () => {
    const { t, got, write } = await open();
    const line = ping(1);
    await write(line.slice(0, 10));
    await write(`${line.slice(10)}\nnot json at all\n{"jsonrpc":"2.0"}\n\r\n${ping(2)}\r\n`);
    expect(got.map((m) => 'id' in m && m.id)).toEqual([1, 2]);
    expect(t.skipped).toBe(2);
    expect(t.firstSkipped).toBe('not json at all');
    expect(t.failure).toBeUndefined();
  });

  it('writes each message as one line to the server', async () => {
    const { proc, t } = await open();
    let sent = '';
    proc.stdin.on('data', (d: Buffer) => (sent += d.toString()));
    await t.send({ jsonrpc: '2.0', id: 7, method: 'initialize', params: {} });
    expect(sent).toBe('{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}\n');
  });

  it('ends the session when one message outgrows the cap, before its newline arrives', async () => {
    const { proc, t, got, write, closed } = await open();
    for (let i = 0; i < 3; i++) await write('x'.repeat(40));
    expect(t.failure).toBeInstanceOf(LimitExceeded);
    expect(t.failure?.message).toBe('the server sent a message larger than 100 bytes (the cap)');
    expect(proc.kills).toBe(1);
    expect(closed()).toBe(1);
    await write(`\n${ping(1)}\n`);
    expect(got).toEqual([]);
  });

  it('counts skipped lines toward the output cap', async () => {
    const { t, write } = await open();
    for (let i = 0; i < 30; i++) await write('log line that is not json, forty bytes\n');
    expect(t.failure?.message).toBe('the server wrote more than 1000 bytes to stdout (the cap)');
    expect(t.skipped).toBeLessThan(30);
  });

  it('keeps only the last 8 stderr lines, each cut short', async () => {
    const { proc, t } = await open();
    for (let i = 1; i <= 20; i++) proc.stderr.write(`line ${i}\n`);
    proc.stderr.write(`${'y'.repeat(5000)}`);
    await new Promise((r) => setImmediate(r));
    expect(t.stderrTail).toHaveLength(8);
    expect(t.stderrTail[0]).toBe('line 14');
    expect(t.stderrTail[7]).toHaveLength(400);
  });

  it('records how a server ended on its own, closes once, and sends no more', async () => {
    const { proc, t, closed } = await open();
    proc.exit({ code: 3, signal: null, killed: false });
    proc.stdout.end();
    await new Promise((r) => setImmediate(r));
    expect(t.exit).toEqual({ code: 3, signal: null, killed: false });
    expect(closed()).toBe(1);
    await expect(t.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toThrow('no longer running');
  });
});
