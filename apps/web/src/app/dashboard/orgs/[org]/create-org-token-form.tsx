'use client';
import { useActionState } from 'react';
import { CopyButton } from '../../../../components/copy-button';
import type { FormState } from '../../../../components/action-form';
import { createOrgToken } from '../actions';

const input = 'w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900';

export function CreateOrgTokenForm({ org, defaultNamespace }: { org: string; defaultNamespace: string }) {
  const [state, run, pending] = useActionState<FormState, FormData>(createOrgToken, {});
  return (
    <div className="mt-3">
      <form action={run} className="grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="org" value={org} />
        <div>
          <label htmlFor="org-token-namespace" className="block text-sm font-medium">
            Namespace pattern
          </label>
          <input
            id="org-token-namespace"
            name="namespace"
            defaultValue={defaultNamespace}
            required
            className={`${input} font-mono`}
            aria-describedby="org-token-namespace-help"
          />
          <p id="org-token-namespace-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Inside the org&apos;s namespaces, e.g. com.acme/* or com.acme/weather
          </p>
        </div>
        <div>
          <label htmlFor="org-token-description" className="block text-sm font-medium">
            Token description
          </label>
          <input id="org-token-description" name="description" maxLength={200} placeholder="what uses it, e.g. CI" className={input} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Scopes</legend>
          <label className="mr-4 inline-flex items-center gap-1">
            <input type="checkbox" name="scopes" value="read" defaultChecked /> read
          </label>
          <label className="mr-4 inline-flex items-center gap-1">
            <input type="checkbox" name="scopes" value="publish" /> publish
          </label>
          <label className="inline-flex items-center gap-1">
            <input type="checkbox" name="scopes" value="admin" /> admin
          </label>
        </fieldset>
        <div>
          <label htmlFor="org-token-days" className="block text-sm font-medium">
            Expires after (days)
          </label>
          <input id="org-token-days" name="expiresInDays" type="number" min={1} max={3650} placeholder="never" className={input} />
        </div>
        <div className="sm:col-span-2">
          <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60">
            {pending ? 'Creating…' : 'Create org token'}
          </button>
        </div>
      </form>
      {state.error && (
        <div role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
          {state.error}
          {state.problems && state.problems.length > 0 && (
            <ul className="list-disc pl-5">
              {state.problems.map((p) => (
                <li key={p.location + p.message}>
                  <code>{p.location.replace(/^body\./, '')}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.token && (
        <div role="status" className="mt-4 rounded border border-emerald-400 bg-emerald-50 p-4 dark:border-emerald-700 dark:bg-emerald-950" data-new-token>
          <p className="font-semibold">The new org token. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-sm dark:bg-slate-900" data-token-value>
              {state.token}
            </code>
            <CopyButton text={state.token} label="Copy token" />
          </div>
        </div>
      )}
    </div>
  );
}
