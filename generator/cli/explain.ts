import type { CommandModule } from 'yargs';
import { EXIT_OK, run } from './errors.js';

interface ExplainArgs {
  target: string;
  profile?: string;
  platform?: string;
  format: 'text' | 'json';
  model?: string;
}

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <target>',
  describe: "Print a target's nim argv with where each argument comes from and which switches a later one overrides",
  builder: (y) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'target name (see ct-gen list)' })
      .option('profile', { type: 'string', describe: 'profile (default: the first in the model)', requiresArg: true })
      .option('platform', { type: 'string', describe: 'platform (default: the first in the model)', requiresArg: true })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, requiresArg: true, describe: 'output format' }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const { resolveArgv, describeProvenance, pickPlatform } = await import('../resolve/argv.js');
      const { resolveModel } = await import('../resolve/view.js');
      const { overriddenSwitches } = await import('../parity/normalise.js');
      const { shellQuote } = await import('../quote.js');
      const model = await loadModel(argv.model);
      const profile = argv.profile ?? resolveModel(model).defaultProfile;
      const platform = pickPlatform(model, argv.platform).name;
      const args = resolveArgv(model, argv.target, profile, { platform });
      const overrides = overriddenSwitches(args.map((a) => a.value));
      const explained = args.map((arg, i) => ({
        value: arg.value,
        from: describeProvenance(arg.from),
        provenance: arg.from,
        // Each setting of this switch that a later switch decides: the winning value and the switch that gives it.
        overridden: overrides[i]!.settings.map((o) => ({ setting: o.setting, wins: o.wins, sameValue: o.sameValue, by: { index: o.by, value: args[o.by]!.value, from: describeProvenance(args[o.by]!.from) } })),
      }));
      if (argv.format === 'json') {
        process.stdout.write(`${JSON.stringify({ target: argv.target, profile, platform, argv: explained }, null, 2)}\n`);
        return EXIT_OK;
      }
      process.stdout.write(`${argv.target} (profile ${profile}, platform ${platform}):\n`);
      const width = Math.max(...args.map((a) => shellQuote(a.value).length));
      explained.forEach((arg, i) => {
        const all = overrides[i]!.all;
        const marks = arg.overridden.map((o) => {
          const what = all ? 'overridden' : `its ${o.setting} overridden`;
          // Name the winning switch when it is not the setting itself (`--sourcemap:on` turns `--lineDir` on).
          const setter = o.by.value === o.wins ? o.by.from : `${o.by.value} of ${o.by.from}`;
          return o.sameValue ? `${what}: set again by ${setter}` : `${what}: ${o.wins} wins, set by ${setter}`;
        });
        process.stdout.write(`  ${shellQuote(arg.value).padEnd(width)}  # ${[arg.from, ...marks].join('; ')}\n`);
      });
      return EXIT_OK;
    }),
};
