import { STAGED_DIR, TUP_ROOT } from '../../model/schema/names.js';
import { posix } from 'node:path';
import type { Model, TupNode } from '../../model/schema/index.js';
import { shellId } from '../../model/schema/names.js';
import { extraOutputs } from './argv.js';

/** Where the staged tree lives, relative to the Tup root `src/`. */
export const STAGED_ROOT = STAGED_DIR;

/** One Tup rule, every path already spelled relative to the node's staged directory. */
export interface ResolvedTupRule {
  foreach: boolean;
  /** Inputs as Tup reads them, e.g. `$(SRC_DIR)/codetracer.nim`. */
  inputs: string[];
  /** A `!macro` from Tuprules.tup; empty for a cargo rule, which the template spells out. */
  command: string;
  /** A cargo build: the template renders it with quoting helpers; `targetDir` and `built` are below `$(CT_SCRATCH)/`. */
  cargo?: { targetDir: string; release: boolean; locked: boolean; built: string };
  outputs: string[];
  /** Outputs after `|`: written by the command but not passed as `%o`. */
  extraOutputs: string[];
}

export interface ResolvedTupNode {
  dir: string;
  /** `src/build/ct/Tupfile`, relative to the repository root. */
  tupfile: string;
  /** This node's source directory, relative to its staged directory: `../../ct`. */
  srcDir: string;
  rules: ResolvedTupRule[];
  omitted: TupNode['omitted'];
}

/** What Tup's Tuprules define per platform, chosen by `@(TUP_PLATFORM)`. */
export interface TupPlatformBlock {
  name: string;
  tupPlatform: string;
  exeSuffix: string;
  scratch: string;
  stylus: { command: string; toStdout: boolean };
}

export interface ResolvedTup {
  exports: string[];
  /** The first platform is the fallback for any other TUP_PLATFORM; the rest get an `ifeq` block each. */
  platforms: TupPlatformBlock[];
  nodes: ResolvedTupNode[];
  /** Targets some Tup rule builds, each with its driver macro name. */
  nimMacros: { target: string; macro: string }[];
  omitted: Model['tup']['omitted'];
}

/** Tup variable holding the platform's executable suffix (see TupPlatformBlock). */
export const EXE_SUFFIX = '$(EXE_SUFFIX)';

export const nimMacro = (target: string) => `!ct_nim_${shellId(target).toLowerCase()}`;
export const COPY_MACRO = '!ct_copy';
export const STYLUS_MACRO = '!ct_stylus';

export function resolveTup(model: Model): ResolvedTup {
  const used: string[] = [];
  const nodes = model.tup.nodes.map((node) => {
    const staged = posix.join(STAGED_ROOT, node.dir);
    const fromStaged = (stagedPath: string) => posix.relative(staged, posix.join(STAGED_ROOT, stagedPath));
    const srcDir = posix.relative(staged, node.dir === '' ? '.' : node.dir);
    const source = (input: string) => `$(SRC_DIR)/${input}`;
    const rules = node.rules.map((rule): ResolvedTupRule => {
      switch (rule.kind) {
        case 'nim': {
          const target = model.targets.find((t) => t.name === rule.target)!;
          if (!used.includes(target.name)) used.push(target.name);
          const output = fromStaged(rule.output);
          const input = posix.relative(posix.join(TUP_ROOT, node.dir), target.source);
          const suffix = target.kind === 'nim-c' ? EXE_SUFFIX : '';
          return { foreach: false, inputs: [source(input)], command: nimMacro(target.name), outputs: [output + suffix], extraOutputs: extraOutputs(target, output) };
        }
        case 'cargo': {
          const cargo = { targetDir: rule.targetDir, release: rule.profile === 'release', locked: rule.locked, built: `${rule.targetDir}/${rule.profile}/${rule.binary}` };
          return { foreach: false, inputs: rule.inputs.map(source), command: '', cargo, outputs: [fromStaged(rule.output) + EXE_SUFFIX], extraOutputs: [] };
        }
        case 'stylus':
          return { foreach: true, inputs: rule.inputs.map(source), command: STYLUS_MACRO, outputs: ['%B.css'], extraOutputs: [] };
        case 'copy':
          return {
            foreach: false,
            inputs: [rule.fromBuild ? fromStaged(rule.input) : source(rule.input)],
            command: COPY_MACRO,
            outputs: [fromStaged(rule.output ?? posix.join(node.dir, rule.input))],
            extraOutputs: [],
          };
        case 'copy-glob': {
          const dir = posix.dirname(rule.glob);
          return { foreach: true, inputs: [source(rule.glob)], command: COPY_MACRO, outputs: [dir === '.' ? '%b' : `${dir}/%b`], extraOutputs: [] };
        }
      }
    });
    return { dir: node.dir, tupfile: posix.join(TUP_ROOT, staged, 'Tupfile'), srcDir, rules, omitted: node.omitted };
  });
  return {
    exports: model.tup.exports,
    platforms: model.platforms.map((p) => ({
      name: p.name,
      tupPlatform: p.tupPlatform,
      exeSuffix: p.exeSuffix,
      scratch: p.scratch,
      stylus: { command: p.stylus.command, toStdout: p.stylus.output === 'stdout' },
    })),
    nodes,
    nimMacros: model.targets.filter((t) => used.includes(t.name)).map((t) => ({ target: t.name, macro: nimMacro(t.name) })),
    omitted: model.tup.omitted,
  };
}
