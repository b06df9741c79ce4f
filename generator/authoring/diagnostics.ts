import { readFileSync } from 'node:fs';
import { shownFile } from '../paths.js';
import { type ModelError, type ModelIssue, type ModelSource, valueAt } from '../model.js';
import { jsonPositions, pathKey, type Position } from './json-positions.js';
import { indexedPath, listSites, namedPath } from './named-path.js';
import { unknownFieldMessage, withSuggestion } from './suggest.js';
import type { Hop, SourceTrace } from './ts-source.js';

/**
 * A failed validation as an editor reads it, one problem per line:
 * `model/codetracer/targets.ts:147:5: targets["ct-doctor"].bundles[1]: unknown bundle "entrypont"; did you mean "entrypoint"?`
 * A value written once and reached from many places (a shared constant, a spread) is one
 * problem at its definition, with the places that use it.
 */

/** One problem of the model: an issue, or one key of an issue with several unknown fields. */
interface Problem {
  /** The model path of the value (for an unknown field, of the field's object). */
  at: readonly PropertyKey[];
  /** The misspelled key, located at its name. */
  field?: string;
  message: string;
  /** `at` as printed: array elements by name. */
  shown: string;
}

export interface Located {
  /** `file:line:col`, or the model's origin when the source cannot be read. */
  where: string;
  /** `targets["ct"].bundles[0]`, or the shared constant's `entrypointBundles[0]`. */
  path: string;
  message: string;
  /** Where a shared definition is used, when more than one place reaches it. */
  usedBy?: string;
}

type Locator = (path: readonly PropertyKey[], key: boolean) => SourceTrace | undefined;

/** Every problem of a failed validation, located and merged; `cwd` decides how file names are shown. */
export async function locateModelError(error: ModelError, cwd = process.cwd()): Promise<Located[]> {
  const locator = await locatorFor(error.source);
  const groups = new Map<string, Member[]>();
  for (const problem of error.issues.flatMap((issue) => problemsOf(issue, error.input))) {
    const trace = traceOf(locator, problem);
    const where = trace ? `${shownFile(trace.file, cwd)}:${trace.position.line}:${trace.position.column}` : error.origin;
    // Without a source location, only the same problem at the same path is the same problem. A
    // missing value is located at the object that lacks it: the same field missing there is one
    // problem (an object written once, reached from several places), different fields are not.
    const same = !trace ? pathKey(problem.at) : isMissing(error.input, problem) ? String(problem.at.at(-1)) : '';
    const key = `${where}\0${same}\0${problem.message}`;
    groups.set(key, [...(groups.get(key) ?? []), { problem, trace, where }]);
  }
  return [...groups.values()].map((members) => located(error.input, members));
}

/** The lines `ct-gen` prints for a failed validation (each ends with a newline), then the count. */
export async function formatModelError(error: ModelError, cwd = process.cwd()): Promise<string> {
  if (error.input === undefined && error.source) return unloaded(error, error.source, cwd);
  const all = await locateModelError(error, cwd);
  const lines = all.map((p) => `${p.where}: ${p.path}: ${p.message}\n${p.usedBy ? `  used by ${p.usedBy}\n` : ''}`);
  return `${lines.join('')}ct-gen: invalid model (${error.origin}): ${all.length} problem${all.length === 1 ? '' : 's'}\n`;
}

/**
 * A model file that could not be read or parsed: the file, and for JSON the place the text stops
 * being JSON. JSON.parse names an offset for some errors only (`at position 18`); for the others
 * (`Unexpected end of JSON input`, `Unexpected token '}', "…" is not valid JSON`, with the text
 * quoted) the place is where the position-keeping scan of the same text stops.
 */
function unloaded(error: ModelError, source: ModelSource, cwd: string): string {
  return error.issues
    .map((issue) => {
      let where = shownFile(source.file, cwd);
      let message = issue.message;
      const text = source.kind === 'json' && /JSON/.test(message) ? readable(source.file) : undefined;
      if (text !== undefined) {
        const offset = /at position (\d+)/.exec(message)?.[1];
        const place = offset !== undefined ? placeOf(text, Number(offset)) : scanStop(text);
        if (place !== undefined) where += `:${place.line}:${place.column}`;
        message = message.replace(/, ".*" is not valid JSON$/s, '').replace(/(?: in JSON)? at position \d+.*$/s, '');
      }
      return `${where}: ${message}\n`;
    })
    .join('');
}

