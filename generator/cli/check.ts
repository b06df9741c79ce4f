import type { CommandModule } from 'yargs';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, run } from './errors.js';
import { CACHE_DESCRIPTION } from './generate.js';

export interface CheckArgs {
  dest?: string;
  color: boolean;
  cache: boolean;
  model?: string;
}

/** Whether check colours its diff without --color or --no-color: the diff goes to stderr, so that is the stream whose terminal decides; NO_COLOR wins. */
export const defaultColor = (): boolean => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'Fail with a diff when DEST differs from what the model generates (never writes); names the model file behind each file and the command that fixes it',
  builder: (y) =>
    y
      .option('dest', { type: 'string', describe: 'destination directory', requiresArg: true })
      .option('color', {
        type: 'boolean',
        default: defaultColor(),
        // Help shows the rule, not the value it has while help runs (false when piped).
        defaultDescription: 'on a terminal, unless NO_COLOR is set',
        describe: 'colour the diff; --no-color turns it off',
      })
      .option('cache', { type: 'boolean', default: true, describe: CACHE_DESCRIPTION }),
  handler: (argv) =>
    run(async () => {
      const { generationFor } = await import('../generation.js');
      const { planChanges } = await import('../write.js');
      const { checkReport } = await import('../check.js');
      const { missingCheckoutInputs, formatMissingInputs } = await import('../checkout.js');
      const { reportOptions } = await import('./rerun.js');
      const { defaultDest } = await import('../paths.js');
      const dest = argv.dest ?? defaultDest;
      const generation = await generationFor(argv.model, argv.cache);
      const missing = await missingCheckoutInputs(dest, generation.checkout);
      if (missing.length > 0) {
        process.stderr.write(formatMissingInputs(dest, missing, 'nothing was compared'));
        return EXIT_USAGE;
      }
      const { changes, warnings } = await planChanges(dest, generation.files);
      for (const warning of warnings) process.stderr.write(`ct-gen: ${warning}\n`);
      const report = checkReport(changes, reportOptions(generation, argv, argv.color));
      (report.ok ? process.stdout : process.stderr).write(report.text);
      return report.ok ? EXIT_OK : EXIT_FAILED;
    }),
};
