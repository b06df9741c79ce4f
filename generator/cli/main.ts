import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { closest } from '../authoring/suggest.js';
import { addTargetCommand } from './add-target.js';
import { baselineCommand } from './baseline.js';
import { checkCommand } from './check.js';
import { EXIT_USAGE } from './errors.js';
import { explainCommand } from './explain.js';
import { generateCommand } from './generate.js';
import { lintCommand } from './lint.js';
import { listCommand } from './list.js';
import { modelCommand } from './model.js';
import { parityCommand } from './parity.js';

/** Options that name a file or folder: given once, never empty. */
const PATH_OPTIONS = ['dest', 'model', 'out', 'from'];

/** How yargs marks its own usage errors: the `fail` handler below words them as usage. */
class YError extends Error {
  override name = 'YError';
}

/** Commands as yargs reads them (`explain <target>`); the default command's `$0` is none. */
const COMMANDS = [generateCommand, checkCommand, listCommand, explainCommand, modelCommand, addTargetCommand, lintCommand, parityCommand, baselineCommand]
  .flatMap((c) => [c.command ?? []].flat())
  .filter((c) => c !== '$0');

/** Command names as typed: `explain <target>` is `explain`. */
const COMMAND_NAMES = COMMANDS.map((c) => c.split(' ')[0]!).concat('completion');

const COMPLETION = 'Print a bash or zsh completion script (source it from ~/.bashrc or ~/.zshrc)';

/** The part of yargs' internals `withoutHelpCache` replaces. */
interface YargsUsage {
  cacheHelpMessage(): void;
}

/**
 * `cli` without the help text yargs lays out as it starts a named command's handler, in case
 * the handler asks for help later (`showHelp`, `getHelp`): ct-gen never does, and its `fail`
 * handler prints a message and `ct-gen --help`, never the help. The layout took a run 20–30 ms;
 * `--help` still lays it out when asked. The instance is yargs' usage object, which it keeps for
 * the whole parse (its `reset` returns itself); returned so a test can see that it is still there.
 */
export function withoutHelpCache<T>(cli: T): YargsUsage {
  const usage = (cli as { getInternalMethods(): { getUsageInstance(): YargsUsage } }).getInternalMethods().getUsageInstance();
  usage.cacheHelpMessage = () => {};
  return usage;
}

/** The ct-gen command line. Commands load their heavy modules inside their handlers. */
export async function main(args: string[] = hideBin(process.argv)): Promise<void> {
  // The completion script asks for the words that may follow: the model's names where a value
  // is asked for (generator/cli/complete.ts); yargs answers the rest (commands, options, choices).
  const asked = args.indexOf('--get-yargs-completions');
  if (asked >= 0) {
    const { valueCompletions } = await import('./complete.js');
    // add-target's --source is a path too, which it checks itself.
    const values = await valueCompletions(args.slice(asked + 1), [...PATH_OPTIONS, 'source']);
    if (values !== undefined) {
      process.stdout.write(values.map((v) => `${v}\n`).join(''));
      return;
    }
  }
  const helpAsked = args.some((word) => word === '--help' || word === '-h');
  const first = commandWord(args);
  if (helpAsked && first === 'completion') {
    // yargs' completion command prints its script whatever follows it.
    process.stdout.write(`ct-gen completion\n\n${COMPLETION}:\n  ct-gen completion >> ~/.bashrc\n  ct-gen completion >> ~/.zshrc\n`);
    return;
  }
  // A first word that is no command fails as an unknown command, help asked or not: yargs would
  // show the default command's help, which is the top-level one, as if the word were known.
  if (helpAsked && first !== undefined && !COMMAND_NAMES.includes(first) && first !== 'help') {
    args = args.filter((word) => word !== '--help' && word !== '-h');
  }
  const cli = yargs(args);
  withoutHelpCache(cli);
  await cli
    .scriptName('ct-gen')
    .usage('$0 [command]\n\nGenerates Codetracer build surfaces from one typed model. Without a command: generate.')
    .option('model', { type: 'string', global: true, requiresArg: true, describe: 'model file (.json, or an ES module exporting it as default); default: the built-in Codetracer model' })
    .command(generateCommand)
    .command(checkCommand)
    .command(listCommand)
    .command(explainCommand)
    .command(modelCommand)
    .command(addTargetCommand)
    .command(lintCommand)
    .command(parityCommand)
    .command(baselineCommand)
    .completion('completion', COMPLETION)
    .recommendCommands()
    .strict()
    .check((argv) => {
      // yargs takes a repeated option as a list and an empty one as a value; neither names a path.
      for (const name of PATH_OPTIONS) {
        const value = argv[name];
        if (Array.isArray(value)) throw new YError(`--${name} given ${value.length} times; give it once`);
        if (value === '') throw new YError(`--${name} is empty; give a path`);
      }
      return true;
    })
    .help()
    .alias('h', 'help')
    .version()
    .fail((message, error) => {
      // yargs reports its own usage errors (a missing option value, a bad choice) as YError.
      if (error && error.name !== 'YError') throw error;
      // The options of the command being parsed, and the global ones.
      const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
      process.stderr.write(`ct-gen: ${withSuggestions(message ?? error?.message ?? '', args, known)}\nRun 'ct-gen --help' for usage.\n`);
      process.exit(EXIT_USAGE);
    })
    .parseAsync();
}