function readable(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function placeOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Where jsonPositions' scan finds the text not JSON (`… at LINE:COL`). */
function scanStop(text: string): Position | undefined {
  try {
    jsonPositions(text);
  } catch (error) {
    const at = /at (\d+):(\d+)$/.exec((error as Error).message);
    if (at) return { line: Number(at[1]), column: Number(at[2]) };
  }
  return undefined;
}

/** Where a problem's value is written; a source shape the locator does not know leaves the problem at its model path. */
function traceOf(locator: Locator | undefined, problem: Problem): SourceTrace | undefined {
  try {
    return locator?.(problem.field === undefined ? problem.at : [...problem.at, problem.field], problem.field !== undefined);
  } catch {
    return undefined;
  }
}

/** Whether the problem is of a value the model leaves out (not of an unknown field, which is written). */
function isMissing(input: unknown, problem: Problem): boolean {
  return problem.field === undefined && problem.at.length > 0 && valueAt(input, problem.at) === undefined;
}

interface Member {
  problem: Problem;
  trace: SourceTrace | undefined;
  where: string;
}

function problemsOf(issue: ModelIssue, input: unknown): Problem[] {
  // A file that cannot be loaded has no data to name paths in: `(file)`.
  const at = indexedPath(input, issue.at);
  const shown = at.length === 0 ? issue.path : namedPath(input, at);
  if (issue.unknown) return issue.unknown.keys.map((key) => ({ at, field: key, message: unknownFieldMessage(key, issue.unknown!.known), shown }));
  return [{ at, message: withSuggestion(issue.message), shown }];
}

/** One printed problem for every route that reaches the same source with the same message. */
function located(input: unknown, members: Member[]): Located {
  const { problem, trace, where } = members[0]!;
  const path = problem.shown;
  if (members.length === 1 || !trace) return { where, path, message: problem.message };
  // The routes part at the first constant they enter from different places: those places use it.
  const hops = members.map((m) => m.trace?.hops ?? []);
  const split = firstDifference(members.map((m, i) => hops[i]!.map((h) => pathKey(m.problem.at.slice(0, h.depth)))));
  const sites = unique(members.map((m, i) => m.problem.at.slice(0, hops[i]![split]?.depth ?? m.problem.at.length)));
  const last = trace.hops[trace.hops.length - 1];
  const shared = last && trace.hops.length > split ? constantPath(last, problem.field) : path;
  return { where, path: shared, message: problem.message, usedBy: listSites(input, sites) };
}

function firstDifference(lists: string[][]): number {
  for (let i = 0; ; i++) {
    const first = lists[0]![i];
    if (first === undefined || lists.some((l) => l[i] !== first)) return i;
  }
}

/** `entrypointBundles[0]`, `packagedBinary.withoutBundles[1]`. */
function constantPath(hop: Hop, field: string | undefined): string {
  const keys = field !== undefined && hop.local[hop.local.length - 1] === field ? hop.local.slice(0, -1) : hop.local;
  let out = hop.name;
  for (const key of keys) out += typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`;
  return out;
}

function unique(paths: (readonly PropertyKey[])[]): (readonly PropertyKey[])[] {
  const seen = new Set<string>();
  return paths.filter((p) => !seen.has(pathKey(p)) && seen.add(pathKey(p)));
}


/** How to find a problem in the model's source: ts-morph for modules, a position-keeping scan for JSON. */
async function locatorFor(source: ModelSource | undefined): Promise<Locator | undefined> {
  if (!source) return undefined;
  try {
    if (source.kind === 'json') return jsonLocator(source.file);
    const { ModelSourceMap } = await import('./ts-source.js');
    const map = new ModelSourceMap(source.file, source.exportName);
    return (path, key) => map.locate(path, { key });
  } catch {
    // ts-morph is a development dependency; without it (or the sources) problems keep their model paths.
    return undefined;
  }
}

function jsonLocator(file: string): Locator {
  const entries = jsonPositions(readFileSync(file, 'utf8'));
  return (path, key) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const entry = entries.get(pathKey(path.slice(0, depth)));
      if (!entry) continue;
      const position: Position = key && depth === path.length && entry.key ? entry.key : entry.value;
      return { file, position, hops: [], depth };
    }
    return undefined;
  };
}
