'use client';
import Link from 'next/link';
import { useActionState, useDeferredValue, useMemo, useRef, useState } from 'react';
import { serverHref } from '../../../lib/format';
import { validateServerJsonText } from '../../../lib/validate';
import { publish } from '../actions';

const EXAMPLE = `{
  "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  "name": "io.github.you/your-server",
  "description": "What it lets an assistant do, in one sentence",
  "version": "1.0.0",
  "packages": [
    {
      "registryType": "npm",
      "identifier": "your-server",
      "version": "1.0.0",
      "transport": { "type": "stdio" }
    }
  ]
}
`;

export function PublishForm() {
  const [text, setText] = useState('');
  const deferred = useDeferredValue(text);
  const verdict = useMemo(() => (deferred.trim() ? validateServerJsonText(deferred) : undefined), [deferred]);
  const [state, run, pending] = useActionState(publish, {});
  const area = useRef<HTMLTextAreaElement>(null);
  const problems = verdict && !verdict.ok ? verdict.problems : [];

  const goTo = (line: number, column: number) => {
    const el = area.current;
    if (!el) return;
    const lines = el.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    el.focus();
    el.setSelectionRange(offset, offset);
  };

  return (
    <form action={run} className="mt-4 space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="inline-flex items-center gap-2">
          <span>Upload a file:</span>
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Upload server.json"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setText(await f.text());
            }}
          />
        </label>
        <button type="button" className="text-blue-800 underline dark:text-blue-300" onClick={() => setText(EXAMPLE)}>
          Start from an example
        </button>
      </div>
      <label htmlFor="server-json" className="block text-sm font-medium">
        server.json
      </label>
      <textarea
        id="server-json"
        ref={area}
        name="serverJson"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={18}
        spellCheck={false}
        aria-invalid={problems.length > 0 ? true : undefined}
        aria-describedby="validation"
        className="w-full rounded border border-slate-300 bg-white p-3 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      <div id="validation" aria-live="polite" data-validation={verdict ? (verdict.ok ? 'valid' : 'invalid') : 'empty'}>
        {verdict?.ok && (
          <p className="text-sm text-emerald-800 dark:text-emerald-300">
            Valid server.json (schema {verdict.schemaDate}).
          </p>
        )}
        {problems.length > 0 && (
          <ul className="space-y-1 text-sm text-red-800 dark:text-red-300" aria-label="Problems">
            {problems.map((p, i) => (
              <li key={i} data-problem={p.location}>
                <button type="button" className="underline" onClick={() => goTo(p.line, p.column)}>
                  Line {p.line}
                </button>
                {p.location && (
                  <>
                    {' '}
                    <code className="font-mono">{p.location.replace(/^body\.?/, '') || '(document)'}</code>
                  </>
                )}
                : {p.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button
        type="submit"
        disabled={pending || !verdict?.ok}
        className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-50"
      >
        {pending ? 'Publishing…' : 'Publish'}
      </button>
      {state.error && (
        <div role="alert" className="text-sm text-red-800 dark:text-red-300">
          {state.error}
          {state.problems && (
            <ul className="list-disc pl-5">
              {state.problems.map((p) => (
                <li key={p.location + p.message}>
                  <code>{p.location}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.published && (
        <p
          role="status"
          className="rounded border border-emerald-400 bg-emerald-50 p-3 dark:border-emerald-700 dark:bg-emerald-950"
          data-published
        >
          Published{' '}
          <Link href={serverHref(state.published.name)} className="font-mono underline">
            {state.published.name}@{state.published.version}
          </Link>
          .
        </p>
      )}
    </form>
  );
}
