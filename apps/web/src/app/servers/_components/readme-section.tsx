import type { ReadmeAnswer } from '@mcp-hub/domain';
import { formatDate } from '../../../lib/format';
import { webUrl } from '../_lib/types';
import { MarkdownView } from './markdown-view';

/** The README from the server's repository, rendered safely; or why there is none to show. */
export function ReadmeSection({ readme }: { readme?: ReadmeAnswer }) {
  const source = webUrl(readme?.source ?? undefined);
  return (
    <section aria-labelledby="readme" className="min-w-0" data-readme={readme?.status ?? 'unavailable'}>
      <h2 id="readme" className="text-xl font-semibold">
        README
      </h2>
      {readme?.status === 'ok' && readme.markdown !== undefined ? (
        <>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            From{' '}
            {source ? (
              <a href={source} rel="nofollow noopener" className="break-all text-blue-800 underline dark:text-blue-300">
                {source.replace(/^https:\/\//, '')}
              </a>
            ) : (
              'the repository'
            )}
            {readme.fetchedAt && <>, read {formatDate(readme.fetchedAt)}</>}
            {readme.reason && <>. {readme.reason}.</>}
          </p>
          <div className="mt-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700" data-readme-body>
            <MarkdownView
              markdown={readme.markdown}
              options={{ linkBase: readme.base?.links, imageBase: readme.base?.images, idPrefix: 'readme-' }}
            />
          </div>
        </>
      ) : (
        <p role="note" className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-readme-notice>
          {readme?.status === 'none'
            ? `No README to show. ${readme.reason ?? 'The repository has none'}.`
            : (readme?.reason ?? 'README not available: the Hub could not be asked for it')}
          {readme?.status === 'unavailable' && '. The page shows it once the Hub can read it.'}
        </p>
      )}
    </section>
  );
}
