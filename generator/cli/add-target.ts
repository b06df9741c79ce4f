import type { CommandModule } from 'yargs';
import type { Model } from '../../model/schema/index.js';
import type { ArgumentError, NewTarget } from '../authoring/new-target.js';
import type { Change } from '../write.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, run } from './errors.js';

/** Thrown by the first reading of a request when a message would need a place in the model's source. */
class NeedsSource extends Error {}

interface AddTargetArgs {
  name: string;
  source: string;
  like?: string;
  kind?: 'c' | 'js' | 'nim-c' | 'nim-js';
  output?: string;
  description?: string;
  'tup-dir'?: string;
  'tup-output'?: string;
  dest?: string;
  model?: string;
}

const CHANGE_WORDS: Record<string, string> = { create: 'created', update: 'updated', mode: 'mode changed', delete: 'deleted', leftover: 'removed' };

export const addTargetCommand: CommandModule<object, AddTargetArgs> = {
  command: 'add-target <name>',
  describe: 'Add a target to the built-in model (model/codetracer/*.ts) and, with --tup-dir, its Tup rule; then generate DEST',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: "the driver's --target name: lower-case letters, digits and dashes (js:name for a JS bundle)" })
      .option('source', { type: 'string', demandOption: true, requiresArg: true, describe: 'entry module under src/, relative to the checkout root (src/ct/doctor.nim)' })
      .option('like', {
        type: 'string',
        requiresArg: true,
        describe:
          'a target to follow: the new one takes its kind, bundles, args, nimcache (a directory of its own) and extra outputs, and goes after it in targets and in the Tup node (without: last, no bundles or args, nim\'s own nimcache)',
      })
      .option('kind', { choices: ['c', 'js', 'nim-c', 'nim-js'] as const, requiresArg: true, describe: 'nim c (a native executable) or nim js (a JavaScript bundle); nim-c and nim-js, as ct-gen list names them, too; without: the kind of --like, else js for a js: name, else c' })
      .option('output', { type: 'string', requiresArg: true, describe: "the artefact's file name; without: NAME for c (after its prefix:), the source's name with .js for js" })
      .option('description', { type: 'string', requiresArg: true, describe: 'what ct-gen list shows; without: the kind and the source' })
      .option('tup-dir', { type: 'string', requiresArg: true, describe: "the Tup node (a directory under src/, . for src/ itself) whose Tupfile builds the target; a new node only for --source's own directory" })
      .option('tup-output', { type: 'string', requiresArg: true, implies: 'tup-dir', describe: 'where the Tup rule stages the artefact, relative to src/build; without: bin/OUTPUT for c, DIR/OUTPUT for js' })
      .option('dest', { type: 'string', requiresArg: true, describe: 'the directory generate writes (default: the committed out/)' })
      // The global option, said as this command takes it.
      .option('model', { type: 'string', requiresArg: true, describe: 'not taken: add-target edits the built-in model; add targets to another model by hand' })
      .example('$0 add-target ct-doctor --source src/ct/doctor.nim --like ct --tup-dir ct', 'a native binary built like ct, by src/build/ct/Tupfile'),
  handler: (argv) =>
    run(async () => {
      if (argv.model !== undefined) {
        process.stderr.write(
          `ct-gen: --model: add-target edits the built-in model (model/codetracer/*.ts), not ${argv.model}; add the target to its targets (and its rule to tup.nodes) by hand (nothing was written)\n`,
        );
        return EXIT_USAGE;
      }
      const { loadModel } = await import('../model.js');
      const { packageRoot, defaultDest, shownFile } = await import('../paths.js');
      const { join } = await import('node:path');
      const { ArgumentError, newTarget } = await import('../authoring/new-target.js');
      const refuse = (message: string, code = EXIT_USAGE) => {
        process.stderr.write(`ct-gen: ${message} (nothing was written)\n`);
        return code;
      };

      const model = await loadModel();
      const entry = { file: join(packageRoot, 'model', 'codetracer', 'index.ts'), exportName: 'codetracer' };
      const request = {
        name: argv.name,
        source: argv.source,
        like: argv.like,
        kind: argv.kind === undefined ? undefined : argv.kind.endsWith('js') ? ('js' as const) : ('c' as const),
        output: argv.output,
        description: argv.description,
        tupDir: argv['tup-dir'],
        tupOutput: argv['tup-output'],
      };
      // A request its arguments refuse is refused before ts-morph loads (a third of a second): a
      // first reading without the model's source, which stops where a message would need a place
      // in it. Any other request is read again with the source, by planAddTarget.
      try {
        newTarget(model, request, () => {
          throw new NeedsSource();
        });
      } catch (error) {
        if (error instanceof ArgumentError) return refuse(`${error.argument}: ${error.message}`);
        if (!(error instanceof NeedsSource)) throw error;
      }
      const { planAddTarget, UneditableModelError } = await import('../authoring/add-target.js');
      let plan;
      try {
        plan = await planAddTarget(model, request, entry);
      } catch (error) {
        if (error instanceof ArgumentError) return refuse(`${error.argument}: ${error.message}`);
        if (error instanceof UneditableModelError) return refuse(`cannot add the target: ${error.message} (add it by hand)`);
        throw error;
      }
      if (plan.kind === 'exists') {
        process.stdout.write(`ct-gen: target ${JSON.stringify(argv.name)} already exists as given${plan.where ? ` (${plan.where})` : ''}; nothing changed\n`);
        return EXIT_OK;
      }

      // A value of an argument the model rejects in the target or rule added is refused, naming the
      // argument. A checkout that lacks only the new source is refused before the edit is loaded,
      // when the model with the target and rule added as data is valid: the edit adds that source
      // and a nim rule, which has no other input, so plannedChanges would find exactly this after
      // it. Any other edit the model rejects is loaded and reported at its place.
      const dest = argv.dest ?? defaultDest;
      const source = plan.added.target.source;
      const asData = await validAsData(model, plan);
      if (asData instanceof Error) return refuse(`${asData.argument}: ${asData.message}`);
      if (asData !== undefined && (await lacksOnly(dest, model, source))) return lacksSource(dest, source);

      const { withEditedModel, EditedModelError } = await import('../authoring/edited-model.js');
      const { isDeepStrictEqual } = await import('node:util');
      let outcome;
      try {
        outcome = await withEditedModel(plan.files, entry, [plan.paths.target, ...(plan.paths.rule ? [plan.paths.rule] : [])], async (edited) => {
          const made = edited.model.targets[plan.paths.target[1] as number];
          if (!isDeepStrictEqual(made, plan.added.target)) throw new Error(`the edit of the model does not give the target asked for (${JSON.stringify(made)}); nothing was written`);
          // Nor anything else than the model with the target and rule added (which, since the edited model validated, must validate too).
          if (asData === undefined || !isDeepStrictEqual(edited.model, asData)) throw new Error('the edit of the model changes more than the target and its rule; nothing was written');
          // What generate would refuse is refused now, before the model changes, and before the
          // type-check, a run of the compiler.
          const changes = await plannedChanges(dest, argv.dest, edited.model, source);
          if (typeof changes === 'number') return changes;
          edited.typeCheck();
          return { where: edited.where, changes };
        });
      } catch (error) {
        if (!(error instanceof EditedModelError)) throw error;
        process.stderr.write(error.report);
        return refuse('add-target: the edited model would not be valid');
      }
      if (typeof outcome === 'number') return outcome;
      const { where, changes } = outcome;

      await writeFiles(plan.files);
      const t = plan.added.target;
      const from = plan.added.like ? `; bundles, args, nimcache and extra outputs as ${JSON.stringify(plan.added.like.target.name)}` : '';
      process.stdout.write(`ct-gen: added target ${JSON.stringify(t.name)} (${t.kind}, ${t.source} -> ${t.output}${from}):\n`);
      const [targetAt, ruleAt] = where;
      process.stdout.write(`  ${targetAt ?? shownFile(plan.files[0]!.file)}: targets[${JSON.stringify(t.name)}]\n`);
      if (plan.added.tup) {
        const node = JSON.stringify(plan.added.tup.dir === '' ? '.' : plan.added.tup.dir);
        process.stdout.write(`  ${ruleAt ?? 'tup'}: tup.nodes[${node}]: ${plan.added.tup.node === undefined ? 'a new node with ' : ''}a rule staging ${plan.added.tup.rule.output}\n`);
      }

      // Generate runs as ct-gen does from the command line: bin/ct-gen.js compiles the edited model first.
      const { spawnSync } = await import('node:child_process');
      const args = ['generate', ...(argv.dest !== undefined ? ['--dest', argv.dest] : [])];
      const code = spawnSync(process.execPath, [join(packageRoot, 'bin', 'ct-gen.js'), ...args], { stdio: 'inherit' }).status ?? EXIT_USAGE;
      if (code !== EXIT_OK) {
        const { generateCommandLine } = await import('./rerun.js');
        process.stderr.write(`ct-gen: the model was edited, but generate did not complete; once the problem above is fixed, run:\n  ${generateCommandLine({ dest: argv.dest })}\n`);
        return code;
      }
      for (const c of changes) if (c.kind in CHANGE_WORDS) process.stdout.write(`  ${CHANGE_WORDS[c.kind]!.padEnd(8)} ${c.path}\n`);
      return EXIT_OK;
    }),
};

