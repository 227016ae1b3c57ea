/** @type {import('next').NextConfig} */
const config = {
  // Workspace libs are TypeScript sources; Next compiles them with the app.
  transpilePackages: ['@mcp-hub/domain', '@mcp-hub/api-client'],
  // `pnpm typecheck` type-checks the app with the workspace's tsc (TypeScript 7), which Next's
  // built-in check (TypeScript 5 compiler API) cannot load.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
  // Pages revalidate themselves (ISR); keep the default cache handler in memory and on disk.
  experimental: {},
};

export default config;
