import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';

/**
 * Responses written by serializers compiled once per route from the route's Zod contract (decision 027):
 * the contract becomes JSON Schema (`z.toJSONSchema`, output side) and fast-json-stringify compiles that into
 * a function that writes exactly the declared fields, in the declared order — instead of Zod parsing (and
 * copying) every response before `JSON.stringify` walks it again.
 *
 * Only contracts whose every part has the same meaning in both are compiled: objects, arrays, strings,
 * numbers, booleans, null, enums, literals, unions, records, optional and nullable parts, unknown values.
 * Anything that transforms (pipes, codecs, defaults, dates, lazy schemas…) keeps the Zod serializer.
 *
 * Zod also refused a response that broke its contract (a 500); the compiled serializer writes the declared
 * fields and nothing else, so no undeclared field can leak, but it does not check types. The contract stays
 * enforced where responses are produced in bulk — the test tiers: with `check`, every response is serialized
 * both ways and any difference is an error (test/setup/app.ts turns it on).
 */
type JsonSchema = Record<string, unknown>;

const compilable = new Set([
  'object',
  'array',
  'string',
  'number',
  'boolean',
  'null',
  'enum',
  'literal',
  'union',
  'record',
  'optional',
  'nullable',
  'unknown',
  'any',
]);

interface Def {
  type: string;
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  element?: $ZodType;
  options?: $ZodType[];
  keyType?: $ZodType;
  valueType?: $ZodType;
  innerType?: $ZodType;
  discriminator?: string;
}

const scalar = new Set(['string', 'number', 'boolean', 'null', 'enum', 'literal']);

/** Whether every part of the schema means the same as JSON Schema for fast-json-stringify. */
export function isCompilable(schema: $ZodType, seen = new Set<$ZodType>()): boolean {
  if (seen.has(schema)) return false; // recursive: keep Zod
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (!compilable.has(def.type)) return false;
  const parts: $ZodType[] = [
    ...Object.values(def.shape ?? {}),
    ...(def.catchall && (def.catchall._zod.def as unknown as Def).type !== 'never' ? [def.catchall] : []),
    ...(def.element ? [def.element] : []),
    ...(def.options ?? []),
    ...(def.valueType ? [def.valueType] : []),
    ...(def.innerType ? [def.innerType] : []),
  ];
  // A union is chosen the same way only when Zod and the JSON Schema agree on which branch a value takes:
  // by a discriminator (written as if/then/else on it), or between scalars. fast-json-stringify would pick
  // between objects by validating (extra fields refuse a branch that Zod would take, stripping them).
  if (def.type === 'union' && !def.discriminator) {
    if (!(def.options ?? []).every((option) => scalar.has((option._zod.def as unknown as Def).type))) return false;
  }
  if (def.keyType) {
    const key = (def.keyType._zod.def as unknown as Def).type;
    if (key !== 'string' && key !== 'enum') return false;
  }
  const ok = parts.every((part) => isCompilable(part, seen));
  seen.delete(schema);
  return ok;
}

/** The property every branch fixes with `const` (a discriminated union), if there is one. */
function discriminatorOf(branches: JsonSchema[]): string | undefined {
  const first = branches[0]?.properties as Record<string, JsonSchema> | undefined;
  return Object.keys(first ?? {}).find((key) =>
    branches.every((branch) => {
      const property = (branch.properties as Record<string, JsonSchema> | undefined)?.[key];
      return branch.type === 'object' && property?.const !== undefined;
    }),
  );
}

/**
 * fast-json-stringify picks an `anyOf`/`oneOf` branch by validating the value against each branch (ajv), which
 * is slow and, for objects, not how Zod chooses. A nullable object or array (`anyOf: [X, {type: null}]`) is
 * written with `nullable: true`, a nullable scalar with a type list, and a discriminated union as an
 * if/then/else chain on its discriminator (only the discriminator is looked at, as Zod does).
 */
function simplify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(simplify);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  // `required` is left out: fast-json-stringify writes required properties first, Zod in the contract's order
  // (the order stays the contract's; a missing property is left out rather than refused).
  const source = schema as JsonSchema;
  for (const [key, value] of Object.entries(source))
    if (key !== '$schema' && !(key === 'required' && source.type === 'object')) out[key] = simplify(value);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2 && Object.keys(out).length === 1) {
    const nonNull = anyOf.filter((branch) => branch.type !== 'null');
    const only = nonNull[0];
    if (nonNull.length === 1 && only && typeof only.type === 'string' && !only.anyOf && !only.oneOf && !only.if)
      return only.type === 'object' || only.type === 'array'
        ? { ...only, nullable: true }
        : { ...only, type: [only.type, 'null'], ...(only.enum ? { enum: [...(only.enum as unknown[]), null] } : {}) };
  }
  const oneOf = out.oneOf as JsonSchema[] | undefined;
  if (Array.isArray(oneOf) && Object.keys(out).length === 1) {
    const key = discriminatorOf(oneOf);
    if (key) {
      // Tested in order; the last branch is the final `else` (a value matching no branch — which Zod would
      // refuse — is written with that branch's declared fields only, never with undeclared ones).
      const reversed = [...oneOf].reverse();
      let chain: JsonSchema = reversed[0]!;
      for (const branch of reversed.slice(1)) {
        const value = (branch.properties as Record<string, JsonSchema>)[key]!.const;
        chain = {
          if: { type: 'object', properties: { [key]: { const: value } }, required: [key] },
          then: branch,
          else: chain,
        };
      }
      return chain;
    }
  }
  return out;
}

/** The compiled serializer of a Zod schema, or undefined when it keeps the Zod one. */
export function compileSerializer(schema: $ZodType): ((data: unknown) => string) | undefined {
  if (!isCompilable(schema)) return undefined;
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    metadata: z.registry(), // every part inline: no $ref to resolve
    unrepresentable: 'throw',
  });
  const stringify: (data: unknown) => string = fastJson(simplify(json) as Parameters<typeof fastJson>[0]);
  return stringify;
}

/**
 * Fastify's serializer compiler. Each route's serializer is compiled on its first response, not at start:
 * compiling all of them up front doubled the start-up time and kept ~20 MB of code for routes a server may
 * never answer.
 */
export function responseSerializerCompiler(options: { readonly check: boolean }): typeof zodSerializerCompiler {
  return (route) => {
    const zod = zodSerializerCompiler(route);
    const schema: unknown = route.schema;
    if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return zod;
    let compiled: ((data: unknown) => string) | null | undefined; // undefined: not compiled yet; null: keeps Zod
    return (data) => {
      if (compiled === undefined) compiled = compileSerializer(schema as $ZodType) ?? null;
      if (compiled === null) return zod(data);
      if (!options.check) return compiled(data);
      const expected = zod(data); // a response breaking its contract still fails as before
      const actual = compiled(data);
      if (actual !== expected)
        throw new Error(
          `the compiled serializer of ${route.method} ${route.url} (${String(route.httpStatus)}) differs from the contract's: ${actual} ≠ ${expected}`,
        );
      return actual;
    };
  };
}
