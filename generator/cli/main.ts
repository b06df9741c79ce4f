import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { baselineCommand } from './baseline.js';
import { checkCommand } from './check.js';
import { EXIT_USAGE } from './errors.js';
import { explainCommand } from './explain.js';
import { generateCommand } from './generate.js';
import { lintCommand } from './lint.js';
import { listCommand } from './list.js';
import { parityCommand } from './parity.js';

/** The ct-gen command line. Commands load their heavy modules inside their handlers. */
export async function main(args: string[] = hideBin(process.argv)): Promise<void> {
  await yargs(args)
    .scriptName('ct-gen')
    .usage('$0 [command]\n\nGenerates Codetracer build surfaces from one typed model. Without a command: generate.')
    .option('model', { type: 'string', global: true, requiresArg: true, describe: 'model file (.json, or an ES module exporting it as default); default: the built-in Codetracer model' })
    .command(generateCommand)
    .command(checkCommand)
    .command(listCommand)
    .command(explainCommand)
    .command(lintCommand)
    .command(parityCommand)
    .command(baselineCommand)
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .fail((message, error) => {
      // yargs reports its own usage errors (a missing option value, a bad choice) as YError.
      if (error && error.name !== 'YError') throw error;
      message = message ?? error?.message;
      process.stderr.write(`ct-gen: ${message}\nRun 'ct-gen --help' for usage.\n`);
      process.exit(EXIT_USAGE);
    })
    .parseAsync();
}
