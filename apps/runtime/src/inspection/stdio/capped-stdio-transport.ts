import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { InspectionLimits } from '@mcp-hub/domain';
import type { Exit, SandboxedProcess } from '../sandbox/sandbox';
import { LimitExceeded } from '../session';

const STDERR_LINES = 8;
const STDERR_LINE_CHARS = 400;
const NL = 0x0a;

/**
 * The MCP stdio transport (newline-delimited JSON-RPC) over a sandboxed server, with the caps the
 * SDK's own lacks: total stdout bytes and one message's bytes, counted as they arrive, so a server
 * can make the Hub buffer at most one message. Lines that are not JSON-RPC are skipped (servers
 * that log to stdout still work) but count toward the byte cap. Crossing a cap ends the session:
 * `failure` says why, and the server is killed.
 */
export class CappedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  /** The cap that ended the session, if one did. */
  failure?: LimitExceeded;
  /** How the server ended on its own, once it has (before any kill). */
  exit?: Exit;
  /** JSON-RPC messages received, and lines skipped as not being any. */
  received = 0;
  skipped = 0;
  firstSkipped?: string;
  /** Whether the server answered `initialize` with a result (a failure after it is not a start-up failure). */
  initialized = false;
  private initializeId?: string | number;

  private total = 0;
  private parts: Buffer[] = [];
  private pending = 0;
  private tail: string[] = [];
  private partialErr = '';
  private closed = false;

  constructor(
    private readonly proc: SandboxedProcess,
    private readonly limits: Pick<InspectionLimits, 'maxOutputBytes' | 'maxMessageBytes'>,
  ) {}

  /** The server's last stderr lines (bounded), for a failure's reason. */
  get stderrTail(): string[] {
    return this.partialErr ? [...this.tail, this.partialErr].slice(-STDERR_LINES) : [...this.tail];
  }

  async start(): Promise<void> {
    this.proc.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    this.proc.stdout.on('close', () => void this.close());
    this.proc.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    void this.proc.exited.then((exit) => {
      if (!exit.killed) this.exit = exit;
      // stdout normally closes with the process; a descendant holding it open must not keep the session.
      void this.close();
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('the server is no longer running');
    if ('method' in message && message.method === 'initialize' && 'id' in message) this.initializeId = message.id;
    await new Promise<void>((resolve, reject) =>
      this.proc.stdin.write(`${JSON.stringify(message)}\n`, (e) => (e ? reject(e) : resolve())),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.parts = [];
    this.proc.stdout.removeAllListeners('data');
    this.proc.stdout.resume();
    this.proc.stdin.end();
    this.onclose?.();
  }

  private onStdout(chunk: Buffer): void {
    if (this.closed) return;
    this.total += chunk.length;
    if (this.total > this.limits.maxOutputBytes) {
      return this.fail(`the server wrote more than ${mib(this.limits.maxOutputBytes)} to stdout (the cap)`);
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      this.pending += piece.length;
      if (this.pending > this.limits.maxMessageBytes) {
        return this.fail(`the server sent a message larger than ${mib(this.limits.maxMessageBytes)} (the cap)`);
      }
      if (nl < 0) {
        if (piece.length > 0) this.parts.push(piece);
        return;
      }
      const line = (this.parts.length ? Buffer.concat([...this.parts, piece]) : piece).toString('utf8');
      this.parts = [];
      this.pending = 0;
      start = nl + 1;
      this.onLine(line.replace(/\r$/, ''));
      if (this.closed) return;
    }
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    let parsed: ReturnType<typeof JSONRPCMessageSchema.safeParse> | undefined;
    try {
      parsed = JSONRPCMessageSchema.safeParse(JSON.parse(line));
    } catch {}
    if (!parsed?.success) {
      this.skipped++;
      this.firstSkipped ??= line.slice(0, 200);
      return;
    }
    this.received++;
    const m = parsed.data;
    if ('result' in m && m.id === this.initializeId) this.initialized = true;
    this.onmessage?.(m);
  }

  private onStderr(chunk: Buffer): void {
    const lines = (this.partialErr + chunk.toString('utf8')).split('\n');
    this.partialErr = lines.pop()!.slice(0, STDERR_LINE_CHARS);
    for (const l of lines) if (l.trim()) this.tail.push(l.slice(0, STDERR_LINE_CHARS));
    if (this.tail.length > STDERR_LINES) this.tail.splice(0, this.tail.length - STDERR_LINES);
  }

  private fail(message: string): void {
    this.failure = new LimitExceeded(message);
    this.onerror?.(this.failure);
    void this.proc.kill();
    void this.close();
  }
}

const mib = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`);
