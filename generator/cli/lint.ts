import type { CommandModule } from 'yargs';
import { FORMATS, type Format } from '../../lint/format/names.js';
import { run } from './errors.js';

export interface LintArgs {
  paths: string[];
  format: Format;
  nimble: boolean;
  cache: boolean;
  model?: string;
}

export const lintCommand: CommandModule<object, LintArgs> = {
  command: 'lint [paths..]',
  describe: 'Report nim invocations that bypass the build driver (exit 1 when any is an error)',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'directories or files to scan' })
      .option('format', { choices: FORMATS, default: 'text' as Format, requiresArg: true, describe: 'output format' })
      .option('nimble', { type: 'boolean', default: false, describe: 'also report nimble builds (rule nimble-invocation)' })
      .option('cache', { type: 'boolean', default: true, describe: 'read again only files changed since the last lint of these paths (--no-cache reads every file)' }),
  handler: (argv) =>
    run(async () => {
      const [{ lintContext }, { runLint }, { loadKeyedModel, recordLintContext }] = await Promise.all([
        import('../../lint/targets.js'),
        import('../../lint/run.js'),
        import('../gen-cache.js'),
      ]);
      const { model, key } = await loadKeyedModel(argv.model);
      const context = lintContext(model);
      recordLintContext(context, key);
      // A missing PATH throws LintInputError, which `run` reports with exit 2.
      return runLint({ paths: argv.paths, format: argv.format, nimble: argv.nimble, cwd: process.cwd(), context, cacheKey: argv.cache ? key : undefined });
    }),
};
