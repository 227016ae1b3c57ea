import { formatDate } from '../../../lib/format';
import { webUrl } from '../_lib/types';

/**
 * What people look for before installing: license, where the code is, when it was first
 * published and last changed, how often it was installed. A fact the Hub does not know is left out.
 */
export function ServerFacts({
  license,
  repositoryUrl,
  websiteUrl,
  publishedAt,
  updatedAt,
  installs,
}: {
  license?: string | null;
  repositoryUrl?: string;
  websiteUrl?: string;
  publishedAt?: string;
  updatedAt?: string;
  installs?: number;
}) {
  const repo = webUrl(repositoryUrl);
  const site = webUrl(websiteUrl);
  const published = formatDate(publishedAt);
  const updated = formatDate(updatedAt);
  return (
    <section
      aria-label="Facts"
      className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm text-slate-700 dark:text-slate-300"
      data-facts
    >
      {license && (
        <span data-license>
          License <span className="font-medium text-slate-900 dark:text-slate-100">{license}</span>
        </span>
      )}
      {repo && (
        <a
          href={repo}
          rel="nofollow noopener"
          className="break-all text-blue-800 underline dark:text-blue-300"
          data-repository
        >
          Repository
        </a>
      )}
      {site && (
        <a href={site} rel="nofollow noopener" className="text-blue-800 underline dark:text-blue-300">
          Website
        </a>
      )}
      {installs !== undefined && (
        <span data-installs-total>{installs === 1 ? '1 install' : `${installs.toLocaleString('en-US')} installs`}</span>
      )}
      {(published || updated) && (
        <span data-dates>
          {published && (
            <>
              Published <time dateTime={publishedAt}>{published}</time>
            </>
          )}
          {published && updated && ' · '}
          {updated && (
            <>
              Last updated <time dateTime={updatedAt}>{updated}</time>
            </>
          )}
        </span>
      )}
    </section>
  );
}
