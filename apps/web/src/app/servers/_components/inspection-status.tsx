import type { CapabilitiesView } from '@mcp-hub/api-client';
import { type InspectionSummary, handshakeLine, inspectionSummary } from '../_lib/inspection';

const TONES: Record<InspectionSummary['tone'], string> = {
  inspected:
    'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100',
  declared: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  pending: 'border-dashed border-slate-300 text-slate-800 dark:border-slate-600 dark:text-slate-200',
  problem: 'border-red-300 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
};

/** How what the tab shows is known: inspected by the Hub (when, over what), declared by the publisher, or why nothing. */
export function InspectionStatus({ caps }: { caps: CapabilitiesView }) {
  const s = inspectionSummary(caps);
  const handshake = s.tone === 'inspected' ? handshakeLine(caps) : undefined;
  return (
    <div className={`mt-3 rounded border p-3 text-sm ${TONES[s.tone]}`} data-inspection={s.tone}>
      <p className="font-semibold" data-inspection-headline>
        {s.headline}
      </p>
      {s.detail && <p className="mt-1 break-words">{s.detail}</p>}
      {handshake && <p className="mt-1">{handshake}</p>}
      {caps.notes?.length ? (
        <ul className="mt-1 list-disc pl-5">
          {caps.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
