/**
 * Every route declares who may call it (`config.access`). The permission matrix test enumerates
 * all routes and fails for one without a declaration, so no route is reachable by accident.
 */
export type RouteAccess = 'public' | { readonly action: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
