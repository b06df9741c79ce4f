import { posix } from 'node:path';
import type { Model, Target } from '../../model/schema/index.js';
import { TargetSchema } from '../../model/schema/targets.js';
import { generatedTupDirs, shellId } from '../../model/schema/names.js';
import { q } from '../../model/schema/rules.js';
import { closest } from './suggest.js';

/**
 * What `ct-gen add-target` adds, decided from the command line and the model as data: the
 * target with every field written out, where its Tup rule goes, or why the request is refused
 * (an `ArgumentError` naming the argument). The model's own rules check the result afterwards;
 * these checks only say what is wrong in the terms of the command line.
 */

export interface AddTargetRequest {
  name: string;
  source: string;
  /** A target whose bundles, args, nimcache and extra outputs the new one takes, and after which it is inserted. */
  like?: string;
  kind?: keyof typeof KINDS;
  output?: string;
  description?: string;
  /** A Tup node's directory under src/ (`.` for src/ itself). */
  tupDir?: string;
  tupOutput?: string;
}

/** `--kind` on the command line → the model's target kind. */
export const KINDS = { c: 'nim-c', js: 'nim-js' } as const;

/** A request the command refuses; `argument` is how the command line spells what is wrong (`--source`, `<name>`). */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NimRule {
  kind: 'nim';
  target: string;
  output: string;
}

export interface NewTarget {
  target: Target;
  /** The `--like` target and its index. */
  like?: { index: number; target: Target };
  /** The Tup rule and its node's directory; `node` is undefined when the node is new. */
  tup?: { dir: string; node: number | undefined; rule: NimRule };
  /** Set when a target of this name already says everything the request says: nothing to do. */
  exists?: { index: number };
}

/** `where(path)` says where the model writes the value at a path (`model/codetracer/targets.ts:13:3`), for messages. */
export function newTarget(model: Model, request: AddTargetRequest, where: (path: PropertyKey[]) => string | undefined = () => undefined): NewTarget {
  const { name } = request;
  const named = TargetSchema.shape.name.safeParse(name);
  if (!named.success) throw new ArgumentError('<name>', `${q(name)} ${named.error.issues[0]!.message}`);
  const source = sourceOf(request.source);

  let like: NewTarget['like'];
  if (request.like !== undefined) {
    const index = model.targets.findIndex((t) => t.name === request.like);
    if (index < 0) throw new ArgumentError('--like', unknownName('target', request.like, model.targets.map((t) => t.name)));
    like = { index, target: model.targets[index]! };
  }

  const kind = request.kind !== undefined ? KINDS[request.kind] : (like?.target.kind ?? (name.startsWith('js:') ? 'nim-js' : 'nim-c'));
  // A js: name is a JS bundle's, and a JS bundle has one: a kind given or followed that contradicts the name is refused.
  if (name.startsWith('js:') !== (kind === 'nim-js')) {
    const [argument, given] = request.kind !== undefined ? ['--kind', `--kind ${request.kind}`] : ['--like', `--like ${request.like} (${kind === 'nim-js' ? 'a JS bundle' : 'a native executable'})`];
    throw new ArgumentError(
      argument,
      kind === 'nim-js'
        ? `${given} makes a JS bundle, whose name starts with js: (js:${name}); or use --kind c`
        : `${given} makes a native executable, but ${q(name)} names a JS bundle (js:); name it without js:, or use --kind js`,
    );
  }
  // A native executable is called what the driver builds (`--target ct-doctor` → ct-doctor); a bundle after its module, as nim names it.
  const output = request.output ?? (kind === 'nim-c' ? name.slice(name.indexOf(':') + 1) : `${posix.basename(source, '.nim')}.js`);
  const plain = TargetSchema.shape.output.safeParse(output);
  if (!plain.success) throw new ArgumentError('--output', `${q(output)} ${plain.error.issues[0]!.message} (the artefact's name; the Tup rule says where it is staged)`);
  const target: Target = {
    name,
    description: request.description ?? `${kind === 'nim-js' ? 'JavaScript bundle' : 'Native executable'} built from ${source}`,
    kind,
    source,
    output,
    bundles: [...(like?.target.bundles ?? [])],
    args: [...(like?.target.args ?? [])],
    nimcache: nimcacheLike(like?.target, name),
    extraOutputs: [...(like?.target.extraOutputs ?? [])],
  };
  const tup = tupPlacement(model, request, target);

  const index = model.targets.findIndex((t) => t.name === name);
  if (index >= 0) {
    const differences = differencesFrom(model, model.targets[index]!, target, request, tup);
    if (differences.length === 0) return { target: model.targets[index]!, like, tup, exists: { index } };
    const at = where(['targets', index]);
    throw new ArgumentError('<name>', `target ${q(name)} already exists${at ? ` (${at})` : ''}, with ${differences.join(', ')}; choose another name`);
  }
  const twin = model.targets.find((t) => shellId(t.name) === shellId(name));
  if (twin) throw new ArgumentError('<name>', `${q(name)} and the target ${q(twin.name)} both become ${shellId(name)} in generated files; choose another name`);
  const sameOutput = model.targets.find((t) => t.output === output);
  if (sameOutput) {
    const why = request.output === undefined ? ` (named after ${kind === 'nim-c' ? '<name>' : '--source'})` : '';
    throw new ArgumentError('--output', `${q(output)}${why} is already the output of target ${q(sameOutput.name)}; name another with --output`);
  }
  return { target, like, tup };
}

