import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instrumentIds, instruments, scoreInstrument } from '../../domain/instruments/index.js';
import { underRequestPart } from '../plugins/problem.js';

/**
 * Public, stateless questionnaire endpoints: the definitions (for forms), and scoring. Scoring
 * stores nothing and logs no answers (the request logger records method and path only).
 */
const coding = z.object({ system: z.string(), code: z.string(), display: z.string().optional() });

const item = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['ordinal', 'yes_no']),
  textKind: z.enum(['full', 'label']),
  text: z.string(),
  code: coding,
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  options: z.array(z.object({ value: z.union([z.number(), z.boolean()]), label: z.string(), code: coding.optional() })),
  askedWhen: z.object({ itemId: z.string(), equals: z.boolean() }).optional(),
  unscored: z.literal(true).optional().describe('Recorded but never added to the total; may be left unanswered'),
});

const definition = z.object({
  id: z.enum(instrumentIds as [string, ...string[]]),
  version: z.string(),
  title: z.string(),
  shortTitle: z.string(),
  measures: z.string(),
  completedBy: z.enum(['self', 'clinician']),
  stem: z.string().optional(),
  code: coding,
  totalCode: coding.optional(),
  range: z.object({ min: z.number(), max: z.number() }).optional(),
  bands: z.array(z.object({ id: z.string(), label: z.string(), min: z.number(), max: z.number() })),
  items: z.array(item),
  source: z.string(),
  notes: z.array(z.string()),
});

const answerValue = z.union([z.number(), z.boolean(), z.null()]);

const scoreBody = z
  .object({
    answers: z.union([z.record(z.string().max(40), answerValue), z.array(answerValue).max(100)]),
    options: z.object({ pcl5CutOff: z.number().optional() }).strict().optional(),
  })
  .strict();

const scoreResponse = z.object({
  instrumentId: z.string(),
  version: z.string(),
  total: z.number().nullable(),
  severity: z.object({ id: z.string(), label: z.string() }).nullable(),
  flags: z.array(z.string()),
  blocksDosing: z.boolean(),
  items: z.array(z.object({ itemId: z.string(), value: z.union([z.number(), z.boolean(), z.null()]) })),
  clusters: z
    .object({
      met: z.boolean().describe('DSM-5 cluster rule met: provisional PTSD by symptom clusters'),
      scores: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          subscore: z.number().int(),
          endorsed: z.number().int().describe('Items rated at or above the endorsement level (2, "Moderately")'),
          required: z.number().int(),
          met: z.boolean(),
        }),
      ),
    })
    .optional()
    .describe('PCL-5 only: DSM-5 cluster subscores (B 1–5, C 6–7, D 8–14, E 15–20) and the cluster rule'),
});

export const instrumentRoutes: FastifyPluginAsyncZod = async (app) => {
  const all = instrumentIds.map((id) => instruments[id]);

  app.get(
    '/instruments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['instruments'],
        summary: 'Questionnaire and rating-scale definitions (items, answer options, bands, codes, sources)',
        response: { 200: z.object({ items: z.array(definition) }) },
      },
    },
    async () => ({
      items: all.map((d) => ({
        ...d,
        items: d.items.map((i) => ({ ...i, options: [...i.options] })),
        bands: [...d.bands],
        notes: [...d.notes],
      })),
    }),
  );

  app.post(
    '/instruments/:id/score',
    {
      config: { access: 'public' },
      schema: {
        tags: ['instruments'],
        summary: 'Score one completed form (stateless: nothing is stored)',
        description:
          'Answers as { itemId: value } or an array in item order. A missing or out-of-range answer is a 400 naming every offending item; it is never scored as 0.',
        params: z.object({ id: z.string().max(40) }),
        body: scoreBody,
        response: { 200: scoreResponse },
      },
    },
    async (request) => {
      const { answers, options } = request.body;
      const score = underRequestPart('body', () =>
        scoreInstrument(
          request.params.id,
          answers,
          options?.pcl5CutOff === undefined ? undefined : { pcl5CutOff: options.pcl5CutOff },
        ),
      );
      const { clusters, ...rest } = score;
      return {
        ...rest,
        flags: [...score.flags],
        items: [...score.items],
        ...(clusters ? { clusters: { met: clusters.met, scores: clusters.scores.map((c) => ({ ...c })) } } : {}),
      };
    },
  );
};
