'use client';
import { useActionState } from 'react';
import type { ActionState } from '../app/dashboard/actions';

/** A form bound to a server action, showing the action's error next to it. */
export function ActionForm({
  action,
  children,
  className,
  confirm,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: React.ReactNode;
  className?: string;
  confirm?: string;
}) {
  const [state, run, pending] = useActionState(action, {});
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
    </form>
  );
}
