import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { mcpmTarball } from '../../../lib/mcpm-tarball';

export const dynamic = 'force-dynamic';

/** The mcpm package, for `npm install -g <site>/downloads/mcpm.tgz` (dependency-free: no registry needed). */
export function GET(): Response {
  const tarball = mcpmTarball();
  if (!tarball) {
    return Response.json(
      {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail:
          'This site has no mcpm package to serve: build it with "pnpm build" (apps/mcpm/pack/mcpm.tgz), or set MCPM_TARBALL to its path.',
      },
      { status: 404, headers: { 'content-type': 'application/problem+json' } },
    );
  }
  return new Response(Readable.toWeb(createReadStream(tarball.path)) as ReadableStream, {
    headers: {
      'content-type': 'application/gzip',
      'content-length': String(tarball.size),
      'content-disposition': 'attachment; filename="mcpm.tgz"',
      'last-modified': tarball.mtime.toUTCString(),
      'cache-control': 'public, max-age=300',
    },
  });
}
