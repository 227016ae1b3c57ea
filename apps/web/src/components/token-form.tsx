'use client';
import { useActionState } from 'react';
import { type FormState, ProblemList } from './action-form';
import { CopyButton } from './copy-button';
import { HiddenFields } from './hidden-fields';
import { inputClass as input, primaryButtonClass } from './styles';

/**
 * Mints an API token (personal or an org's) through `action` and shows it once, with a copy
 * button. Field problems from the Hub are listed under the form.
 */
export function TokenForm({
  action,
  idPrefix,
  defaultNamespace,
  namespaceHelp,
  descriptionLabel,
  scopes,
  submitLabel,
  shownText,
  hidden = {},
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  /** Makes the fields' ids unique on the page. */
  idPrefix: string;
  defaultNamespace: string;
  namespaceHelp: string;
  descriptionLabel: string;
  scopes: { value: string; checked?: boolean }[];
  submitLabel: string;
  shownText: string;
  hidden?: Record<string, string>;
}) {
  const [state, run, pending] = useActionState<FormState, FormData>(action, {});
  const id = (field: string) => `${idPrefix}${field}`;
  return (
    <div className="mt-4">
      <form action={run} className="grid gap-3 sm:grid-cols-2">
        <HiddenFields values={hidden} />
        <div>
          <label htmlFor={id('namespace')} className="block text-sm font-medium">
            Namespace pattern
          </label>
          <input
            id={id('namespace')}
            name="namespace"
            defaultValue={defaultNamespace}
            required
            className={`${input} font-mono`}
            aria-describedby={id('namespace-help')}
          />
          <p id={id('namespace-help')} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {namespaceHelp}
          </p>
        </div>
        <div>
          <label htmlFor={id('description')} className="block text-sm font-medium">
            {descriptionLabel}
          </label>
          <input
            id={id('description')}
            name="description"
            maxLength={200}
            placeholder="what uses it, e.g. CI"
            className={input}
          />
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Scopes</legend>
          {scopes.map((s) => (
            <label key={s.value} className="mr-4 inline-flex items-center gap-1">
              <input type="checkbox" name="scopes" value={s.value} defaultChecked={s.checked} /> {s.value}
            </label>
          ))}
        </fieldset>
        <div>
          <label htmlFor={id('expiresInDays')} className="block text-sm font-medium">
            Expires after (days)
          </label>
          <input
            id={id('expiresInDays')}
            name="expiresInDays"
            type="number"
            min={1}
            max={3650}
            placeholder="never"
            className={input}
          />
        </div>
        <div className="sm:col-span-2">
          <button type="submit" disabled={pending} className={primaryButtonClass}>
            {pending ? 'Creating…' : submitLabel}
          </button>
        </div>
      </form>
      {state.error && (
        <div role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
          {state.error}
          <ProblemList problems={state.problems} className="list-disc pl-5" />
        </div>
      )}
      {state.token && (
        <div
          role="status"
          className="mt-4 rounded border border-emerald-400 bg-emerald-50 p-4 dark:border-emerald-700 dark:bg-emerald-950"
          data-new-token
        >
          <p className="font-semibold">{shownText}</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-sm dark:bg-slate-900"
              data-token-value
            >
              {state.token}
            </code>
            <CopyButton text={state.token} label="Copy token" />
          </div>
        </div>
      )}
    </div>
  );
}
