import type { CommandModule } from 'yargs';
import { EXIT_FAILED, EXIT_OK, run } from './errors.js';

interface ParityArgs {
  format: 'text' | 'json';
  model?: string;
}

export const parityCommand: CommandModule<object, ParityArgs> = {
  command: 'parity',
  describe: "Compare each legacy nim invocation with the driver call that replaces it; fail on any undeclared difference or declared change that occurs nowhere",
  builder: (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const, requiresArg: true, describe: 'output format' }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const { parityReport, failed } = await import('../parity/compare.js');
      const { parityJson, parityText } = await import('../parity/report.js');
      const report = parityReport(await loadModel(argv.model));
      process.stdout.write(argv.format === 'json' ? parityJson(report) : parityText(report));
      return failed(report) ? EXIT_FAILED : EXIT_OK;
    }),
};
