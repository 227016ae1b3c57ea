/** A JSON Schema as the server gave it, folded away: the table above is read from it, this is all of it. */
export function RawSchema({ summary, schema }: { summary: string; schema: unknown }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-blue-800 underline dark:text-blue-300">{summary}</summary>
      <pre className="mt-1 rounded bg-slate-50 p-2 font-mono text-xs wrap-anywhere whitespace-pre-wrap dark:bg-slate-900">
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}