/** The argument each field of the added target and rule comes from; the others are copied from --like or defaults. */
const TARGET_ARGUMENTS: Record<string, string> = { name: '<name>', description: '--description', kind: '--kind', source: '--source', output: '--output' };

/**
 * The model with the planned target and Tup rule inserted, as data, when it validates; when it
 * does not, an ArgumentError for the first problem in a field of the target or rule that an
 * argument gave (the edit would report it at a line of text not yet written), else undefined.
 */
async function validAsData(model: Model, plan: { added: NewTarget; paths: { target: PropertyKey[]; rule?: PropertyKey[] } }): Promise<Model | ArgumentError | undefined> {
  const { ModelError, validateModel } = await import('../model.js');
  const { ArgumentError } = await import('../authoring/new-target.js');
  const data = structuredClone(model);
  data.targets.splice(plan.paths.target[1] as number, 0, plan.added.target);
  const tup = plan.added.tup;
  if (tup !== undefined && plan.paths.rule !== undefined) {
    const [, , node, , rule] = plan.paths.rule as [string, string, number, string, number];
    if (tup.node === undefined) data.tup.nodes.splice(node, 0, { dir: tup.dir, rules: [tup.rule], omitted: [] });
    else data.tup.nodes[node]!.rules.splice(rule, 0, tup.rule);
  }
  try {
    return validateModel(data);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const { indexedPath } = await import('../authoring/named-path.js');
    const within = (at: readonly PropertyKey[], path: readonly PropertyKey[] | undefined) => path !== undefined && at.length === path.length + 1 && path.every((key, i) => at[i] === key);
    for (const issue of error.issues) {
      // Elements of a path may be named (`tup.nodes["ct"]`); the plan's paths are by index.
      const at = indexedPath(data, issue.at);
      const field = String(at.at(-1));
      const argument = within(at, plan.paths.target) ? TARGET_ARGUMENTS[field] : within(at, plan.paths.rule) && field === 'output' ? '--tup-output' : undefined;
      if (argument !== undefined && issue.unknown === undefined) return new ArgumentError(argument, issue.message);
    }
    return undefined;
  }
}

