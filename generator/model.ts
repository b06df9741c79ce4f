import { readFile } from 'node:fs/promises';
import { extname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { ModelSchema, type Model } from '../model/schema/index.js';
import { formatPath, q } from '../model/schema/rules.js';

export interface ModelIssue {
  /** `targets[3].source` */
  path: string;
  message: string;
}

/** A model that failed validation; carries every issue, not just the first. */
export class ModelError extends Error {
  constructor(readonly issues: ModelIssue[], readonly origin: string) {
    super(`invalid model (${origin}):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
}

/** Validate raw model data: zod schemas plus the cross-field rules. */
export function validateModel(input: unknown, origin = 'model'): Model {
  const result = ModelSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const shown = value !== undefined && typeof value !== 'object' && !issue.message.includes(q(value)) ? ` (got ${q(value)})` : '';
    const message = issue.code === 'unrecognized_keys' ? unknownFields(issue.keys, fieldsAt(ModelSchema, input, issue.path)) : `${issue.message}${shown}`;
    return { path: formatPath(namedNodes(input, issue.path)), message };
  });
  throw new ModelError(issues, origin);
}

function unknownFields(keys: readonly string[], known: string[] | undefined): string {
  const names = keys.map((k) => q(k)).join(', ');
  return `unknown field${keys.length > 1 ? 's' : ''} ${names}${known ? `; known: ${known.join(', ')}` : ''}`;
}

/** The field names of the object schema at `path` (following arrays, records, defaults and tagged unions), if any. */
function fieldsAt(schema: z.ZodType, input: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.core.$ZodType | undefined = schema;
  let value: unknown = input;
  const unwrap = () => {
    for (;;) {
      const def = current?._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType } | undefined;
      if (def?.type === 'default' || def?.type === 'optional' || def?.type === 'prefault' || def?.type === 'nullable') current = def.innerType;
      else if (def?.type === 'pipe') current = def.in;
      else if (def?.type === 'union') {
        const options = (def as unknown as { options: z.core.$ZodType[] }).options;
        current = options.find((o) => matchesTag(o, value));
        if (!current) return;
      } else return;
    }
  };
  for (const key of [...path, undefined]) {
    unwrap();
    const def = current?._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType } | undefined;
    if (key === undefined) return def?.type === 'object' ? Object.keys(def.shape ?? {}) : undefined;
    if (def?.type === 'object') current = def.shape?.[String(key)];
    else if (def?.type === 'array') current = def.element;
    else if (def?.type === 'record') current = def.valueType;
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return undefined;
}

/** A tagged-union option matches when it is an object whose literal fields all equal the value's. */
function matchesTag(option: z.core.$ZodType, value: unknown): boolean {
  const def = option._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
  if (def.type !== 'object') return false;
  const shape = def.shape ?? {};
  return Object.entries(shape).every(([k, s]) => {
    const def = s._zod.def as { type: string; values?: unknown[] };
    return def.type !== 'literal' || (value !== null && typeof value === 'object' && def.values!.includes((value as Record<string, unknown>)[k]));
  });
}

/** `tup.nodes[9]` → `tup.nodes["public"]`: Tup nodes are named by their directory in every message. */
function namedNodes(input: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  const [section, nodes, index, ...rest] = path;
  if (section !== 'tup' || nodes !== 'nodes' || typeof index !== 'number') return [...path];
  const dir = valueAt(input, ['tup', 'nodes', index, 'dir']);
  return typeof dir === 'string' ? ['tup', 'nodes', q(dir === '' ? '.' : dir), ...rest] : [...path];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Load a model: the built-in Codetracer model, or a file given with `--model`
 * (`.json`, or an ES module whose default export is the model data).
 */
export async function loadModel(file?: string): Promise<Model> {
  if (!file) {
    const { codetracer } = await import('../model/codetracer/index.js');
    return validateModel(codetracer, 'model/codetracer');
  }
  const path = resolvePath(file);
  let data: unknown;
  try {
    if (extname(path) === '.json') data = JSON.parse(await readFile(path, 'utf8'));
    else data = (await import(pathToFileURL(path).href)).default;
  } catch (error) {
    throw new ModelError([{ path: '(file)', message: `cannot load ${file}: ${(error as Error).message}` }], file);
  }
  return validateModel(data, file);
}
