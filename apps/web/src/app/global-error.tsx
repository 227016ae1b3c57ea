'use client';
import { ErrorMessage } from '../components/error-message';
import './globals.css';

/** A failure of the root layout itself: the same message, without the site's header. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <main className="mx-auto max-w-6xl px-4 py-8">
          <p className="text-lg font-bold tracking-tight">
            <span aria-hidden="true" className="mr-1 text-blue-700 dark:text-blue-400">
              ◆
            </span>
            MCP Hub
          </p>
          <ErrorMessage digest={error.digest} />
        </main>
      </body>
    </html>
  );
}
