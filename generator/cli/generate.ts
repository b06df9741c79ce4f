import type { CommandModule } from 'yargs';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, run } from './errors.js';
import type { ApplyOptions } from '../write.js';

export interface GenerateArgs {
  dest?: string;
  force: boolean;
  adopt: boolean;
  watch: boolean;
  cache: boolean;
  model?: string;
}

/** check's and generate's --cache. */
export const CACHE_DESCRIPTION = "use the files stored for this model and ct-gen's sources (dist/.gen-cache/) when there are; --no-cache generates them from the model";

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: ['generate', '$0'],
  describe: 'Render every output of the model into DEST (default: the committed out/)',
  builder: (y) =>
    y
      .option('dest', { type: 'string', describe: 'destination directory', requiresArg: true })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite generated files edited by hand; stop tracking edited files the model no longer produces' })
      .option('adopt', { type: 'boolean', default: false, describe: "take over files at generated paths that ct-gen did not write (a checkout's own): write them and record them in the manifest" })
      .option('watch', { type: 'boolean', default: false, describe: 'generate, then again after each change of the model, templates or generator, until Ctrl-C' })
      .option('cache', { type: 'boolean', default: true, describe: CACHE_DESCRIPTION }),
  handler: (argv) =>
    argv.watch ? import('./watch.js').then((w) => w.watchGenerate(argv)) : run(async () => {
      const { generationFor } = await import('../generation.js');
      const { lockDestination, planChanges, applyChanges, RefusedPlanError } = await import('../write.js');
      const { missingCheckoutInputs, formatMissingInputs } = await import('../checkout.js');
      const { describeChange, leftoverTitle, remedy } = await import('../check.js');
      const { reportOptions } = await import('./rerun.js');
      const { defaultDest } = await import('../paths.js');
      const dest = argv.dest ?? defaultDest;
      const generation = await generationFor(argv.model, argv.cache);
      const { files } = generation;
      const missing = await missingCheckoutInputs(dest, generation.checkout);
      if (missing.length > 0) {
        process.stderr.write(formatMissingInputs(dest, missing, 'nothing was written'));
        return EXIT_USAGE;
      }
      const lock = await lockDestination(dest, {
        onWait: (pid) => process.stderr.write(`ct-gen: waiting for ${pid === undefined ? 'another ct-gen process' : `ct-gen process ${pid}`}, which is writing ${dest}\n`),
      });
      try {
        if (lock.tookOverFrom !== undefined) process.stderr.write(`ct-gen: took over the lock of ct-gen process ${lock.tookOverFrom}, which is no longer running\n`);
        const plan = await planChanges(dest, files, { locked: true });
        const { changes, warnings } = plan;
        for (const warning of warnings) process.stderr.write(`ct-gen: ${warning}\n`);
        try {
          await applyChanges(dest, plan, { force: argv.force, adopt: argv.adopt, onStep: pauseForTests() });
        } catch (error) {
          if (!(error instanceof RefusedPlanError)) throw error;
          const report = reportOptions(generation, argv, false);
          process.stderr.write('ct-gen: nothing was written:\n');
          for (const c of error.refused) {
            if (c.kind === 'foreign') process.stderr.write(describeChange(c, 'exists and was not written by ct-gen', report));
            else if (c.kind === 'edited') process.stderr.write(describeChange(c, 'generated, but edited by hand', report));
            else if (c.kind === 'stale-edited') process.stderr.write(`${c.path}: no longer generated, and edited by hand since ct-gen wrote it\n`);
          }
          // The command carries every flag the plan needs (those given too), so one run writes it all.
          process.stderr.write(`To write them, run:\n${remedy(changes, report)}`);
          return EXIT_FAILED;
        }
        for (const c of changes) if (c.kind === 'leftover') process.stderr.write(`ct-gen: removed ${c.path}: ${leftoverTitle(c)}\n`);
        const staleEdited = changes.filter((c) => c.kind === 'stale-edited');
        for (const c of staleEdited) process.stderr.write(`ct-gen: ${c.path} is no longer generated; left in place and no longer tracked\n`);
        const count = (...kinds: string[]) => changes.filter((c) => kinds.includes(c.kind)).length;
        const adopted = count('foreign') > 0 ? `, ${count('foreign')} adopted` : '';
        process.stdout.write(
          `ct-gen: ${files.length} files in ${dest}: ${count('create')} created, ${count('update', 'edited', 'mode')} updated, ${count('delete')} deleted, ${count('unchanged')} unchanged${adopted}\n`,
        );
      } finally {
        await lock.release();
      }
      return EXIT_OK;
    }),
};

/**
 * CT_GEN_TEST_PAUSE_AFTER_RENAME=N holds generate still after its Nth rename, saying so on
 * stderr, so tests/cli/write-hardening.test.ts can kill it inside the write window.
 */
function pauseForTests(): ApplyOptions['onStep'] {
  const after = Number(process.env.CT_GEN_TEST_PAUSE_AFTER_RENAME);
  if (!Number.isInteger(after) || after <= 0) return undefined;
  return async (step, path, n) => {
    if (step !== 'rename' || n !== after) return;
    process.stderr.write(`ct-gen: paused after rename ${n} (${path}) for a test\n`);
    await new Promise((done) => setTimeout(done, 60_000));
  };
}
