import type { ReactNode } from 'react';
import { ActionForm, type FormState } from './action-form';
import { HiddenFields } from './hidden-fields';

/** A form that is one button: it posts `values` to `action` (after `confirm`, when given). */
export function ButtonForm({
  action,
  values,
  confirm,
  className,
  buttonClassName,
  children,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  values: Record<string, string>;
  confirm?: string;
  className?: string;
  buttonClassName: string;
  children: ReactNode;
}) {
  return (
    <ActionForm action={action} confirm={confirm} className={className}>
      <HiddenFields values={values} />
      <button type="submit" className={buttonClassName}>
        {children}
      </button>
    </ActionForm>
  );
}
