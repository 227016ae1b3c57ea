import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '@mcp-hub/config';

export interface RunningWeb {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/** apps/web, next to this app in the workspace (apps/hub/dist → apps/web). */
export const WEB_DIR = path.resolve(__dirname, '../../web');
/** mcpm packed by its build (apps/mcpm/pack), which the site serves at /downloads/mcpm.tgz. */
export const MCPM_TARBALL = path.resolve(__dirname, '../../mcpm/pack/mcpm.tgz');
/** Preloaded into the site: it exits when this process is gone (its stdin, our pipe, ends). */
const PARENT_WATCH = path.resolve(__dirname, '../parent-watch.cjs');

/**
 * Starts the web site (apps/web/server.cjs: Next's handler on the production build, as `pnpm
 * start` runs it) as a child process talking to this Hub over HTTP, as it would from another
 * machine. A child, not in-process: server rendering must
 * not stall the API's event loop. Resolves once the site answers.
 */
export async function startWeb(
  web: NonNullable<HubConfig['web']>,
  hubUrl: string,
  host: string,
  log: (msg: string) => void,
  webDir = WEB_DIR,
): Promise<RunningWeb> {
  if (!existsSync(path.join(webDir, '.next', 'BUILD_ID'))) {
    throw new Error(
      `The web site is not built (no ${path.join(webDir, '.next')}). Run "pnpm build", or set HUB_WEB=off to run the API alone.`,
    );
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    HUB_URL: hubUrl,
    PORT: String(web.port),
  };
  if (web.publicUrl) env.WEB_PUBLIC_URL = web.publicUrl;
  if (!env.MCPM_TARBALL && existsSync(MCPM_TARBALL)) env.MCPM_TARBALL = MCPM_TARBALL;
  if (web.sessionSecret) env.WEB_SESSION_SECRET = web.sessionSecret;
  const child = spawn(
    process.execPath,
    ['--require', PARENT_WATCH, path.join(webDir, 'server.cjs'), '--port', String(web.port), '--hostname', host],
    {
      cwd: webDir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin!.on('error', () => undefined);
  const url = `http://127.0.0.1:${web.port}`;
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 150))]);
    if (early !== 'wait') throw new Error(`The web site exited (code ${early}) before answering:\n${output}`);
    try {
      const res = await fetch(`${url}/robots.txt`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The web site did not answer at ${url} within 60 s:\n${output}`);
    }
  }
  log(`web site on ${url} (WEB_PORT), talking to the Hub at ${hubUrl}`);
  return {
    url,
    child,
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
