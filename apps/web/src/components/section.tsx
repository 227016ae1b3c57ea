import type { ReactNode } from 'react';

/**
 * A titled part of a page: a `<section>` named by its `<h2>` (`page`: by the page's `<h1>`). `more`
 * sits at the end of the heading's line (e.g. a link to everything of the kind).
 */
export function Section({
  id,
  title,
  page = false,
  className,
  more,
  children,
}: {
  id: string;
  title: ReactNode;
  page?: boolean;
  className?: string;
  more?: ReactNode;
  children?: ReactNode;
}) {
  const heading = page ? (
    <h1 id={id} className="text-2xl font-bold">
      {title}
    </h1>
  ) : (
    <h2 id={id} className="text-xl font-semibold">
      {title}
    </h2>
  );
  return (
    <section aria-labelledby={id} className={className}>
      {more ? (
        <div className="flex items-baseline justify-between">
          {heading}
          {more}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
