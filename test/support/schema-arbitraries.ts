import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas the API publishes (z.toJSONSchema of the same Zod
 * schemas that validate requests): values that should be accepted, and values that must be
 * refused (malformed, oversized, wrong-typed, just past a boundary).
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

const isoBetween = (min: number, max: number) => fc.integer({ min, max }).map((ms) => new Date(ms).toISOString());

/** Values the schema describes as valid (close enough: refinements beyond the schema may still refuse some). */
export function validValue(schema: JsonSchema, now = Date.now()): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => validValue(v, now)));
  if (schema.allOf?.length) return validValue(schema.allOf[0]!, now);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time') return isoBetween(Date.UTC(1997, 0, 1), now - 60_000);
      if (schema.format === 'date') return isoBetween(Date.UTC(1930, 0, 1), now).map((s) => s.slice(0, 10));
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 60, Math.max(min, 60));
      return fc.string({ minLength: min, maxLength: max }).filter((s) => s.trim().length >= min);
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1_000_000), max: Math.min(schema.maximum ?? 1000, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? validValue(schema.items, now) : fc.anything(), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const props = schema.properties ?? {};
      const required = schema.required ?? [];
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v, now)]));
      return fc.record(shape, { requiredKeys: required.filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values generic to any field: wrong types, empties, control characters, markup, injection strings, odd Unicode. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53 + 1,
    -1e308,
    '',
    ' ',
    '   \t\n ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e\u0627\u0644',
    '🙂',
    'null',
    'undefined',
    'NaN',
    '1e309',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE occurrences; --",
    "' OR '1'='1",
    '%00',
    '../../../../etc/passwd',
    '{{7*7}}',
    '${7*7}',
    '__proto__',
    [],
    {},
    [1, 2, 3],
    { $gt: '' },
    { __proto__: { polluted: true } },
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values just outside (and on) the schema's own limits. */
export function boundaryValues(schema: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (schema.maxLength !== undefined) out.push('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1), '🙂'.repeat(schema.maxLength + 1), ' '.repeat(schema.maxLength + 1));
  if (schema.minLength !== undefined && schema.minLength > 0) out.push('x'.repeat(schema.minLength - 1), ' '.repeat(schema.minLength));
  if (schema.minimum !== undefined) out.push(schema.minimum - 1, schema.minimum, String(schema.minimum));
  if (schema.maximum !== undefined) out.push(schema.maximum + 1, schema.maximum);
  if (schema.type === 'integer') out.push(1.5, '1', Number.MAX_SAFE_INTEGER + 2);
  if (schema.enum?.length) {
    const first = String(schema.enum[0]);
    out.push(first.toUpperCase(), ` ${first}`, `${first}x`, schema.enum);
  }
  if (schema.format === 'date-time') {
    out.push('2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '1996-12-31T23:59:59Z', '2999-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-03-01', '2026-03-01T09:30:00+25:00', 'yesterday');
  }
  out.push('x'.repeat(1_000_001 - 100)); // near the server's body limit
  return out;
}

export type Mutation = { kind: 'replace'; field: string; value: unknown } | { kind: 'drop'; field: string } | { kind: 'extra'; field: string; value: unknown } | { kind: 'whole'; value: unknown };

/** One change that makes a valid object (probably) invalid. */
export function mutation(schema: JsonSchema): fc.Arbitrary<Mutation> {
  const props = Object.entries(schema.properties ?? {});
  const options: fc.Arbitrary<Mutation>[] = [fc.record({ kind: fc.constant('whole' as const), value: fc.oneof(hostileValue, fc.constantFrom(null, [], 'text', 42, [{}])) })];
  if (props.length) {
    const names = props.map(([k]) => k);
    options.push(
      fc.constantFrom(...names).chain((field) =>
        fc.record({ kind: fc.constant('replace' as const), field: fc.constant(field), value: fc.oneof(hostileValue, fc.constantFrom(...boundaryValues(schema.properties![field]!))) }),
      ),
      fc.record({ kind: fc.constant('drop' as const), field: fc.constantFrom(...names) }),
    );
  }
  options.push(fc.record({ kind: fc.constant('extra' as const), field: fc.constantFrom('status', 'restricted', 'id', 'createdBy', 'version2', 'constructor', 'x'.repeat(300)), value: hostileValue }));
  return fc.oneof(...options);
}

export function applyMutation(base: unknown, m: Mutation): unknown {
  if (m.kind === 'whole') return m.value;
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  if (m.kind === 'drop') delete copy[m.field];
  else copy[m.field] = m.value;
  return copy;
}

/** String properties with no upper bound on their length (a text field without a limit). */
export function unboundedStrings(schema: JsonSchema, path = ''): string[] {
  const out: string[] = [];
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (type.includes('string') && schema.maxLength === undefined && !schema.enum && schema.const === undefined && schema.format !== 'date-time' && schema.format !== 'date') out.push(path || '(input)');
  for (const [k, v] of Object.entries(schema.properties ?? {})) out.push(...unboundedStrings(v, path ? `${path}.${k}` : k));
  if (schema.items) out.push(...unboundedStrings(schema.items, `${path}[]`));
  for (const v of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) out.push(...unboundedStrings(v, path));
  return out;
}
