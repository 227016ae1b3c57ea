/** The dashboard's form controls, one look everywhere. */
export const inputClass =
  'w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900';
/** A control inside a table row or a one-line form. */
export const smallInputClass =
  'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900';
export const buttonClass = 'rounded border border-slate-400 px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800';
/** The submit button of a form of its own (create, add, send). */
export const primaryButtonClass =
  'rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60';
export const mutedClass = 'text-xs text-slate-600 dark:text-slate-400';
