import type { CapabilitiesView } from '@mcp-hub/api-client';
import { parameterRows } from '../../../lib/json-schema';
import { annotationBadges } from '../_lib/inspection';
import { Badge } from './badge';
import { ParametersTable } from './parameters-table';
import { RawSchema } from './raw-schema';

type Tool = CapabilitiesView['tools'][number];

/**
 * Every tool with its whole description (what a model reads is what a person should be able to
 * read: instructions hidden in a description are the attack), its hints, and its arguments.
 */
export function ToolList({ tools }: { tools: Tool[] }) {
  if (tools.length === 0) return null;
  return (
    <div className="mt-6">
      <h3 id="capabilities-tools" className="text-lg font-semibold">
        Tools <span className="text-sm font-normal text-slate-600 dark:text-slate-400">({tools.length})</span>
      </h3>
      <ul className="mt-2 space-y-4" aria-labelledby="capabilities-tools">
        {tools.map((t, i) => (
          <ToolItem key={`${i} ${t.name}`} tool={t} />
        ))}
      </ul>
    </div>
  );
}

function ToolItem({ tool: t }: { tool: Tool }) {
  const title = t.title ?? (typeof t.annotations?.title === 'string' ? t.annotations.title : undefined);
  const badges = annotationBadges(t.annotations);
  return (
    <li className="rounded-lg border border-slate-200 p-4 dark:border-slate-700" data-tool={t.name}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <h4 className="font-semibold wrap-anywhere">{title ?? <code className="font-mono">{t.name}</code>}</h4>
        {title && <code className="font-mono text-sm text-slate-700 dark:text-slate-300">{t.name}</code>}
        {badges.length > 0 && (
          <span className="flex flex-wrap gap-1" data-annotations>
            <span className="sr-only">Hints the server gives: </span>
            {badges.map((b) => (
              <Badge key={b} tone={b === 'destructive' ? 'bad' : b === 'read-only' ? 'good' : 'neutral'}>
                {b}
              </Badge>
            ))}
          </span>
        )}
      </div>
      {t.description && (
        <p className="mt-1 text-sm break-words whitespace-pre-line text-slate-800 dark:text-slate-200">
          {t.description}
        </p>
      )}
      <ParametersTable rows={parameterRows(t.inputSchema)} label={`Arguments of ${t.name}`} />
      <RawSchema summary="Input schema (JSON)" schema={t.inputSchema} />
      {t.outputSchema && <RawSchema summary="Output schema (JSON)" schema={t.outputSchema} />}
    </li>
  );
}
