import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  markVialExpired,
  recordAdministration,
  recordCorrection,
  recordWaste,
} from '../../app/controlled-substances/movements.js';
import {
  createProduct,
  getProducts,
  getReceipts,
  getStock,
  getVial,
  getWitnesses,
  receiveStock,
} from '../../app/controlled-substances/stock.js';
import { requestHash } from '../../app/idempotency.js';
import { idempotencyKeyOf, idempotentRequest } from '../idempotency.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  administrationInput,
  correctionInput,
  entrySchema,
  idempotencyHeaders,
  idParams,
  locationSchema,
  productInput,
  productSchema,
  receiptInput,
  receiptSchema,
  stockSchema,
  vialSchema,
  wasteInput,
} from '../../contracts/controlled-substances.js';
import { inRequestPart, retryAfterOnThrottle } from '../request-part.js';

/**
 * Stock and movements of controlled substances (ketamine, DEA Schedule III; issue 16). Nurses and
 * prescribers record (ledger.record); admins, prescribers and nurses read stock (ledger.read). Every write
 * is one transaction with its audit entry; retries with the same Idempotency-Key write nothing twice.
 */
export const CS_PREFIX = '/controlled-substances';

/**
 * A keyed write's Idempotency-Key and the hash of the request it is bound to (method, URL, body): the same
 * request again replays the first answer; another request with the key is refused.
 */
export const ledgerKey = (request: FastifyRequest): [key: string | null, requestHash: string] => [
  idempotencyKeyOf(request) ?? null,
  requestHash(idempotentRequest(request)),
];

export const controlledSubstanceRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);
  const read = { access: { action: 'ledger.read' } } as const;
  const record = { access: { action: 'ledger.record' } } as const;
  const tags = ['controlled-substances'];
  const body = <T>(fn: () => Promise<T>): Promise<T> => inRequestPart('body', fn);
  retryAfterOnThrottle(app);

  app.get(
    `${CS_PREFIX}/products`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Products (drug, strength, container, form, NDC, schedule) and the clinic’s locations',
        response: { 200: z.object({ products: z.array(productSchema), locations: z.array(locationSchema) }) },
      },
    },
    async (request) => getProducts(ctx(request)),
  );

  app.post(
    `${CS_PREFIX}/products`,
    {
      config: record,
      schema: {
        tags,
        summary: 'Add a product (409 when its NDC is already listed)',
        body: productInput,
        response: { 201: productSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await body(() => createProduct(request.body, ctx(request)))),
  );

  app.get(
    `${CS_PREFIX}/witnesses`,
    {
      config: record,
      schema: {
        tags,
        summary: 'Who may witness or co-sign for you: active nurses and prescribers of the clinic, not yourself',
        response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) }) },
      },
    },
    async (request) => ({ items: await getWitnesses(ctx(request)) }),
  );

  app.get(
    `${CS_PREFIX}/stock`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Stock by product, lot and vial, at one location or all; finished vials with includeFinished=true',
        querystring: z.object({
          locationId: z.uuid().optional(),
          lot: z.string().max(60).optional(),
          includeFinished: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: stockSchema },
      },
    },
    async (request) =>
      getStock(ctx(request), {
        locationId: request.query.locationId,
        lot: request.query.lot,
        includeFinished: request.query.includeFinished === 'true',
      }),
  );

  app.get(
    `${CS_PREFIX}/vials/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'One vial and its whole history, receipt first (audited)',
        params: idParams,
        response: { 200: z.object({ vial: vialSchema, entries: z.array(entrySchema) }) },
      },
    },
    async (request) => getVial(request.params.id, ctx(request)),
  );

  app.post(
    `${CS_PREFIX}/vials/:id/expire`,
    {
      config: record,
      schema: {
        tags,
        summary: 'Set aside a vial past its expiry date: no more draws; it waits for destruction or return',
        params: idParams,
        response: { 201: entrySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await body(() => markVialExpired(request.params.id, ctx(request)))),
  );

  app.get(
    `${CS_PREFIX}/receipts`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Receipts, newest first (optionally one lot)',
        querystring: z.object({ lot: z.string().max(60).optional() }),
        response: { 200: z.object({ items: z.array(receiptSchema) }) },
      },
    },
    async (request) => ({ items: await getReceipts(ctx(request), { lot: request.query.lot }) }),
  );

  app.post(
    `${CS_PREFIX}/receipts`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Receive stock: supplier name, address and DEA number (check digit verified), invoice, lot, expiry, containers; a second member of staff checks it with their own password or code. Each container becomes a sealed vial',
        headers: idempotencyHeaders,
        body: receiptInput,
        response: { 201: receiptSchema.extend({ product: productSchema, vials: z.array(vialSchema) }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => receiveStock(request.body, ctx(request), ...ledgerKey(request)))),
  );

  app.post(
    `${CS_PREFIX}/administrations`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'A dose drawn from a vial and given to a patient (optionally for a treatment session). Refused: more than the vial holds, an expired vial, a vial of another location',
        headers: idempotencyHeaders,
        body: administrationInput,
        response: { 201: entrySchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => recordAdministration(request.body, ctx(request), ...ledgerKey(request)))),
  );

  app.post(
    `${CS_PREFIX}/wastes`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Waste with its reason, witnessed by a second member of staff who confirms with their own password or code now (throttled like sign-in; nobody witnesses their own waste)',
        headers: idempotencyHeaders,
        body: wasteInput,
        response: { 201: entrySchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => recordWaste(request.body, ctx(request), ...ledgerKey(request)))),
  );

  app.post(
    `${CS_PREFIX}/entries/:id/corrections`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Correct an entry: a new entry that references it, with a signed volume change and the reason (never below empty)',
        params: idParams,
        body: correctionInput,
        response: { 201: entrySchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => recordCorrection(request.params.id, request.body, ctx(request)))),
  );
};
