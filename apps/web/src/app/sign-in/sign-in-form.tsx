'use client';
import { useActionState } from 'react';
import { signIn } from '../dashboard/actions';

export function SignInForm() {
  const [state, run, pending] = useActionState(signIn, {});
  return (
    <form action={run} className="mt-6 space-y-3">
      <label htmlFor="token" className="block text-sm font-medium">
        API token
      </label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="off"
        required
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? 'token-error' : undefined}
        className="w-full rounded border border-slate-300 bg-white px-3 py-2 font-mono dark:border-slate-600 dark:bg-slate-900"
      />
      {state.error && (
        <p id="token-error" role="alert" className="text-sm text-red-800 dark:text-red-300">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60"
      >
        {pending ? 'Checking…' : 'Sign in'}
      </button>
    </form>
  );
}
