import Link from 'next/link';
import { formatDate } from '../lib/format';
import { ActionForm } from './action-form';
import { DataTable, rowClass } from './data-table';
import { HiddenFields } from './hidden-fields';

interface TokenRow {
  id: string;
  tokenPrefix: string;
  namespace: string;
  scopes: string[];
  description?: string | null;
  createdAt: string;
  lastUsedAt?: string | null;
  expiresAt?: string | null;
  revokedAt?: string | null;
}

/**
 * API tokens as the dashboard lists them (personal or an org's): never the token, only its prefix.
 * Active ones get a Revoke button posting `id` (and `hidden`) to `revoke`; `current` (the token
 * this session signed in with) is marked instead, since revoking it would end the session.
 */
export function TokenTable({
  tokens,
  revoke,
  confirm,
  rowAttribute,
  hidden = {},
  current,
  usesBase,
}: {
  tokens: TokenRow[];
  revoke: Parameters<typeof ActionForm>[0]['action'];
  confirm: string;
  /** The data attribute each row carries, valued by the token's description (or id). */
  rowAttribute: 'data-token-row' | 'data-org-token-row';
  hidden?: Record<string, string>;
  current?: string;
  /** Where each token's uses page lives: `${usesBase}/${id}`. */
  usesBase: string;
}) {
  return (
    <DataTable className="mt-3" columns={['Token', 'Namespace', 'Scopes', 'Created', 'Last used', 'Status']}>
      {tokens.map((t) => (
        <tr key={t.id} className={rowClass()} {...{ [rowAttribute]: t.description ?? t.id }}>
          <td className="py-2 pr-3">
            <code className="font-mono">{t.tokenPrefix}…</code>
            {t.description && <div className="text-xs text-slate-600 dark:text-slate-400">{t.description}</div>}
            {t.id === current && (
              <div className="text-xs text-slate-600 dark:text-slate-400">signed in with this one</div>
            )}
          </td>
          <td className="py-2 pr-3 font-mono">{t.namespace}</td>
          <td className="py-2 pr-3">{t.scopes.join(', ')}</td>
          <td className="py-2 pr-3">{formatDate(t.createdAt)}</td>
          <td className="py-2 pr-3">
            {formatDate(t.lastUsedAt) || 'never'}{' '}
            <Link
              href={`${usesBase}/${t.id}`}
              className="text-blue-800 underline dark:text-blue-300"
              aria-label={`Uses of ${t.tokenPrefix}…`}
            >
              uses
            </Link>
          </td>
          <td className="py-2">
            {t.revokedAt ? (
              <span data-token-status>revoked {formatDate(t.revokedAt)}</span>
            ) : t.expiresAt && new Date(t.expiresAt) < new Date() ? (
              <span data-token-status>expired</span>
            ) : t.id === current ? (
              <span data-token-status>active</span>
            ) : (
              <ActionForm action={revoke} confirm={confirm}>
                <HiddenFields values={{ ...hidden, id: t.id }} />
                <span data-token-status className="mr-2">
                  active
                </span>
                <button
                  type="submit"
                  className="rounded border border-red-600 px-2 py-0.5 text-red-800 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
                >
                  Revoke
                </button>
              </ActionForm>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
