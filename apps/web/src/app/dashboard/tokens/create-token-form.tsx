'use client';
import { useActionState } from 'react';
import { CopyButton } from '../../../components/copy-button';
import { createToken } from '../actions';

const input = 'w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900';

export function CreateTokenForm({ defaultNamespace, isAdmin }: { defaultNamespace: string; isAdmin: boolean }) {
  const [state, run, pending] = useActionState(createToken, {});
  return (
    <div className="mt-4">
      <form action={run} className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="namespace" className="block text-sm font-medium">
            Namespace pattern
          </label>
          <input id="namespace" name="namespace" defaultValue={defaultNamespace} required className={`${input} font-mono`} aria-describedby="namespace-help" />
          <p id="namespace-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            e.g. io.github.alice/* or io.github.alice/weather
          </p>
        </div>
        <div>
          <label htmlFor="description" className="block text-sm font-medium">
            Description
          </label>
          <input id="description" name="description" maxLength={200} placeholder="what uses it, e.g. CI" className={input} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Scopes</legend>
          <label className="mr-4 inline-flex items-center gap-1">
            <input type="checkbox" name="scopes" value="publish" defaultChecked /> publish
          </label>
          {isAdmin && (
            <label className="inline-flex items-center gap-1">
              <input type="checkbox" name="scopes" value="admin" /> admin
            </label>
          )}
        </fieldset>
        <div>
          <label htmlFor="expiresInDays" className="block text-sm font-medium">
            Expires after (days)
          </label>
          <input id="expiresInDays" name="expiresInDays" type="number" min={1} max={3650} placeholder="never" className={input} />
        </div>
        <div className="sm:col-span-2">
          <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60">
            {pending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
      {state.error && (
        <div role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
          {state.error}
          {state.problems && (
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
          <p className="font-semibold">Your new token. Copy it now: it will not be shown again.</p>
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
