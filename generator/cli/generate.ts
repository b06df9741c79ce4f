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
      .option('force', { type: 'boolean', default: false, describe: 'overwrite generated files edited by hand; stop tracking edited files the model no longer produces' }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const { generateFiles } = await import('../pipeline.js');
      const { planChanges, applyChanges } = await import('../write.js');
      const { defaultDest } = await import('../paths.js');
      const dest = argv.dest ?? defaultDest;
      const files = generateFiles(await loadModel(argv.model));
      const { changes, warnings } = await planChanges(dest, files);
      for (const warning of warnings) process.stderr.write(`ct-gen: ${warning}\n`);
      const edited = changes.filter((c) => c.kind === 'edited');
      const staleEdited = changes.filter((c) => c.kind === 'stale-edited');
      if ((edited.length > 0 || staleEdited.length > 0) && !argv.force) {
        process.stderr.write('ct-gen: nothing was written:\n');
        for (const c of edited) process.stderr.write(`  ${c.path}: generated, but edited by hand\n`);
        for (const c of staleEdited) process.stderr.write(`  ${c.path}: no longer generated, and edited by hand since ct-gen wrote it\n`);
        process.stderr.write('Move the edits into the model (or delete the stale files), or rerun with --force to overwrite edited files and stop tracking stale ones.\n');
        return EXIT_FAILED;
      }
      await applyChanges(dest, changes, { force: argv.force });
      for (const c of staleEdited) process.stderr.write(`ct-gen: ${c.path} is no longer generated; left in place and no longer tracked\n`);
      const count = (...kinds: string[]) => changes.filter((c) => kinds.includes(c.kind)).length;
      process.stdout.write(
        `ct-gen: ${files.length} files in ${dest}: ${count('create')} created, ${count('update', 'edited', 'mode')} updated, ${count('delete')} deleted, ${count('unchanged')} unchanged\n`,
      );
      return EXIT_OK;
    }),
};
