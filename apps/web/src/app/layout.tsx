import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { SITE_URL } from '../lib/hub';
import './globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: 'MCP Hub: find, trust and install MCP servers', template: '%s · MCP Hub' },
  description:
    'Search Model Context Protocol servers, read what they need, and install them into Claude, Cursor, VS Code and more with one command.',
  applicationName: 'MCP Hub',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0b1120' },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-blue-700 focus:px-3 focus:py-2 focus:text-white"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 dark:border-slate-800">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight">
              <span aria-hidden="true" className="mr-1 text-blue-700 dark:text-blue-400">
                ◆
              </span>
              MCP Hub
            </Link>
            <Link href="/search" className="text-sm text-slate-700 hover:underline dark:text-slate-300">
              Browse
            </Link>
            <Link href="/dashboard" className="ml-auto text-sm text-slate-700 hover:underline dark:text-slate-300">
              Dashboard
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl border-t border-slate-200 px-4 py-6 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
          MCP Hub speaks the official MCP Registry API at <code>/v0.1</code>.{' '}
          <Link className="underline" href="/sitemap.xml">
            Sitemap
          </Link>
        </footer>
      </body>
    </html>
  );
}
