import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The web UI built by Vite (web/dist): the intake form's script (the public pages themselves are
 * server-rendered, routes/site.ts), `/app` the staff console, `/portal` the
 * patient portal. Deep links under /app and /portal get their app's index.html so the client-side
 * router can take over; everything else that is missing is a 404 problem.
 */
const spaRoots = ['/app', '/portal'] as const;

export async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    // The public site (/) is server-rendered (decision 005) and works without the build; the console,
    // the portal and the intake form need it.
    app.log.warn({ webDir }, 'web UI is not built; run: npm run build:web');
    return;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    index: ['index.html'],
    wildcard: true,
    redirect: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      // Hashed assets never change; HTML must be revalidated so a new release is picked up.
      void reply.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  for (const root of spaRoots) {
    app.get(`${root}/*`, { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const rel = request.url.split('?')[0] ?? '';
      const file = path.join(webDir, rel);
      if (file.startsWith(webDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile())
        return reply.sendFile(rel.slice(1));
      return reply.header('cache-control', 'no-cache').sendFile(`${root.slice(1)}/index.html`);
    });
  }
}
