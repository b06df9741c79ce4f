import { join, resolve } from 'node:path';
import type { ReportOptions } from '../check.js';
import type { Generation } from '../generation.js';
import { modelFilesOf } from '../model-sources.js';
import { packageRoot, shownFile } from '../paths.js';
import { shellJoin } from '../shell-quote.js';

/**
 * Commands ct-gen tells its user to run, spelled to work when pasted into a shell in the
 * directory ct-gen ran in: every word shell-quoted, `--dest` and `--model` exactly as given.
 */

/** A path below the package root as the user sees it: relative to the working directory when inside it, else absolute. */
export const shownPath = (pathInPackage: string, cwd = process.cwd()): string => shownFile(join(packageRoot, pathInPackage), cwd);

/** `npx ct-gen …` in ct-gen's own directory (its package.json has the bin), `node <path>/bin/ct-gen.js …` anywhere else. */
export function ctGenCommand(args: readonly string[], cwd = process.cwd()): string {
  const program = resolve(cwd) === packageRoot ? ['npx', 'ct-gen'] : ['node', shownPath('bin/ct-gen.js', cwd)];
  return shellJoin([...program, ...args]);
}

export interface GenerateFlags {
  dest?: string;
  model?: string;
  force?: boolean;
  adopt?: boolean;
}

/** The `generate` command with the same destination and model, plus the flags the plan needs. */
export function generateCommandLine(flags: GenerateFlags, cwd = process.cwd()): string {
  return ctGenCommand(
    [
      'generate',
      ...(flags.dest !== undefined ? ['--dest', flags.dest] : []),
      ...(flags.model !== undefined ? ['--model', flags.model] : []),
      ...(flags.adopt ? ['--adopt'] : []),
      ...(flags.force ? ['--force'] : []),
    ],
    cwd,
  );
}

/**
 * What check and generate need to explain a plan: the model files behind each generated path
 * (from the family that generated it and the concepts that family reads) and the command that
 * applies it.
 */
export function reportOptions(generation: Pick<Generation, 'files' | 'concepts'>, flags: Pick<GenerateFlags, 'dest' | 'model'>, color: boolean): ReportOptions {
  let families: Map<string, string> | undefined;
  return {
    color,
    modelFiles: (path) => {
      families ??= new Map(generation.files.flatMap((f) => (f.family === undefined ? [] : [[f.path, f.family] as const])));
      const family = families.get(path);
      return family === undefined ? [] : modelFilesOf(generation.concepts[family] ?? [], { model: flags.model, builtIn: (p) => shownPath(p) });
    },
    command: ({ force, adopt }) => generateCommandLine({ ...flags, force, adopt }),
  };
}
