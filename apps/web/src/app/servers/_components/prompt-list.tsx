import type { CapabilitiesView } from '@mcp-hub/api-client';
import { ParametersTable } from './parameters-table';

/** The prompts a server offers, each with the arguments it takes. */
export function PromptList({ prompts }: { prompts: CapabilitiesView['prompts'] }) {
  if (prompts.length === 0) return null;
  return (
    <div className="mt-6">
      <h3 id="capabilities-prompts" className="text-lg font-semibold">
        Prompts <span className="text-sm font-normal text-slate-600 dark:text-slate-400">({prompts.length})</span>
      </h3>
      <ul className="mt-2 space-y-4" aria-labelledby="capabilities-prompts">
        {prompts.map((p, i) => (
          <li
            key={`${i} ${p.name}`}
            className="rounded-lg border border-slate-200 p-4 dark:border-slate-700"
            data-prompt={p.name}
          >
            <div className="flex flex-wrap items-baseline gap-x-2">
              <h4 className="font-semibold wrap-anywhere">{p.title ?? <code className="font-mono">{p.name}</code>}</h4>
              {p.title && <code className="font-mono text-sm">{p.name}</code>}
            </div>
            {p.description && <p className="mt-1 text-sm break-words whitespace-pre-line">{p.description}</p>}
            <ParametersTable
              types={false}
              label={`Arguments of ${p.name}`}
              rows={(p.arguments ?? []).map((a) => ({
                name: a.name,
                type: '',
                required: a.required === true,
                ...(a.description ? { description: a.description } : {}),
              }))}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
