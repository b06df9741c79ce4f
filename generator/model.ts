import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { checkSurfaces, ModelSchema, type Model } from '../model/schema/index.js';
import type { FamilyRules } from './families/contract.js';
import { FAMILY_RULES, familyIssues, SURFACES } from './families/registry.js';
import { formatPath, q } from '../model/schema/rules.js';

export interface ModelIssue {
  /** `targets[3].source` */
  path: string;
  message: string;
  /** The issue's path as zod gives it: `['targets', 3, 'source']`. */
  at: readonly PropertyKey[];
  /** For a misspelled field: the unknown keys of the object at `at`, and the fields it has. */
  unknown?: { keys: readonly string[]; known: readonly string[] | undefined };
}

/** Where model data was written, so that problems can be shown at their source (`generator/authoring/`). */
export type ModelSource = { kind: 'module'; file: string; exportName: string } | { kind: 'json'; file: string };

/** A model that failed validation; carries every issue, not just the first, with the data and where it came from. */
export class ModelError extends Error {
  constructor(
    readonly issues: ModelIssue[],
    readonly origin: string,
    readonly input?: unknown,
    readonly source?: ModelSource,
  ) {
    super(`invalid model (${origin}):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
}

/** The model's schema with the rules that come from output families: the surfaces they render and each family's own. */
const validating = (families: readonly FamilyRules[]) =>
  ModelSchema.superRefine((model, ctx) => {
    checkSurfaces(model, ctx, families === FAMILY_RULES ? SURFACES : families.flatMap((f) => f.surfaces ?? []));
    for (const { path, message } of familyIssues(model, families)) ctx.addIssue({ code: 'custom', path, message });
  });
const ValidatedModelSchema = validating(FAMILY_RULES);

/** Validate raw model data: zod schemas plus the cross-field rules (those of `families`: by default the registry's). */
export function validateModel(input: unknown, origin = 'model', source?: ModelSource, families: readonly FamilyRules[] = FAMILY_RULES): Model {
  // jitless: zod would compile a parser for each object schema with `new Function`, which a model parsed once per run never earns back.
  const result = (families === FAMILY_RULES ? ValidatedModelSchema : validating(families)).safeParse(input, { jitless: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue): ModelIssue => {
    const value = valueAt(input, issue.path);
    const shown = value !== undefined && typeof value !== 'object' && !issue.message.includes(q(value)) ? ` (got ${q(value)})` : '';
    const path = formatPath(namedNodes(input, issue.path));
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(ModelSchema, input, issue.path);
      return { path, message: unknownFields(issue.keys, known), at: issue.path, unknown: { keys: issue.keys, known } };
    }
    return { path, message: `${issue.message}${shown}`, at: issue.path };
  });
  throw new ModelError(issues, origin, input, source);
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

/** The value at a path of the input, or undefined where the path leaves it. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Load a model: the built-in Codetracer model, or a file given with `--model`
 * (`.json`, or an ES module whose default export is the model data). `text`: a JSON model's
 * content as the caller already read it.
 */
export async function loadModel(file?: string, text?: string): Promise<Model> {
  if (!file) {
    const [{ codetracer }, { packageRoot }] = await Promise.all([import('../model/codetracer/index.js'), import('./paths.js')]);
    return validateModel(codetracer, 'model/codetracer', { kind: 'module', file: join(packageRoot, 'model', 'codetracer', 'index.ts'), exportName: 'codetracer' });
  }
  const path = resolvePath(file);
  const json = extname(path) === '.json';
  const source: ModelSource = json ? { kind: 'json', file: path } : { kind: 'module', file: path, exportName: 'default' };
  let data: unknown;
  try {
    // Said plainly, before Node's module loader words it from inside the bundle.
    if (text === undefined) {
      const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new Error('no such file');
        throw error;
      });
      if (info.isDirectory()) throw new Error('it is a directory; give the model file (.json, or an ES module whose default export is the model)');
    }
    // A byte-order mark, which editors may write, is no JSON (the positions' scan skips it too).
    if (json) data = withoutSchemaReference(JSON.parse((text ?? (await readFile(path, 'utf8'))).replace(/^\uFEFF/, '')));
    else data = (await import(pathToFileURL(path).href)).default;
  } catch (error) {
    throw new ModelError([{ path: '(file)', message: `cannot load the model: ${(error as Error).message}`, at: [] }], file, undefined, source);
  }
  return validateModel(data, file, source);
}

/** A JSON model may name its JSON Schema (`"$schema": "<path of the generated schema>"`) for editor completion; it is no model field. */
function withoutSchemaReference(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('$schema' in data)) return data;
  const { $schema: _schema, ...model } = data as Record<string, unknown>;
  return model;
}
