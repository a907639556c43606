import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from './access.js';

/**
 * Every route the app registered, with its declared access, collected as routes are added. The
 * permission matrix test walks this list, so a new route without a matrix entry fails it.
 */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly routeTable: readonly RegisteredRoute[];
  }
}

export function collectRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // HEAD routes that Fastify adds beside every GET share the GET's access.
    for (const method of methods) routes.push({ method, url: route.url, access: route.config?.access });
  });
}
