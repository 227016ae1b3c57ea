/** The Hub's limit on search terms: its `q` is at most 200 characters. */
export const QUERY_MAX = 200;

/**
 * The search terms to send from what the visitor asked: trimmed and cut to QUERY_MAX (the search
 * box stops at that length; a long query still arrives from a pasted or hand-made URL), with
 * whether it was cut so the page can say so instead of showing the Hub's refusal.
 */
export function searchTerms(raw: string | undefined): { q: string; cut: boolean } {
  const q = raw?.trim() ?? '';
  return q.length > QUERY_MAX ? { q: q.slice(0, QUERY_MAX).trim(), cut: true } : { q, cut: false };
}
