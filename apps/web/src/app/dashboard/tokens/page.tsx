import { ActionForm } from '../../../components/action-form';
import { formatDate } from '../../../lib/format';
import { hub, must } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import { revokeToken } from '../actions';
import { CreateTokenForm } from './create-token-form';

export default async function TokensPage() {
  const token = (await sessionToken())!;
  const client = hub(token);
  const [list, me] = await Promise.all([must(client.GET('/api/v1/tokens'), 'your tokens'), must(client.GET('/api/v1/whoami'), 'who you are')]);
  return (
    <div className="space-y-8">
      <section aria-labelledby="new-token">
        <h1 id="new-token" className="text-2xl font-bold">
          API tokens
        </h1>
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          Tokens for CI or a colleague: never wider than yours (<code className="font-mono">{me.namespace}</code>). The token is shown once; the Hub keeps only its hash.
        </p>
        <CreateTokenForm defaultNamespace={me.namespace} isAdmin={me.scopes.includes('admin')} />
      </section>
      <section aria-labelledby="token-list">
        <h2 id="token-list" className="text-xl font-semibold">
          Your tokens
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-slate-700 dark:text-slate-300">
            <tr>
              <th className="py-1 pr-3">Token</th>
              <th className="py-1 pr-3">Namespace</th>
              <th className="py-1 pr-3">Scopes</th>
              <th className="py-1 pr-3">Created</th>
              <th className="py-1 pr-3">Last used</th>
              <th className="py-1">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-200 dark:border-slate-700" data-token-row={t.description ?? t.id}>
                <td className="py-2 pr-3">
                  <code className="font-mono">{t.tokenPrefix}…</code>
                  {t.description && <div className="text-xs text-slate-600 dark:text-slate-400">{t.description}</div>}
                  {t.id === me.tokenId && <div className="text-xs text-slate-600 dark:text-slate-400">signed in with this one</div>}
                </td>
                <td className="py-2 pr-3 font-mono">{t.namespace}</td>
                <td className="py-2 pr-3">{t.scopes.join(', ')}</td>
                <td className="py-2 pr-3">{formatDate(t.createdAt)}</td>
                <td className="py-2 pr-3">{formatDate(t.lastUsedAt) || 'never'}</td>
                <td className="py-2">
                  {t.revokedAt ? (
                    <span data-token-status>revoked {formatDate(t.revokedAt)}</span>
                  ) : t.expiresAt && new Date(t.expiresAt) < new Date() ? (
                    <span data-token-status>expired</span>
                  ) : t.id === me.tokenId ? (
                    <span data-token-status>active</span>
                  ) : (
                    <ActionForm action={revokeToken} confirm="Revoke this token? Anything using it stops working at once.">
                      <input type="hidden" name="id" value={t.id} />
                      <span data-token-status className="mr-2">active</span>
                      <button type="submit" className="rounded border border-red-600 px-2 py-0.5 text-red-800 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950">
                        Revoke
                      </button>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