/** nim's own nimcache, or a fixed one beside the like's: two targets sharing a nimcache race when Tup builds both at once. */
function nimcacheLike(like: Target | undefined, name: string): Target['nimcache'] {
  if (like?.nimcache.policy !== 'fixed') return { policy: 'nim-default' };
  return { policy: 'fixed', path: `${posix.dirname(like.nimcache.path)}/${name.replace(/:/g, '-')}` };
}

/** A source as the model writes it: under src/, relative to the checkout root, ending in .nim. */
function sourceOf(given: string): string {
  const normal = posix.normalize(given);
  if (given.startsWith('/') || given.includes('\\') || normal.startsWith('../') || !normal.startsWith('src/')) {
    throw new ArgumentError('--source', `${q(given)} is outside src/: a target's source is a path under src/ relative to the checkout root, e.g. src/ct/doctor.nim`);
  }
  if (!normal.endsWith('.nim')) throw new ArgumentError('--source', `${q(given)} must end with .nim`);
  return normal;
}

function tupPlacement(model: Model, request: AddTargetRequest, target: Target): NewTarget['tup'] {
  if (request.tupDir === undefined) {
    if (request.tupOutput !== undefined) throw new ArgumentError('--tup-output', 'needs --tup-dir, the Tup node the rule goes into');
    return undefined;
  }
  const given = request.tupDir;
  const dir = given === '.' || given === './' ? '' : posix.normalize(given).replace(/\/+$/, '');
  if (given === '' || given.startsWith('/') || given.includes('\\') || dir === '..' || dir.startsWith('../')) {
    throw new ArgumentError('--tup-dir', `${q(given)} must be a directory relative to src/ (e.g. ct, or . for src/ itself)`);
  }
  const shown = (d: string) => (d === '' ? '.' : d);
  const generated = generatedTupDirs(model.tup.variants);
  if (generated.some((g) => dir === g || dir.startsWith(`${g}/`))) {
    throw new ArgumentError('--tup-dir', `${q(given)} is where Tup builds (src/build or a variant directory), not a source directory with a Tup node`);
  }
  const node = model.tup.nodes.findIndex((n) => n.dir === dir);
  // A new node only for the directory of the source, so that a misspelled node is never made.
  if (node < 0 && !target.source.startsWith(`src/${dir}/`)) {
    const nodes = model.tup.nodes.map((n) => shown(n.dir));
    throw new ArgumentError('--tup-dir', `${unknownName('Tup node', shown(dir), nodes)} (a new node is made only for a directory that holds --source)`);
  }
  const output = request.tupOutput ?? (target.kind === 'nim-c' ? `bin/${target.output}` : posix.join(dir, target.output));
  return { dir, node: node < 0 ? undefined : node, rule: { kind: 'nim', target: target.name, output } };
}

/** What an existing target of the same name says differently from the request (what the request left to defaults is not compared). */
function differencesFrom(model: Model, existing: Target, wanted: Target, request: AddTargetRequest, tup: NewTarget['tup']): string[] {
  const out: string[] = [];
  const field = (key: 'kind' | 'source' | 'output' | 'description') => {
    if (existing[key] !== wanted[key]) out.push(`${key} ${q(existing[key])} (not ${q(wanted[key])})`);
  };
  field('kind');
  field('source');
  field('output');
  if (request.description !== undefined) field('description');
  if (tup) {
    const rules = tup.node === undefined ? [] : model.tup.nodes[tup.node]!.rules.filter((r) => r.kind === 'nim' && r.target === existing.name);
    const node = `tup.nodes[${q(tup.dir === '' ? '.' : tup.dir)}]`;
    if (rules.length === 0) out.push(`no Tup rule in ${node}`);
    else if (!rules.some((r) => r.kind === 'nim' && r.output === tup.rule.output)) out.push(`its rule in ${node} writing ${rules.map((r) => q(r.kind === 'nim' ? r.output : '')).join(', ')} (not ${q(tup.rule.output)})`);
  }
  return out;
}

function unknownName(what: string, name: string, known: readonly string[]): string {
  const meant = closest(name, known);
  return `unknown ${what} ${q(name)}; ${meant ? `did you mean ${q(meant)}?` : `known: ${known.join(', ')}`}`;
}
