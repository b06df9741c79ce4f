import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PLACEHOLDER, type SurfaceInvocation, type SurfaceKind } from '../../model/schema/index.js';
import { computeParity, type ParityRow } from '../../generator/parity/compare.js';
import { surfaceArgv } from '../../generator/resolve/surface-call.js';
import { generateFiles } from '../../generator/pipeline.js';
import type { GeneratedFile } from '../../generator/types.js';
import { writeStub } from '../support/stubs.js';
import { writeCodetracerTree } from '../support/codetracer-tree.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';

export const files: GeneratedFile[] = generateFiles(model);
export const fileAt = (path: string) => files.find((f) => f.path === path)!;
export const parityRows: ParityRow[] = computeParity(model);

export interface Tree {
  /** A Codetracer-shaped checkout: every generated file plus an empty source per target. */
  root: string;
  /** Recording stubs, to put first on PATH. */
  bin: string;
  nimLog: string;
  logs: string;
}

export function surfaceTree(prefix: string): Tree {
  const root = tempDir(prefix);
  // Every input the model declares (target sources, Tup inputs), then the generated files.
  writeCodetracerTree(root, model);
  for (const target of model.targets) {
    mkdirSync(dirname(join(root, target.source)), { recursive: true });
    writeFileSync(join(root, target.source), '');
  }
  const logs = tempDir(`${prefix}-logs`);
  const bin = join(logs, 'bin');
  const nimLog = join(logs, 'nim.jsonl');
  writeStub(bin, 'nim', nimLog, { createsOut: true });
  return { root, bin, nimLog, logs };
}

/** A recording stub (as writeStub) that then runs `body`, e.g. to create what the tool would. */
export function writeScriptStub(binDir: string, name: string, log: string, body: string): void {
  const path = writeStub(binDir, name, log);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/exit 0\n$/, `${body}\nexit 0\n`));
}

/** Recording stubs for `tools` (name → what it does after logging); returns each tool's log. */
export function stubTools(tree: Tree, tools: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tools).map(([name, body]) => {
      const log = join(tree.logs, `${name}.jsonl`);
      writeScriptStub(tree.bin, name, log, body);
      return [name, log];
    }),
  );
}

export const substitute = (value: string, vars: Readonly<Record<string, string>>) =>
  value.replace(PLACEHOLDER, (whole, name: string) => {
    const found = vars[name];
    if (found === undefined) throw new Error(`no test value for ${whole}`);
    return found;
  });

/** The surface kind of a call: its legacy invocation's, or its own for a new artefact. */
const kindOf = (call: SurfaceInvocation): SurfaceKind | undefined =>
  call.legacy === undefined ? call.surface : model.legacy.invocations.find((l) => l.id === call.legacy)?.surface;

/**
 * The argv each call of a surface runs, in the order the generated host file runs them (units in
 * model order, calls in model order within a unit), as the driver in `root` runs it: the checkout
 * root in place of `.` where the model writes `{root}` and before the source, placeholders replaced
 * by the values the host gives them. For a call that replaces a legacy invocation, this is the
 * argv `ct-gen parity` computed for it (checked here); a new artefact's call is resolved the same way.
 */
export function parityArgv(kind: SurfaceKind, root: string, vars: Readonly<Record<string, string>> = {}, only?: (call: SurfaceInvocation) => boolean): string[][] {
  const calls = model.surfaces.invocations.filter((c) => kindOf(c) === kind && (only?.(c) ?? true));
  const units = [...new Set(calls.map((c) => c.unit))];
  return units.flatMap((unit) => calls.filter((c) => c.unit === unit)).map((call) => {
    const rooted = surfaceArgv(model, call, root).map((a) => a.value);
    const row = call.legacy === undefined ? undefined : parityRows.find((r) => r.id === call.legacy);
    // The same resolver run with the checkout at root must differ from parity's only in the root.
    if (row && JSON.stringify(rooted.map((w) => w.split(root).join('.'))) !== JSON.stringify(row.current.argv)) throw new Error(`${row.id}: parity's argv is not the rooted argv`);
    return rooted.map((w) => substitute(w, vars));
  });
}

/** How many driver calls the generated host file of a surface makes. */
export const callCount = (kind: SurfaceKind, only?: (call: SurfaceInvocation) => boolean) =>
  model.surfaces.invocations.filter((c) => kindOf(c) === kind && (only?.(c) ?? true)).length;

export const env = (tree: Tree, extra: Record<string, string> = {}) => ({ PATH: `${tree.bin}:${process.env.PATH}`, ...extra });
