import { HubError } from './errors';
import { namespaceOf } from './names';

/**
 * Who a server name belongs to on this Hub, when it is both published here and mirrored from the
 * upstream registry. One rule for both writers (docs/ARCHITECTURE.md, "Mirror"):
 *
 * - whoever holds the name (`source`) keeps writing it;
 * - the other side takes it over only if the rule gives it the name: a namespace verified on this
 *   Hub belongs to its local publishers (a local publish in a verified namespace wins), an
 *   unverified one to upstream (the upstream registry publishes it, so it is upstream's here).
 */
export type NameSource = 'local' | 'upstream';

/** What the rule needs: who holds the name now, and whether its namespace is verified here. */
export interface NameFacts {
  source: NameSource;
  namespaceVerified: boolean;
}

/** write: the writer holds the name; take-over: it wins the name from the other side; refuse: the name is the other side's. */
export type NameWrite = 'write' | 'take-over' | 'refuse';

/** The side a name belongs to when both want it. */
export function nameOwner(facts: Pick<NameFacts, 'namespaceVerified'>): NameSource {
  return facts.namespaceVerified ? 'local' : 'upstream';
}

/** What happens when `writer` (a local publish, or the mirror) writes a name with these facts. */
export function nameWrite(writer: NameSource, facts: NameFacts): NameWrite {
  if (facts.source === writer) return 'write';
  return nameOwner(facts) === writer ? 'take-over' : 'refuse';
}

/** The refusal of a local publish of a name upstream holds. */
export function nameOwnedUpstream(name: string): HubError {
  return new HubError(
    'name_owned_upstream',
    `${name} is mirrored from the upstream registry, so the name belongs to upstream here. Publish it there, ` +
      `or verify the namespace ${namespaceOf(name)} on this Hub to publish it locally (a local publish in a verified namespace wins).`,
  );
}
