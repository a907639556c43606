import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  getCount,
  getCounts,
  getExpectedStock,
  recordCount,
  resolveCount,
} from '../../app/controlled-substances/counts.js';
import { exportDispensingLog, getDispensingLog } from '../../app/controlled-substances/dispensing-log.js';
import {
  getDisposals,
  getLossReports,
  recordDestruction,
  reportLoss,
  updateLoss,
} from '../../app/controlled-substances/disposals.js';
import {
  exportInventory,
  getInventories,
  getInventory,
  takeInventory,
} from '../../app/controlled-substances/inventories.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  countInput,
  countSchema,
  destructionInput,
  disposalSchema,
  downloadFormat,
  entrySchema,
  expectedSchema,
  idempotencyHeaders,
  idParams,
  inventoryInput,
  inventorySchema,
  logQuery,
  lossInput,
  lossSchema,
  lossUpdateInput,
  resolutionInput,
} from '../../contracts/controlled-substances.js';
import { inRequestPart, retryAfterOnThrottle } from '../request-part.js';
import { CS_PREFIX, ledgerKey } from './controlled-substances.js';

/**
 * Counts, inventories, destruction and loss, and the dispensing log (issue 16). Nurses and prescribers
 * record; the dispensing log and the inventory documents are reviewed by admins and prescribers
 * (ledger.review). Downloads stream (CSV or PDF) with Cache-Control: no-store.
 */
const fileBytes = z.unknown().meta({ type: 'string', format: 'binary' });
const download = {
  200: {
    description: 'The report as an attachment (Content-Disposition), streamed',
    content: { 'text/csv': { schema: fileBytes }, 'application/pdf': { schema: fileBytes } },
  },
};

