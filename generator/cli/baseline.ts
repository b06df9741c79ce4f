import type { CommandModule } from 'yargs';
import type { Baseline } from '../../model/schema/baseline.js';
import type { BaselineVariant } from '../baseline/record.js';
import type { ResolvedVariant } from '../resolve/view.js';
import { EXIT_FAILED, EXIT_OK, run } from './errors.js';

interface BaselineArgs {
  from: string;
  write?: boolean;
  check?: boolean;
  out?: string;
  commit?: string;
  model?: string;
}

/** The resolved model's Tup variants in the recording's terms: the same facts, its tup.config lines as `config`. */
export function variantsOf(variants: readonly ResolvedVariant[]): BaselineVariant[] {
  return variants.map((v) => ({ name: v.name, dir: v.dir, profile: v.profile, ...(v.platform !== undefined && { platform: v.platform }), config: v.tupConfig }));
}

export const baselineCommand: CommandModule<object, BaselineArgs> = {
  command: 'baseline',
  describe: "Record the nim command lines of a Codetracer checkout's legacy build (the baseline parity reads); print it, --write it or --check it",
  builder: (y) =>
    y
      .option('from', { type: 'string', demandOption: true, requiresArg: true, describe: 'the Codetracer checkout to read (its src/Tupfile.ini is the Tup root)' })
      .option('write', { type: 'boolean', describe: 'write the baseline file instead of printing it' })
      .option('check', { type: 'boolean', describe: 'compare with the baseline file; exit 1 when a build setting changed' })
      .conflicts('write', 'check')
      .option('out', { type: 'string', requiresArg: true, describe: 'the baseline file (default: model/codetracer/baseline.json of ct-gen)' })
      .option('commit', { type: 'string', requiresArg: true, describe: "the commit to record (default: the checkout's git HEAD, if it is a git work tree)" }),
  handler: (argv) =>
    run(async () => {
      const { existsSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      if (!existsSync(join(argv.from, 'src', 'Tupfile.ini'))) throw new Error(`--from ${argv.from}: no src/Tupfile.ini there; give the root of a Codetracer checkout`);
      const [{ loadModel }, { resolveModel }, { recordBaseline }, { formatBaseline }, { packageRoot }] = await Promise.all([
        import('../model.js'),
        import('../resolve/view.js'),
        import('../baseline/record.js'),
        import('../baseline/file.js'),
        import('../paths.js'),
      ]);
      const model = await loadModel(argv.model);
      const file = argv.out !== undefined ? resolve(argv.out) : join(packageRoot, 'model', 'codetracer', 'baseline.json');
      // Before recording, which runs tup: a folder where the file is read or written, or for
      // --write anything else that is no regular file (--check may read a pipe: --out <(git show …)).
      if (argv.check || argv.write) {
        const { statSync } = await import('node:fs');
        const there = statSync(file, { throwIfNoEntry: false });
        const named = argv.out === undefined ? file : `--out ${argv.out}`;
        if (there?.isDirectory()) throw new Error(`${named}: is a directory; give the baseline file`);
        if (argv.write && there !== undefined && !there.isFile()) throw new Error(`${named}: is not a regular file; give the file to write`);
      }
      const { baseline, notes } = recordBaseline(argv.from, variantsOf(resolveModel(model).variants), { commit: argv.commit, allow: model.lint.allow });
      for (const note of notes) process.stderr.write(`ct-gen: note: ${note}\n`);
      if (argv.check) return check(file, baseline, resolve(argv.from));
      const text = formatBaseline(baseline);
      if (!argv.write) {
        process.stdout.write(text);
        return EXIT_OK;
      }
      const { dirname } = await import('node:path');
      const [{ makeDirectory }, { writeWhole }] = await Promise.all([import('../make-dirs.js'), import('../cache-files.js')]);
      await makeDirectory(dirname(file));
      writeWhole(file, text);
      const tup = baseline.invocations.filter((i) => i.surface === 'tup').length;
      process.stderr.write(`ct-gen baseline: wrote ${file}: ${baseline.invocations.length} invocations (${tup} tup, ${baseline.invocations.length - tup} other)\n`);
      return EXIT_OK;
    }),
};

async function check(file: string, recorded: Baseline, root: string): Promise<number> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { parseBaseline } = await import('../baseline/file.js');
  const { baselineDrift } = await import('../baseline/drift.js');
  if (!existsSync(file)) {
    process.stderr.write(`ct-gen baseline: ${file} does not exist; record it with --write\n`);
    return EXIT_FAILED;
  }
  const drift = baselineDrift(parseBaseline(readFileSync(file, 'utf8'), file), recorded, root);
  for (const note of drift.notes) process.stderr.write(`ct-gen: note: ${note}\n`);
  if (drift.changes.length === 0) {
    process.stdout.write(`ct-gen baseline: ${file} is up to date (${recorded.invocations.length} invocations)\n`);
    return EXIT_OK;
  }
  process.stderr.write(drift.changes.map((c) => `${c}\n`).join(''));
  process.stderr.write(`ct-gen baseline: ${drift.changes.length} change(s) since ${file}; rerun with --write to record them\n`);
  return EXIT_FAILED;
}
