/**
 * Every failure a user can cause or fix ends as one CliError: a one-line message saying what was
 * wrong, a hint saying what to do, and an exit code. main() prints it and nothing else.
 */
export type ErrorCode =
  | 'usage'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'network'
  | 'auth'
  | 'host_file'
  | 'vault'
  | 'vault_key'
  | 'server_failed'
  | 'offline_miss'
  | 'integrity';

const EXIT: Record<ErrorCode, number> = {
  usage: 2,
  not_found: 3,
  conflict: 4,
  invalid: 5,
  network: 6,
  auth: 7,
  host_file: 8,
  vault: 9,
  vault_key: 9,
  server_failed: 10,
  offline_miss: 6,
  integrity: 11,
};

export class CliError extends Error {
  readonly exitCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = EXIT[code];
  }
}

export const usage = (message: string, hint?: string) => new CliError('usage', message, hint);