/** The command word of a command line: the first word that is no option and no value of the global --model. */
function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') return undefined;
    if (word === '--model') i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/**
 * yargs' `Unknown argument: generat` with what was probably meant: the default command takes
 * every word yargs does not know, so a misspelled command arrives as an unknown argument.
 */
export function withSuggestions(message: string, args: readonly string[], options: readonly string[]): string {
  // yargs' `Invalid values:\n  Argument: format, Given: "sarf", Choices: "text", "json", …`.
  const invalid = /^Invalid values:\s+Argument: ([\w-]+), Given: ("(?:[^"\\]|\\.)*"), Choices: (.+)$/s.exec(message);
  if (invalid) {
    const choices = [...invalid[3]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    const given = JSON.parse(invalid[2]!) as string;
    const meant = closest(given, choices);
    return `--${invalid[1]} ${JSON.stringify(given)} is not one of ${choices.join(', ')}${meant ? `; did you mean ${JSON.stringify(meant)}?` : ''}`;
  }
  // `explain` without its target: the command's own word for what is missing.
  const missing = /^Not enough non-option arguments: got (\d+), need at least \d+$/.exec(message);
  const command = COMMANDS.find((c) => c.split(' ')[0] === commandWord(args));
  if (missing && command !== undefined) {
    const wanted = command.split(' ').slice(1).filter((w) => w.startsWith('<'))[Number(missing[1])];
    if (wanted !== undefined) return `${command.split(' ')[0]} needs ${wanted}${wanted === '<target>' ? " ('ct-gen list' shows the targets)" : ''}`;
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown) return message;
  const words = unknown[1]!.split(', ');
  // yargs names an unknown `--no-x` twice, as `no-x` and as `noX`.
  const kebab = (word: string) => word.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return words
    .filter((word) => kebab(word) === word || !words.includes(kebab(word)))
    .map((word) => {
      // `--no-cache=false`: a negation given a value.
      const negated = args.find((a) => a.startsWith(`--${word}=`) && word.startsWith('no-'));
      if (negated !== undefined && options.includes(word.slice('no-'.length))) return `--${word} takes no value`;
      const given = args.find((a) => a.startsWith('-') && a.replace(/=.*$/s, '').replace(/^--?(no-)?/, '') === word);
      if (given !== undefined) {
        const meant = closest(word, options.filter((o) => o.length > 1));
        const no = given.startsWith('--no-') ? 'no-' : '';
        return `unknown option ${given.replace(/=.*$/s, '')}${meant ? `; did you mean --${no}${meant}?` : ''}`;
      }
      // Only the first word can be a command; later words are a command's own arguments.
      if (word !== commandWord(args)) return `unknown argument ${JSON.stringify(word)}`;
      // A flag of generate written as a command: `ct-gen watch` for `ct-gen generate --watch`.
      if (!COMMAND_NAMES.includes(word) && options.includes(word) && word.length > 1) return `unknown command ${JSON.stringify(word)}; did you mean "${word === 'version' ? '' : 'generate '}--${word}"?`;
      const meant = closest(word, COMMAND_NAMES);
      return `unknown command ${JSON.stringify(word)}; ${meant ? `did you mean ${JSON.stringify(meant)}?` : `commands: ${COMMAND_NAMES.join(', ')}`}`;
    })
    .join('\nct-gen: ');
}
