import type { Metadata } from 'next';
import { PublishForm } from './publish-form';
import { Section } from '../../../components/section';

export const metadata: Metadata = { title: 'Publish a server' };

export default function PublishPage() {
  return (
    <Section id="publish" title="Publish a server" page>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        Paste or upload a <code className="font-mono">server.json</code>. It is checked as you type against the schema
        its <code className="font-mono">$schema</code> names and the Hub&apos;s rules.
      </p>
      <PublishForm />
    </Section>
  );
}
