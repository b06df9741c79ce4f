import type { CommandModule } from 'yargs';
import { FORMATS, type Format } from '../../lint/format/names.js';
import { run } from './errors.js';

interface LintArgs {
  paths: string[];
  format: Format;
  nimble: boolean;
  model?: string;
}

export const lintCommand: CommandModule<object, LintArgs> = {
  command: 'lint [paths..]',
  describe: 'Report nim invocations that bypass the build driver (exit 1 when any is an error)',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'directories or files to scan' })
      .option('format', { choices: FORMATS, default: 'text' as Format, requiresArg: true, describe: 'output format' })
      .option('nimble', { type: 'boolean', default: false, describe: 'also report nimble builds (rule nimble-invocation)' }),
  handler: (argv) =>
    run(async () => {
      const [{ loadModel }, { lint, exitCodeOf }, { formatResult, formatCleanSummary }] = await Promise.all([
        import('../model.js'),
        import('../../lint/index.js'),
        import('../../lint/format/index.js'),
      ]);
      const model = await loadModel(argv.model);
      const cwd = process.cwd();
      // A missing PATH throws LintInputError, which `run` reports with exit 2.
      const { lintTargets } = await import('../../lint/targets.js');
      const result = lint(argv.paths, { cwd, allow: model.lint.allow, driver: model.layout.driver, nimble: argv.nimble, ...lintTargets(model), severities: model.lint.severities });
      process.stdout.write(formatResult(result, argv.format, cwd));
      // Text prints nothing when clean; say so on stderr, leaving stdout (and the machine formats) as they are.
      if (argv.format === 'text' && result.findings.length === 0) process.stderr.write(formatCleanSummary(result));
      return exitCodeOf(result);
    }),
};
