import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import {
  createUser,
  decidePendingRoleGrant,
  getUser,
  listUsers,
  revokeSessionsOfUser,
  updateUser,
  type UserSummary,
} from '../../app/identity/users.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  inviteUserBody,
  roleGrantParams,
  userChangesBody,
  userIdParams,
  userListQuery,
  userPageSchema,
  userSchema,
} from '../../contracts/identity.js';

/** Staff accounts of the admin's organization. */
const wire = (u: UserSummary): z.infer<typeof userSchema> => ({
  ...u,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  pendingRoleGrant: u.pendingRoleGrant
    ? { ...u.pendingRoleGrant, requestedAt: u.pendingRoleGrant.requestedAt.toISOString() }
    : null,
});

export const userRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/users',
    {
      config: { access: { action: 'users.read' } },
      schema: {
        tags: ['users'],
        summary: 'List accounts (cursor-paginated)',
        querystring: userListQuery,
        response: { 200: userPageSchema },
      },
    },
    async (request) => {
      const page = await listUsers(request.query, requestContext(request, deps));
      return { items: page.items.map(wire), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/users',
    {
      config: { access: { action: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Invite a staff member: they must change the temporary password at first sign-in',
        body: inviteUserBody,
        response: { 201: userSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(wire(await inRequestPart('body', () => createUser(request.body, requestContext(request, deps))))),
  );

  // Anyone may read their own account by id; an admin any of their organization's. Anything else
  // is 404, so an id is never confirmed to exist.
  app.get(
    '/users/:id',
    {
      config: { access: { action: 'account.self' } },
      schema: { tags: ['users'], summary: 'One account', params: userIdParams, response: { 200: userSchema } },
    },
    async (request) => wire(await getUser(request.params.id, requestContext(request, deps))),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: { action: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary:
          'Change roles, name or active (deactivating signs the person out everywhere); never your own roles (403); adding prescribing waits for a second admin (pendingRoleGrant); 409 on a stale version',
        params: userIdParams,
        body: userChangesBody,
        response: { 200: userSchema },
      },
    },
    async (request) =>
      wire(
        await inRequestPart('body', () => updateUser(request.params.id, request.body, requestContext(request, deps))),
      ),
  );

  for (const decision of ['confirm', 'cancel'] as const) {
    app.post(
      `/users/:id/role-grants/:grantId/${decision}`,
      {
        config: { access: { action: 'users.manage' } },
        schema: {
          tags: ['users'],
          summary:
            decision === 'confirm'
              ? 'Confirm a pending role change that adds prescribing: only an admin other than the one who asked and the person concerned'
              : 'Cancel a pending role change',
          params: roleGrantParams,
          response: { 200: userSchema },
        },
      },
      async (request) =>
        wire(
          await decidePendingRoleGrant(
            request.params.id,
            request.params.grantId,
            decision === 'confirm' ? 'confirmed' : 'cancelled',
            requestContext(request, deps),
          ),
        ),
    );
  }

  app.post(
    '/users/:id/revoke-sessions',
    {
      config: { access: { action: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Sign a person out everywhere',
        params: userIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeSessionsOfUser(request.params.id, requestContext(request, deps));
      return reply.code(204).send(null);
    },
  );
};
