import { resolve } from 'node:path';
import { Node } from './ts-morph.js';
import type { Position } from './json-positions.js';
import { ModelModules } from './ts-modules.js';

/**
 * Where a value of a TypeScript (or JavaScript) model comes from: the source node a zod issue
 * path leads to, following object literals, arrays, spreads (`...x`), shared constants and
 * imports between model files (`ts-modules.ts`) — the model is data, so its syntax is followed,
 * never run.
 */

/** A step of the path into a named constant: `entrypointBundles`, reached at `targets[0].bundles`. */
export interface Hop {
  /** How many keys of the model path lead to the place that names the constant. */
  depth: number;
  name: string;
  /** The keys followed inside the constant (indices as the constant counts them). */
  local: PropertyKey[];
}

export interface SourceTrace {
  /** Absolute path of the file. */
  file: string;
  position: Position;
  /** Every constant the path went through, outermost first; the first is the model's export. */
  hops: Hop[];
  /** Keys of the path the trace followed; fewer than the path's when a value is computed (a call) or missing. */
  depth: number;
}

interface Reached {
  node: Node;
  depth: number;
  hops: readonly Hop[];
  /** The property name of a member, where an unknown field is reported. */
  keyNode?: Node;
  /** Reached through a computation (`xs.map(f)`): keys below it cannot be followed. */
  final?: boolean;
}

/** A key that is not there (`absent`), or behind something that is not data (`opaque`, with where it stops). */
type Step = Reached | { absent: true } | { opaque: Node };

const MAX_STEPS = 200;

export class ModelSourceMap {
  private readonly modules = new ModelModules();
  private readonly root: Reached | undefined;

  /** The model is the export `exportName` (`default` for `export default`) of `entryFile`. */
  constructor(entryFile: string, exportName: string) {
    const file = this.modules.file(resolve(entryFile));
    const node = file && this.modules.exported(file, exportName);
    this.root = node && { node, depth: 0, hops: [{ depth: 0, name: exportName, local: [] }] };
  }

