import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditDeniedRecordAccess } from '../../app/audit/denied.js';
import { audit } from '../../app/audit/record.js';
import type { AppContext, DatabasePool } from '../../app/context.js';
import type { SessionRestriction } from '../../app/identity/me.js';
import { startSessionCache } from '../../app/identity/session-cache.js';
import { resolveSession, type SessionSettings, type UserRow } from '../../app/identity/sessions.js';
import { sha256 } from '../../app/identity/tokens.js';
import { isDomainError } from '../../domain/errors.js';
import { can, isAction, type Principal } from '../../domain/permissions/index.js';
import { API_PREFIX_PATH } from '../paths.js';
import { changesState, csrfTokenMatches } from './csrf.js';
import { problem, sendProblem } from './problem.js';

/**
 * Who is asking, and may they: every request's session cookie is resolved against the sessions table
 * (through a short in-process cache that revocations on any server evict at once, decision 018),
 * then the route's declared `config.access` is enforced before the body is even parsed — no session
 * → 401, a state-changing request without the session's CSRF token → 403, a missing permission →
 * 403 (and an audit entry). Use-cases check again; this is the wall every route shares.
 */
export const SESSION_COOKIE = 'kc_session';

export interface AuthState {
  readonly principal: Principal;
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly user: UserRow;
  readonly restriction: SessionRestriction;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState | null;
    /** The sha-256 id of the session cookie the request carried, valid or not (login revokes it). */
    presentedSessionId: string | null;
  }
}

export interface AuthDeps {
  readonly pool: DatabasePool;
  readonly now: () => Date;
  readonly session: SessionSettings;
  /** Secure cookies (behind a TLS proxy). */
  readonly secureCookies: boolean;
}

export function requestContext(request: FastifyRequest, deps: Pick<AuthDeps, 'pool' | 'now'>): AppContext {
  const ua = request.headers['user-agent'];
  return {
    db: deps.pool,
    principal: request.auth?.principal ?? null,
    now: deps.now(),
    ip: request.ip || null,
    userAgent: typeof ua === 'string' ? ua : null,
    sessionId: request.auth?.sessionId ?? null,
  };
}

export function setSessionCookie(reply: FastifyReply, token: string, deps: Pick<AuthDeps, 'secureCookies'>): void {
  // No Max-Age: the cookie ends with the browser; the server ends the session sooner (idle, absolute).
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.secureCookies,
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: Pick<AuthDeps, 'secureCookies'>): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: deps.secureCookies });
}

/** How long a revoking request waits for its broadcast to come back before answering anyway. */
const BROADCAST_WAIT_MS = 1000;

/** Routes whose writes may end sessions or change who a user is: this server forgets its cache at once. */
const identityWrites = new RegExp(`^${API_PREFIX_PATH}/(auth|me|users|setup)(/|$)|/portal-access$`);

export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('presentedSessionId', null);

  // Sessions from a short in-process cache, kept honest by LISTEN ketaclinic_auth (decision 018).
  const { cache, ready, fence, close } = startSessionCache(deps.pool, (message, error) =>
    app.log.warn({ err: error }, message),
  );
  // Start with the feed up when the database answers; without it sessions are simply read every time.
  app.addHook('onReady', async () => {
    await ready(2000);
  });
  app.addHook('onClose', close);
  // Sign-outs and account changes: this server forgets at once, and answers once the broadcast of the change
  // has reached every server (a marker sent after it came back; at most a short wait).
  // (Synchronous for every other request: no promise per response, decision 027.)
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'GET' || !identityWrites.test(request.routeOptions.url ?? '')) return done(null, payload);
    cache.clear();
    if (reply.statusCode >= 400) return done(null, payload);
    void fence(BROADCAST_WAIT_MS)
      .catch(() => undefined)
      .then(() => done(null, payload));
  });

  // A refused read of a patient's or an intake's record is audited with the id asked for (issue 9).
  app.addHook('onError', async (request, _reply, error) => {
    if (!request.auth || !isDomainError(error) || (error.code !== 'not_found' && error.code !== 'forbidden')) return;
    const route = request.routeOptions.url ?? '';
    const idAsked = (request.params as { id?: unknown } | undefined)?.id;
    const resourceType = route.startsWith(`${API_PREFIX_PATH}/patients/:id`)
      ? 'patient'
      : route.startsWith(`${API_PREFIX_PATH}/intakes/:id`)
        ? 'intake'
        : null;
    if (!resourceType || typeof idAsked !== 'string') return;
    try {
      await auditDeniedRecordAccess(requestContext(request, deps), {
        resourceType,
        idAsked,
        route,
        method: request.method,
        code: error.code,
      });
    } catch (auditError) {
      request.log.error({ err: auditError }, 'could not audit a refused record access');
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    const token = request.cookies[SESSION_COOKIE];
    request.presentedSessionId = token && token.length <= 100 ? sha256(token) : null;

    if (access === undefined) {
      // Fail closed for the API; outside it only the static web files (registered by @fastify/static,
      // which cannot declare access) are undeclared, and they are public.
      const url = request.routeOptions.url;
      // No url: the not-found handler, which answers 404 itself.
      if (url === undefined || !url.startsWith(API_PREFIX_PATH)) return;
      request.log.error({ route: request.routeOptions.url }, 'route declares no access; refusing');
      return sendProblem(reply, { ...problem('forbidden', 'This route is not available.'), instance: request.id });
    }
    if (access === 'public') return;

    const resolved = await resolveSession(deps.pool, token, deps.now(), cache, request.presentedSessionId ?? undefined);
    if (resolved.status !== 'active') {
      if (resolved.status === 'ended') clearSessionCookie(reply, deps);
      const code = resolved.status === 'ended' ? 'session_expired' : 'unauthenticated';
      return sendProblem(reply, {
        ...problem(
          code,
          code === 'session_expired' ? 'Your session has ended; sign in again.' : 'Sign in to continue.',
        ),
        instance: request.id,
      });
    }
    request.auth = {
      principal: resolved.principal,
      sessionId: resolved.sessionId,
      csrfToken: resolved.csrfToken,
      user: resolved.user,
      restriction: resolved.restriction,
    };

    if (changesState(request) && !csrfTokenMatches(request, resolved.csrfToken)) {
      return sendProblem(reply, {
        ...problem('csrf_invalid', 'Reload the page and try again (the request did not carry a valid CSRF token).'),
        instance: request.id,
      });
    }
    if (resolved.restriction && !access.duringSetup) {
      const detail =
        resolved.restriction === 'password_change_required'
          ? 'Change your temporary password first.'
          : 'Set up two-step sign-in first.';
      return sendProblem(reply, { ...problem(resolved.restriction, detail), instance: request.id });
    }
    if (!isAction(access.action) || !can(resolved.principal, access.action)) {
      await audit(requestContext(request, deps), {
        action: 'access.denied',
        outcome: 'denied',
        details: {
          route: request.routeOptions.url ?? null,
          method: request.method,
          needs: access.action,
          // The record asked for, when the route names one (cut short: not yet validated).
          ...(typeof (request.params as { id?: unknown } | undefined)?.id === 'string'
            ? { idAsked: (request.params as { id: string }).id.slice(0, 100) }
            : {}),
        },
      });
      return sendProblem(reply, {
        ...problem('forbidden', 'You do not have permission to do this.'),
        instance: request.id,
      });
    }
  });
}
