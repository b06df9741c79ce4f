import { readFile } from 'node:fs/promises';
import { extname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    return { path: formatPath(namedNodes(input, issue.path)), message: `${issue.message}${shown}` };
  });
  throw new ModelError(issues, origin);
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
