/** A parsed mcpm command line (see `parse` in main.ts); what every command's `run` receives. */
export interface Args {
  command: string;
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
  /** Everything after `--` (mcpm run). */
  rest: string[];
}
