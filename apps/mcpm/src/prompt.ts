import readline from 'node:readline';

/**
 * Asks one question on the terminal. With `secret`, typed characters are not echoed (the
 * answer never reaches the screen or the scrollback).
 */
export function ask(question: string, opts: { secret?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const output = process.stderr;
    const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
    if (opts.secret) {
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
      let prompted = false;
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (!prompted) {
          prompted = true;
          write(s);
        }
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (opts.secret) output.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(Object.assign(new Error('cancelled'), { cancelled: true }));
    });
  });
}

/** Reads all of stdin (for `mcpm login` with a piped token). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
