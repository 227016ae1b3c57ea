import { TokenForm } from '../../../../../components/token-form';
import { TokenTable } from '../../../../../components/token-table';
import { createOrgToken, revokeOrgToken } from '../../actions';
import { type HubGet, type Result, Unavailable } from './part';
import { Section } from '../../../../../components/section';

/** An admin's view of the org's API tokens: minting one (shown once) and the list with revoke buttons. */
export function OrgTokens({
  org,
  tokens,
  defaultPattern,
}: {
  org: string;
  tokens: Result<HubGet<'/api/v1/orgs/{org}/tokens'>>;
  defaultPattern: string;
}) {
  return (
    <Section id="org-tokens" title="Org tokens">
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        For CI and services: <em>read</em> sees the org&apos;s private servers, <em>publish</em> writes inside its
        namespaces. The token is shown once; the Hub keeps only its hash.
      </p>
      <TokenForm
        action={createOrgToken}
        idPrefix="org-token-"
        hidden={{ org }}
        defaultNamespace={defaultPattern}
        namespaceHelp="Inside the org's namespaces, e.g. com.acme/* or com.acme/weather"
        descriptionLabel="Token description"
        scopes={[{ value: 'read', checked: true }, { value: 'publish' }, { value: 'admin' }]}
        submitLabel="Create org token"
        shownText="The new org token. Copy it now: it will not be shown again."
      />
      {tokens.error !== undefined ? (
        <Unavailable error={tokens.error} />
      ) : tokens.data.tokens.length === 0 ? (
        <p className="mt-4 text-sm">No org tokens yet.</p>
      ) : (
        <TokenTable
          tokens={tokens.data.tokens}
          revoke={revokeOrgToken}
          confirm="Revoke this org token? Anything using it stops working at once."
          rowAttribute="data-org-token-row"
          hidden={{ org }}
          usesBase={`/dashboard/orgs/${encodeURIComponent(org)}/tokens`}
        />
      )}
    </Section>
  );
}