  /** Where the value at `path` is written; with `key`, where its property name is (an unknown field). */
  locate(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourceTrace | undefined {
    const at = this.reach(path, options.key ?? false);
    if (!at) return undefined;
    const node = options.key && at.depth === path.length && at.keyNode ? at.keyNode : at.node;
    const source = node.getSourceFile();
    const { line, column } = source.getLineAndColumnAtPos(node.getStart());
    return { file: source.getFilePath(), position: { line, column }, hops: [...at.hops], depth: at.depth };
  }

  /**
   * The expression that writes the value at `path` (an object or array literal, a string…), when
   * the path can be followed all the way as data; undefined when it ends at a computation (a
   * call, `xs.map(f)`) or at nothing.
   */
  expression(path: readonly PropertyKey[]): Node | undefined {
    const at = this.reach(path, false);
    return at && at.depth === path.length && !at.final ? at.node : undefined;
  }

  /**
   * The elements of an array literal as written, each with the index of the first value it gives
   * and how many it gives (a spread gives its array's length); undefined when a spread's length
   * is not written as data.
   */
  elements(array: Node): { node: Node; first: number; count: number }[] | undefined {
    if (!Node.isArrayLiteralExpression(array)) return undefined;
    const out: { node: Node; first: number; count: number }[] = [];
    let first = 0;
    for (const item of array.getElements()) {
      const count = Node.isSpreadElement(item) ? this.length({ node: item.getExpression(), depth: 0, hops: [] }) : 1;
      if (count === undefined) return undefined;
      out.push({ node: item, first, count });
      first += count;
    }
    return out;
  }

  private reach(path: readonly PropertyKey[], key: boolean): Reached | undefined {
    if (!this.root) return undefined;
    let at = this.valueOf(this.root);
    for (const [i, k] of path.entries()) {
      if (at.final) break;
      const step = typeof k === 'number' ? this.element(at, k) : this.member(at, String(k));
      if ('absent' in step) break;
      if ('opaque' in step) {
        at = { ...at, node: step.opaque, final: true };
        break;
      }
      at = { ...step, depth: at.depth + 1 };
      if (!(key && i === path.length - 1)) at = this.valueOf(at);
    }
    return at;
  }

  /** The expression that gives a value: through parentheses, type assertions, constants and member accesses. */
  private valueOf(at: Reached): Reached {
    let current = at;
    for (let guard = 0; guard < MAX_STEPS; guard++) {
      const node = current.node;
      if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isNonNullExpression(node) || Node.isTypeAssertion(node)) {
        current = { ...current, node: node.getExpression() };
      } else if (Node.isIdentifier(node)) {
        const declared = this.modules.binding(node.getSourceFile(), node.getText());
        if (!declared) return current;
        // Named as where it is defined (`import { a as b }` uses `b` for `a`).
        const parent = declared.getParent();
        const name = Node.isVariableDeclaration(parent) ? parent.getName() : node.getText();
        current = { ...current, node: declared, hops: [...current.hops, { depth: current.depth, name, local: [] }] };
      } else if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
        const base = this.valueOf({ node: node.getExpression(), depth: current.depth, hops: current.hops });
        const key = Node.isPropertyAccessExpression(node) ? node.getName() : literalKey(node.getArgumentExpression());
        const step = key === undefined ? undefined : typeof key === 'number' ? this.element(base, key) : this.member(base, key);
        if (!step || 'absent' in step || 'opaque' in step) return current;
        current = { ...step, depth: current.depth, keyNode: current.keyNode };
      } else return current;
    }
    return current;
  }

  /** The member `key` of an object literal: the last property of that name, or of a spread that has it. */
  private member(at: Reached, key: string): Step {
    const object = this.valueOf(at);
    if (!Node.isObjectLiteralExpression(object.node)) return { opaque: object.node };
    const properties = object.node.getProperties();
    for (let i = properties.length - 1; i >= 0; i--) {
      const property = properties[i]!;
      if (Node.isSpreadAssignment(property)) {
        const inner = this.member({ node: property.getExpression(), depth: object.depth, hops: object.hops }, key);
        if ('absent' in inner) continue;
        return inner;
      }
      if ((Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) && propertyName(property.getNameNode()) === key) {
        const value = Node.isPropertyAssignment(property) ? property.getInitializer() : property.getNameNode();
        if (!value) return { opaque: property };
        return { node: value, depth: object.depth, hops: withLocal(object.hops, key), keyNode: property.getNameNode() };
      }
    }
    return { absent: true };
  }

  /** Element `index` of an array literal, counting the elements of spreads; of `xs.map(f)`, the element of `xs` it is made from. */
  private element(at: Reached, index: number): Step {
    const array = this.valueOf(at);
    const node = array.node;
    if (Node.isCallExpression(node)) {
      const receiver = mappedReceiver(node);
      if (!receiver) return { opaque: node };
      const inner = this.element({ node: receiver, depth: array.depth, hops: array.hops }, index);
      return 'node' in inner ? { ...inner, final: true } : inner;
    }
    if (!Node.isArrayLiteralExpression(node)) return { opaque: node };
    let offset = 0;
    for (const item of node.getElements()) {
      if (Node.isSpreadElement(item)) {
        const spread = this.valueOf({ node: item.getExpression(), depth: array.depth, hops: array.hops });
        const length = this.length(spread);
        if (length === undefined) return { opaque: item };
        if (index < offset + length) return this.element(spread, index - offset);
        offset += length;
      } else if (offset++ === index) {
        return { node: item, depth: array.depth, hops: withLocal(array.hops, index) };
      }
    }
    return { absent: true };
  }

  /** How many elements an array expression has, when its syntax says. */
  private length(at: Reached, guard = 0): number | undefined {
    const value = this.valueOf(at);
    if (guard > MAX_STEPS) return undefined;
    if (Node.isCallExpression(value.node)) {
      const receiver = mappedReceiver(value.node);
      return receiver && this.length({ ...value, node: receiver }, guard + 1);
    }
    if (!Node.isArrayLiteralExpression(value.node)) return undefined;
    let total = 0;
    for (const item of value.node.getElements()) {
      if (!Node.isSpreadElement(item)) total++;
      else {
        const inner = this.length({ ...value, node: item.getExpression() }, guard + 1);
        if (inner === undefined) return undefined;
        total += inner;
      }
    }
    return total;
  }

}

function withLocal(hops: readonly Hop[], key: PropertyKey): Hop[] {
  const last = hops[hops.length - 1]!;
  return [...hops.slice(0, -1), { ...last, local: [...last.local, key] }];
}

/** The receiver of `xs.map(f)`: each element of the result is made from the element of `xs` at the same index. */
function mappedReceiver(call: Node): Node | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'map' ? callee.getExpression() : undefined;
}

function propertyName(name: Node): string | undefined {
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) || Node.isNumericLiteral(name)) return String(name.getLiteralValue());
  if (Node.isComputedPropertyName(name)) {
    const key = literalKey(name.getExpression());
    return key === undefined ? undefined : String(key);
  }
  return undefined;
}

function literalKey(node: Node | undefined): string | number | undefined {
  if (!node) return undefined;
  if (Node.isNumericLiteral(node)) return node.getLiteralValue();
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  return undefined;
}
