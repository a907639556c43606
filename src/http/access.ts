/**
 * Every route declares who may call it (`config.access`). The permission matrix test enumerates
 * all routes and fails for one without a declaration, so no route is reachable by accident.
 */
import type { Action } from '../domain/permissions/index.js';

/**
 * `action`: the permission the caller needs (src/domain/permissions). `duringSetup`: the route stays
 * usable while a new account must still change its temporary password or set up two-step sign-in
 * (/me, the password and MFA routes); every other route answers 403 until then.
 */
export type RouteAccess = 'public' | { readonly action: Action; readonly duringSetup?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
