import type { Metadata } from 'next';
import { TokenForm } from '../../../components/token-form';
import { TokenTable } from '../../../components/token-table';
import { hub, must } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import { createToken, revokeToken } from '../actions';
import { Section } from '../../../components/section';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const token = (await sessionToken())!;
  const client = hub(token);
  const [list, me] = await Promise.all([
    must(client.GET('/api/v1/tokens'), 'your tokens'),
    must(client.GET('/api/v1/whoami'), 'who you are'),
  ]);
  return (
    <div className="space-y-8">
      <Section id="new-token" title="API tokens" page>
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          Tokens for CI or a colleague: never wider than yours (<code className="font-mono">{me.namespace}</code>). The
          token is shown once; the Hub keeps only its hash.
        </p>
        <TokenForm
          action={createToken}
          idPrefix=""
          defaultNamespace={me.namespace}
          namespaceHelp="e.g. io.github.alice/* or io.github.alice/weather"
          descriptionLabel="Description"
          scopes={[{ value: 'publish', checked: true }, ...(me.scopes.includes('admin') ? [{ value: 'admin' }] : [])]}
          submitLabel="Create token"
          shownText="Your new token. Copy it now: it will not be shown again."
        />
      </Section>
      <Section id="token-list" title="Your tokens">
        <TokenTable
          tokens={list.tokens}
          revoke={revokeToken}
          confirm="Revoke this token? Anything using it stops working at once."
          rowAttribute="data-token-row"
          current={me.tokenId}
          usesBase="/dashboard/tokens"
        />
      </Section>
    </div>
  );
}
