import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@mcp-hub/config';
import { DatabaseInUseError, openDatabase } from '@mcp-hub/db';
import { HubError, TOKEN_SCOPES, type TokenScope, createTokenSchema } from '@mcp-hub/domain';
import { Clock, parseInput } from '@mcp-hub/http';
import { TokenRepository, TokensService } from '@mcp-hub/registry';

const USAGE = `Usage: pnpm hub <command>

Commands:
  tokens create --namespace <pattern> --scopes <scope,...> [--description <text>] [--expires-in-days <n>]
      Mint an API token. The token is printed once; only its hash is stored.
      Scopes: ${TOKEN_SCOPES.join(', ')}. Pattern: "*" or e.g. 'io.github.alice/*'.
  tokens list       List tokens (never the tokens themselves).
  tokens revoke <id>

The database is the one the Hub uses: DATABASE_URL, or the embedded one under HUB_DATA_DIR.`;

export async function runCli(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group !== 'tokens' || !command || !['create', 'list', 'revoke'].includes(command)) {
    out(USAGE);
    return group === undefined || group === '--help' || group === 'help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      namespace: { type: 'string' },
      scopes: { type: 'string' },
      description: { type: 'string' },
      'expires-in-days': { type: 'string' },
      json: { type: 'boolean' },
    },
  });

  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const tokens = new TokensService(new TokenRepository(database.db), new Clock());
    if (command === 'create') {
      const input = parseInput(
        createTokenSchema,
        {
          namespace: values.namespace,
          scopes: values.scopes?.split(',').map((s) => s.trim()) as TokenScope[] | undefined,
          description: values.description,
          expiresInDays: values['expires-in-days'] === undefined ? undefined : Number(values['expires-in-days']),
        },
        'body',
      );
      const created = await tokens.create(input);
      if (values.json) out(JSON.stringify({ id: created.id, token: created.token, namespace: created.namespacePattern, scopes: created.scopes }));
      else {
        out(created.token);
        process.stderr.write(`Token ${created.id} for "${created.namespacePattern}" (${created.scopes.join(', ')}). Save it now: it will not be shown again.\n`);
      }
    } else if (command === 'list') {
      const list = await tokens.list();
      if (values.json) out(JSON.stringify(list));
      else
        for (const t of list) {
          const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date() ? 'expired' : 'active';
          out(`${t.id}  ${t.tokenPrefix}…  ${t.namespacePattern}  ${t.scopes.join(',')}  ${state}  ${t.description ?? ''}`.trimEnd());
        }
    } else {
      const id = positionals[0];
      if (!id) throw new HubError('bad_request', 'Give the id of the token to revoke: pnpm hub tokens revoke <id>');
      await tokens.revoke(id);
      out(`Revoked ${id}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** Runs the CLI as a process: exit 0 on success, 2 on a usage or domain error, 1 on anything else. */
export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const known = err instanceof HubError || err instanceof ConfigError || err instanceof DatabaseInUseError;
      const message =
        err instanceof HubError && err.errors.length > 0
          ? err.errors.map((e) => `${e.location.replace(/^body\./, '--')}: ${e.message}`).join('\n')
          : err instanceof Error
            ? err.message
            : String(err);
      process.stderr.write(`hub: ${known ? message : `unexpected error: ${message}`}\n`);
      process.exit(known ? 2 : 1);
    },
  );
}

if (require.main === module) main();
