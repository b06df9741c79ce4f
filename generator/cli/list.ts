import type { CommandModule } from 'yargs';
import { EXIT_OK, run } from './errors.js';

interface ListArgs {
  format: 'text' | 'json';
  model?: string;
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'List the targets of the model',
  builder: (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const, requiresArg: true, describe: 'output format' }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const model = await loadModel(argv.model);
      const rows = model.targets.map((t) => ({ name: t.name, kind: t.kind, source: t.source, output: t.output, bundles: t.bundles, description: t.description }));
      if (argv.format === 'json') {
        process.stdout.write(`${JSON.stringify({ targets: rows, profiles: model.profiles.map((p) => p.name) }, null, 2)}\n`);
      } else {
        const width = Math.max(...rows.map((r) => r.name.length));
        for (const r of rows) process.stdout.write(`${r.name.padEnd(width)}  ${r.kind.padEnd(6)}  ${r.source} -> ${r.output}\n`);
      }
      return EXIT_OK;
    }),
};
