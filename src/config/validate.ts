/**
 * Checks a value against the part of JSON Schema that schema/config.schema.json uses: type, enum,
 * const, minimum/maximum (exclusive too), minLength, minItems, properties, required,
 * additionalProperties, items, anyOf and local `$ref`s. Hand-written because ajv took ~110 ms to
 * import and compile on this machine (measured with ajv 8.20), more than the status line's whole
 * budget, which reads the config on every call; this walks the schema in well under a millisecond.
 *
 * A key the schema does not name where it leaves `additionalProperties` out is a warning (a newer
 * version's key, or a typo to point out); `additionalProperties: false` makes it an error, for keys
 * such as a price's, where ignoring a misspelt rate would give a wrong cost.
 */

export interface Schema {
  type?: string;
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: readonly Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
  description?: string;
}

export interface Verdict {
  /** The first problem, as `key: what was expected`; undefined when the value fits. */
  error?: string;
  /** Keys the schema does not know (dotted paths). */
  unknownKeys: string[];
}

/** `root`: the schema whose `$defs` a `$ref` names, when `schema` is a part of it. */
export function validate(value: unknown, schema: Schema, root: Schema = schema): Verdict {
  const unknownKeys: string[] = [];
  const error = check(value, schema, root, '', unknownKeys);
  return error === undefined ? { unknownKeys } : { error, unknownKeys };
}

/** `a.b[0].c`, or `"a b"` for a key that is not a plain name (a model name with dots or slashes). */
export function keyPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : /^"/.test(part) ? `${parent}[${part}]` : `${parent}.${part}`;
}

function check(value: unknown, s: Schema, root: Schema, at: string, unknown: string[]): string | undefined {
  if (s.$ref !== undefined) return check(value, resolveRef(s.$ref, root), root, at, unknown);
  const where = at === '' ? 'the file' : `"${at}"`;
  if (s.anyOf) {
    const fits = s.anyOf.some((option) => check(value, option, root, at, []) === undefined);
    return fits ? undefined : `${where} expects ${s.anyOf.map((o) => describe(o, root)).join(' or ')}, got ${shown(value)}`;
  }
  if (s.const !== undefined && value !== s.const) return `${where} expects ${JSON.stringify(s.const)}, got ${shown(value)}`;
  if (s.enum && !s.enum.includes(value)) return `${where} expects one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${shown(value)}`;
  if (s.type !== undefined && !hasType(value, s.type)) return `${where} expects ${describe(s, root)}, got ${shown(value)}`;
  if (typeof value === 'number') {
    const bound =
      (s.minimum !== undefined && value < s.minimum && `at least ${s.minimum}`) ||
      (s.maximum !== undefined && value > s.maximum && `at most ${s.maximum}`) ||
      (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum && `more than ${s.exclusiveMinimum}`) ||
      (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum && `less than ${s.exclusiveMaximum}`);
    if (bound) return `${where} expects a number ${bound}, got ${value}`;
  }
  if (typeof value === 'string' && s.minLength !== undefined && value.length < s.minLength) return `${where} expects a non-empty string`;
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) return `${where} expects at least ${s.minItems} item(s)`;
    if (s.items) {
      for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], s.items, root, keyPath(at, i), unknown);
        if (problem !== undefined) return problem;
      }
    }
  } else if (isObject(value)) {
    for (const key of s.required ?? []) {
      if (!Object.hasOwn(value, key)) return `"${keyPath(at, key)}" is required`;
    }
    for (const [key, item] of Object.entries(value)) {
      const path = keyPath(at, key);
      const own = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
      const rule = own ?? s.additionalProperties;
      if (rule === false) return `"${path}" is not a known key here`;
      if (rule === undefined || rule === true) {
        if (s.properties) unknown.push(path);
        continue;
      }
      const problem = check(item, rule, root, path, unknown);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function resolveRef(ref: string, root: Schema): Schema {
  const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
  const target = name === undefined ? undefined : root.$defs?.[name];
  if (!target) throw new Error(`config schema: unresolved $ref ${ref}`);
  return target;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isSafeInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeof v === type;
  }
}

function describe(s: Schema, root: Schema): string {
  if (s.$ref !== undefined) return describe(resolveRef(s.$ref, root), root);
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return `one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  const article = s.type === 'integer' || s.type === 'object' || s.type === 'array' ? 'an' : 'a';
  return s.type === 'integer' ? 'a whole number' : `${article} ${s.type ?? 'value'}`;
}

function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
