'use client';
import { useActionState } from 'react';
import type { ActionState } from '../app/dashboard/actions';

/** What an action may answer besides ActionState: a sentence saying what it did. */
export type FormState = ActionState & { done?: string };

/** The fields the Hub's problem names (`body.` left off), as a list; nothing when it names none. */
export function ProblemList({ problems, className }: { problems: FormState['problems']; className: string }) {
  if (!problems || problems.length === 0) return null;
  return (
    <ul className={className}>
      {problems.map((p) => (
        <li key={p.location + p.message}>
          <code>{p.location.replace(/^body\./, '')}</code>: {p.message}
        </li>
      ))}
    </ul>
  );
}

/** A form bound to a server action, showing the action's error (and the fields it names) next to it. */
export function ActionForm({
  action,
  children,
  className,
  confirm,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  children: React.ReactNode;
  className?: string;
  confirm?: string;
}) {
  const [state, run, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form
      action={run}
      className={className}
      aria-busy={pending}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {children}
      {state.error && (
        <p role="alert" className="mt-1 text-sm text-red-800 dark:text-red-300">
          {state.error}
        </p>
      )}
      {state.error && (
        <ProblemList problems={state.problems} className="mt-1 list-disc pl-5 text-sm text-red-800 dark:text-red-300" />
      )}
      {state.ok && state.done && (
        <p role="status" className="mt-1 text-sm text-emerald-800 dark:text-emerald-300">
          {state.done}
        </p>
      )}
    </form>
  );
}