export const controlledSubstanceRecordRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);
  const read = { access: { action: 'ledger.read' } } as const;
  const record = { access: { action: 'ledger.record' } } as const;
  const review = { access: { action: 'ledger.review' } } as const;
  const tags = ['controlled-substances'];
  const body = <T>(fn: () => Promise<T>): Promise<T> => inRequestPart('body', fn);
  retryAfterOnThrottle(app);

  app.get(
    `${CS_PREFIX}/expected-stock`,
    {
      config: read,
      schema: {
        tags,
        summary: 'What the record holds at a location per product and lot (the starting point of a count or inventory)',
        querystring: z.object({ locationId: z.uuid('Choose a location') }),
        response: { 200: expectedSchema },
      },
    },
    async (request) => inRequestPart('query', () => getExpectedStock(request.query.locationId, ctx(request))),
  );

  app.get(
    `${CS_PREFIX}/counts`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Counts, newest first; unresolved=true: discrepancies not yet explained and signed by two staff',
        querystring: z.object({ locationId: z.uuid().optional(), unresolved: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(countSchema) }) },
      },
    },
    async (request) => ({
      items: await getCounts(ctx(request), {
        locationId: request.query.locationId,
        unresolved: request.query.unresolved === 'true',
      }),
    }),
  );

  app.get(
    `${CS_PREFIX}/counts/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'One count with who counted and who signed',
        params: idParams,
        response: { 200: countSchema },
      },
    },
    async (request) => getCount(request.params.id, ctx(request)),
  );

  app.post(
    `${CS_PREFIX}/counts`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Record a count per shift or day: counted containers and mL per product and lot (every lot the record holds)',
        headers: idempotencyHeaders,
        body: countInput,
        response: { 201: countSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => recordCount(request.body, ctx(request), ...ledgerKey(request)))),
  );

  app.post(
    `${CS_PREFIX}/counts/:id/resolution`,
    {
      config: record,
      schema: {
        tags,
        summary: 'Explain a discrepancy, signed by you and a second member of staff with their own password or code',
        params: idParams,
        body: resolutionInput,
        response: { 201: countSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await body(() => resolveCount(request.params.id, request.body, ctx(request)))),
  );

  app.get(
    `${CS_PREFIX}/inventories`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Initial and biennial inventories, newest first, with when the next is due',
        response: {
          200: z.object({ items: z.array(inventorySchema), nextDue: z.string().nullable(), overdue: z.boolean() }),
        },
      },
    },
    async (request) => getInventories(ctx(request)),
  );

  app.get(
    `${CS_PREFIX}/inventories/:id`,
    { config: read, schema: { tags, summary: 'One inventory', params: idParams, response: { 200: inventorySchema } } },
    async (request) => getInventory(request.params.id, ctx(request)),
  );

  app.post(
    `${CS_PREFIX}/inventories`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Take an initial or biennial inventory (21 CFR 1304.11): per product and lot, sealed and opened containers, opened volume estimated',
        body: inventoryInput,
        response: { 201: inventorySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await body(() => takeInventory(request.body, ctx(request)))),
  );

  app.get(
    `${CS_PREFIX}/inventories/:id/report`,
    {
      config: review,
      schema: {
        tags,
        summary: 'The inventory as PDF or CSV (audited)',
        params: idParams,
        querystring: downloadFormat,
        response: download,
      },
    },
    async (request, reply) => {
      const file = await exportInventory(request.params.id, request.query.format, ctx(request));
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );

  app.get(
    `${CS_PREFIX}/disposals`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Destruction events, newest first',
        response: { 200: z.object({ items: z.array(disposalSchema) }) },
      },
    },
    async (request) => ({ items: await getDisposals(ctx(request)) }),
  );

  app.post(
    `${CS_PREFIX}/disposals`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Destroy or return vials: to a reverse distributor (name, DEA number) or on DEA Form 41 with two witnesses confirming now',
        body: destructionInput,
        response: { 201: disposalSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await body(() => recordDestruction(request.body, ctx(request)))),
  );

  app.get(
    `${CS_PREFIX}/loss-reports`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Theft and loss reports with their DEA deadlines',
        response: { 200: z.object({ items: z.array(lossSchema) }) },
      },
    },
    async (request) => ({ items: await getLossReports(ctx(request)) }),
  );

  app.post(
    `${CS_PREFIX}/loss-reports`,
    {
      config: record,
      schema: {
        tags,
        summary:
          'Report a theft or loss: discovery time, what is missing; DEA notice due within 1 business day, Form 106 within 45 days',
        body: lossInput,
        response: { 201: lossSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await body(() => reportLoss(request.body, ctx(request)))),
  );

  app.patch(
    `${CS_PREFIX}/loss-reports/:id`,
    {
      config: record,
      schema: {
        tags,
        summary: 'Record when DEA was notified and the Form 106 reference (409 when the version is stale)',
        params: idParams,
        body: lossUpdateInput,
        response: { 200: lossSchema },
      },
    },
    async (request) => body(() => updateLoss(request.params.id, request.body, ctx(request))),
  );

  app.get(
    `${CS_PREFIX}/dispensing-log`,
    {
      config: review,
      schema: {
        tags,
        summary:
          'Every movement for clinic-local dates, optionally one location, product, lot or patient; cursor-paged (audited)',
        querystring: logQuery,
        response: {
          200: z.object({
            items: z.array(entrySchema),
            totals: z.array(
              z.object({
                kind: z.string(),
                label: z.string(),
                entries: z.number().int(),
                ml: z.number(),
                mg: z.number(),
                netMl: z
                  .number()
                  .describe(
                    'ml plus the corrections (in the same filter) of entries of this kind, e.g. a dose not given in full',
                  ),
                netMg: z.number(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) =>
      inRequestPart('query', () =>
        getDispensingLog(
          { ...request.query, kinds: request.query.kind ? [request.query.kind] : undefined },
          ctx(request),
        ),
      ),
  );

  app.get(
    `${CS_PREFIX}/dispensing-log/report`,
    {
      config: review,
      schema: {
        tags,
        summary: 'The dispensing log as CSV or PDF, streamed (audited)',
        querystring: logQuery.omit({ cursor: true, limit: true }).extend(downloadFormat.shape),
        response: download,
      },
    },
    async (request, reply) => {
      const { format, kind, ...query } = request.query;
      const file = await inRequestPart('query', () =>
        exportDispensingLog({ ...query, kinds: kind ? [kind] : undefined }, format, ctx(request)),
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
};
