import { checkCommand, defaultColor, type CheckArgs } from './check.js';
import { generateCommand, type GenerateArgs } from './generate.js';
import { lintCommand, type LintArgs } from './lint.js';

/**
 * A command line that bin/ct-gen.js read exactly as yargs would (its `fastCommand`; ARCHITECTURE.md,
 * "Start-up"): `check` or `generate` with `--dest`, `--model` and the flags it names, or `lint`
 * with its paths and options.
 */
export type DirectLine =
  | { command: 'check' | 'generate'; dest?: string; model?: string; flags: readonly string[] }
  | { command: 'lint'; paths: string[]; format: LintArgs['format']; nimble: boolean; cache: boolean; model?: string };

/**
 * Runs the command's own handler with the arguments yargs would give it, defaults included,
 * without loading yargs: its parser, and the help text it renders for every command it runs in
 * case the handler fails, cost a full run about a quarter of its CPU. Any other line goes
 * through `main`.
 */
export async function runDirect(line: DirectLine): Promise<void> {
  const base = { _: [line.command], $0: 'ct-gen' };
  if (line.command === 'lint') {
    const args: LintArgs = { paths: line.paths, format: line.format, nimble: line.nimble, cache: line.cache, model: line.model };
    await lintCommand.handler({ ...base, ...args });
    return;
  }
  const flags = new Set(line.flags);
  const known = line.command === 'check' ? ['--color', '--no-color', '--no-cache'] : ['--force', '--adopt', '--no-cache'];
  const unknown = line.flags.filter((flag) => !known.includes(flag));
  if (unknown.length > 0) throw new Error(`ct-gen: ${line.command} read without yargs with a flag it does not take: ${unknown.join(', ')}`);
  const cache = !flags.has('--no-cache');
  if (line.command === 'check') {
    const args: CheckArgs = { dest: line.dest, model: line.model, cache, color: flags.has('--color') ? true : flags.has('--no-color') ? false : defaultColor() };
    await checkCommand.handler({ ...base, ...args });
  } else {
    const args: GenerateArgs = { dest: line.dest, model: line.model, cache, force: flags.has('--force'), adopt: flags.has('--adopt'), watch: false };
    await generateCommand.handler({ ...base, ...args });
  }
}