/** Whether DEST is a checkout that lacks `source` and no other input of `model` (the model as it is, before the edit). */
async function lacksOnly(dest: string, model: Model, source: string): Promise<boolean> {
  const { checkoutOf, missingCheckoutInputs } = await import('../checkout.js');
  const { sources, inputs } = checkoutOf(model);
  const missing = await missingCheckoutInputs(dest, { sources: [...sources, source], inputs: [...inputs, { path: source, by: 'the new target' }] });
  return missing.length === 1 && missing[0]!.path === source;
}

function lacksSource(dest: string, source: string): number {
  process.stderr.write(`ct-gen: --source: ${source} does not exist in the checkout ${dest}; create it first (nothing was written)\n`);
  return EXIT_USAGE;
}

/**
 * The changes generate will make in DEST with the edited model, or the exit code when it would
 * refuse: a checkout without the new source (or other inputs), files it would not overwrite.
 */
async function plannedChanges(dest: string, given: string | undefined, edited: Model, source: string): Promise<Change[] | number> {
  const { missingCheckoutInputs, formatMissingInputs } = await import('../checkout.js');
  const generation = await (await import('../generation.js')).generationOf(edited);
  const missing = await missingCheckoutInputs(dest, generation.checkout);
  if (missing.length === 1 && missing[0]!.path === source) return lacksSource(dest, source);
  if (missing.length > 0) {
    process.stderr.write(formatMissingInputs(dest, missing, 'nothing was written'));
    return EXIT_USAGE;
  }
  const { optionNeeded, planChanges } = await import('../write.js');
  const { changes } = await planChanges(dest, generation.files);
  // What generate without --force or --adopt would refuse.
  const refused = changes.filter((c) => optionNeeded(c) !== undefined);
  if (refused.length === 0) return changes;
  const { remedy } = await import('../check.js');
  const { reportOptions } = await import('./rerun.js');
  process.stderr.write(`ct-gen: generate would refuse ${refused.map((c) => c.path).join(', ')} in ${dest} (ct-gen check shows why), so nothing was written; to write them first, run:\n`);
  process.stderr.write(remedy(changes, reportOptions(generation, { dest: given }, false), false));
  return EXIT_FAILED;
}

/** Each file to a temp file beside it, then renamed over it; a file changed since it was read stops everything first. */
async function writeFiles(files: readonly { file: string; before: string; after: string }[]): Promise<void> {
  const { readFileSync, renameSync, writeFileSync, rmSync } = await import('node:fs');
  for (const f of files) {
    if (readFileSync(f.file, 'utf8') !== f.before) throw new Error(`${f.file} changed while add-target ran; nothing was written`);
  }
  const temps = files.map((f) => `${f.file}.ct-gen-${process.pid}.tmp`);
  try {
    files.forEach((f, i) => writeFileSync(temps[i]!, f.after));
    files.forEach((f, i) => renameSync(temps[i]!, f.file));
  } finally {
    for (const temp of temps) rmSync(temp, { force: true });
  }
}
