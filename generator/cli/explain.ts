import type { CommandModule } from 'yargs';
import { EXIT_OK, run } from './errors.js';

interface ExplainArgs {
  target: string;
  profile?: string;
  platform?: string;
  model?: string;
}

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <target>',
  describe: "Print a target's nim argv with where each argument comes from",
  builder: (y) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'target name (see ct-gen list)' })
      .option('profile', { type: 'string', describe: 'profile (default: the first in the model)', requiresArg: true })
      .option('platform', { type: 'string', describe: 'platform (default: the first in the model)', requiresArg: true }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const { resolveArgv, describeProvenance, pickPlatform } = await import('../resolve/argv.js');
      const { resolveModel } = await import('../resolve/view.js');
      const { shellQuote } = await import('../quote.js');
      const model = await loadModel(argv.model);
      const profile = argv.profile ?? resolveModel(model).defaultProfile;
      const platform = pickPlatform(model, argv.platform).name;
      const args = resolveArgv(model, argv.target, profile, { platform });
      process.stdout.write(`${argv.target} (profile ${profile}, platform ${platform}):\n`);
      const width = Math.max(...args.map((a) => shellQuote(a.value).length));
      for (const arg of args) process.stdout.write(`  ${shellQuote(arg.value).padEnd(width)}  # ${describeProvenance(arg.from)}\n`);
      return EXIT_OK;
    }),
};
