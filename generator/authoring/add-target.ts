import { Node } from './ts-morph.js';
import type { Model } from '../../model/schema/index.js';
import { q } from '../../model/schema/rules.js';
import { shownFile } from '../paths.js';
import { applyEdits, insertElement, type TextEdit } from './array-edit.js';
import { ArgumentError, newTarget, type AddTargetRequest, type NewTarget } from './new-target.js';
import { ModelSourceMap } from './ts-source.js';

/**
 * `ct-gen add-target` as edits of the model's TypeScript: where the target goes in `targets`
 * (after `--like`'s element, else last) and its rule in the Tup node, found through the model's
 * syntax (ts-source.ts: constants, imports, spreads), written with array-edit.ts. Nothing is
 * written here: the caller checks the edited model and writes it.
 */

/** The module and export that hold the model. */
export interface ModelEntry {
  file: string;
  exportName: string;
}

export interface EditedFile {
  file: string;
  before: string;
  after: string;
}

export type AddTargetPlan =
  | { kind: 'exists'; added: NewTarget; where: string | undefined }
  | {
      kind: 'edit';
      added: NewTarget;
      files: EditedFile[];
      /** Model paths of what was added: the target, and its Tup rule. */
      paths: { target: PropertyKey[]; rule?: PropertyKey[] };
    };

/** The model cannot be edited where the target goes (a list the model computes instead of writing it). */
export class UneditableModelError extends Error {}

export async function planAddTarget(model: Model, request: AddTargetRequest, entry: ModelEntry, cwd = process.cwd()): Promise<AddTargetPlan> {
  const map = new ModelSourceMap(entry.file, entry.exportName);
  const where = (path: PropertyKey[]) => {
    const trace = map.locate(path);
    return trace && `${shownFile(trace.file, cwd)}:${trace.position.line}:${trace.position.column}`;
  };
  const added = newTarget(model, request, where);
  if (added.exists) return { kind: 'exists', added, where: where(['targets', added.exists.index]) };

  const edits = new Map<string, { node: Node; edits: TextEdit[] }>();
  const edit = async (array: Node, after: Node | undefined, source: string) => {
    const file = array.getSourceFile();
    const entry = edits.get(file.getFilePath()) ?? { node: file, edits: [] };
    entry.edits.push(await insertElement(array, after, source));
    edits.set(file.getFilePath(), entry);
  };

  const targets = listAt(map, ['targets'], where, 'targets');
  const likeAt = added.like && targets.elements.find((e) => e.first <= added.like!.index && added.like!.index < e.first + e.count);
  const anchor = likeAt ?? targets.elements[targets.elements.length - 1];
  const targetIndex = anchor ? anchor.first + anchor.count : 0;
  await edit(targets.node, anchor?.node, targetSource(map, added, targets.node));

  let rule: PropertyKey[] | undefined;
  if (added.tup) {
    const { dir, node, rule: data } = added.tup;
    if (node === undefined) {
      const nodes = listAt(map, ['tup', 'nodes'], where, 'tup.nodes');
      const last = nodes.elements[nodes.elements.length - 1];
      await edit(nodes.node, last?.node, JSON.stringify({ dir, rules: [data], omitted: [] }));
      rule = ['tup', 'nodes', last ? last.first + last.count : 0, 'rules', 0];
    } else {
      const path = ['tup', 'nodes', node, 'rules'];
      let rules;
      try {
        rules = listAt(map, path, where, `the rules of tup.nodes[${q(dir === '' ? '.' : dir)}]`);
      } catch (error) {
        if (error instanceof UneditableModelError) throw new ArgumentError('--tup-dir', `${error.message}; add the rule there by hand`);
        throw error;
      }
      // After --like's rule, else after the node's last nim rule, else first: nim rules come before the copies of what they build.
      const existing = model.tup.nodes[node]!.rules;
      const likeRule = added.like ? existing.findIndex((r) => r.kind === 'nim' && r.target === added.like!.target.name) : -1;
      const at = likeRule >= 0 ? likeRule : existing.findLastIndex((r) => r.kind === 'nim');
      const after = at < 0 ? undefined : rules.elements.find((e) => e.first <= at && at < e.first + e.count);
      await edit(rules.node, after?.node, JSON.stringify(data));
      rule = [...path, after ? after.first + after.count : 0];
    }
  }

  const files = [...edits.entries()].map(([file, { node, edits: list }]) => {
    const before = node.getSourceFile().getFullText();
    return { file, before, after: applyEdits(before, list) };
  });
  return { kind: 'edit', added, files, paths: { target: ['targets', targetIndex], ...(rule && { rule }) } };
}

/** An array the model writes as a literal (elements may be spreads of written arrays); else why it cannot be edited. */
function listAt(map: ModelSourceMap, path: PropertyKey[], where: (path: PropertyKey[]) => string | undefined, what: string) {
  const node = map.expression(path);
  const elements = node && map.elements(node);
  if (node && elements) return { node, elements };
  const at = where(path);
  throw new UneditableModelError(`${what} ${at ? `(${at}) ` : ''}are computed, not written as a list`);
}

/**
 * The new target's object literal: every field written out, in the order the model's targets
 * use. Bundles, args and extra outputs are copied from `--like`'s element as written
 * (`bundles: entrypointBundles` stays a reference to the shared constant) when it is an object
 * literal in the same file; otherwise they are written as values.
 */
function targetSource(map: ModelSourceMap, added: NewTarget, targets: Node): string {
  const t = added.target;
  const like = added.like && map.expression(['targets', added.like.index]);
  const written = (field: string): string | undefined => {
    if (!like || !Node.isObjectLiteralExpression(like) || like.getSourceFile() !== targets.getSourceFile()) return undefined;
    // The last member that may set the field decides it, as in JavaScript.
    const last = like
      .getProperties()
      .filter((p) => Node.isSpreadAssignment(p) || ((Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && p.getName() === field))
      .pop();
    return last && Node.isPropertyAssignment(last) ? last.getInitializer()?.getText() : undefined;
  };
  const fields: [string, string][] = [
    ['name', JSON.stringify(t.name)],
    ['description', JSON.stringify(t.description)],
    ['kind', JSON.stringify(t.kind)],
    ['source', JSON.stringify(t.source)],
    ['output', JSON.stringify(t.output)],
    ['bundles', written('bundles') ?? JSON.stringify(t.bundles)],
    ['args', written('args') ?? JSON.stringify(t.args)],
    ['nimcache', JSON.stringify(t.nimcache)],
    ['extraOutputs', written('extraOutputs') ?? JSON.stringify(t.extraOutputs)],
  ];
  // A line break after `{` keeps prettier's layout one member per line, like the other targets.
  return `{\n${fields.map(([key, value]) => `${key}: ${value},`).join('\n')}\n}`;
}
