import type { CommandModule } from 'yargs';
import { EXIT_FAILED, EXIT_OK, run } from './errors.js';

interface GenerateArgs {
  dest?: string;
  force: boolean;
  model?: string;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: ['generate', '$0'],
  describe: 'Render every output of the model into DEST (default: the committed out/)',
  builder: (y) =>
    y
      .option('dest', { type: 'string', describe: 'destination directory', requiresArg: true })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite generated files that were edited by hand' }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const { generateFiles } = await import('../pipeline.js');
      const { planChanges, applyChanges } = await import('../write.js');
      const { defaultDest } = await import('../paths.js');
      const dest = argv.dest ?? defaultDest;
      const files = generateFiles(await loadModel(argv.model));
      const changes = await planChanges(dest, files);
      const edited = changes.filter((c) => c.kind === 'edited');
      if (edited.length > 0 && !argv.force) {
        process.stderr.write(`ct-gen: ${edited.length} generated file(s) were edited by hand; nothing was written:\n`);
        for (const c of edited) process.stderr.write(`  ${c.path}\n`);
        process.stderr.write('Move the edits into the model, or rerun with --force to overwrite them.\n');
        return EXIT_FAILED;
      }
      await applyChanges(dest, changes, { force: argv.force });
      const count = (kind: string) => changes.filter((c) => c.kind === kind).length;
      for (const c of changes.filter((c) => c.kind === 'stale-edited')) {
        process.stderr.write(`ct-gen: ${c.path} is no longer generated but was edited by hand; left in place\n`);
      }
      process.stdout.write(
        `ct-gen: ${files.length} files in ${dest}: ${count('create')} created, ${count('update') + count('edited') + count('mode')} updated, ${count('delete')} deleted, ${count('unchanged')} unchanged\n`,
      );
      return EXIT_OK;
    }),
};
