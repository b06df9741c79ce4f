import { basename } from './commands.js';
import { BINDING_LOOKUPS } from './limits.js';
import type { Word } from './shell-words.js';

export type Tool = 'nim' | 'nimble';

/**
 * Commands that compile, spelled as the tools normalise them (lower case, no underscores).
 *
 * nim 1.6 (`parseCommand` in compiler/commands.nim): `c`, `cc`, `compile`, `compileToC`,
 * `cpp`, `compileToCpp`, `objc`, `compileToOC`, `js`, `compileToJS`; `r` compiles and runs
 * the result; `run` does the same with the TinyC backend; `jsonscript` reruns the C compiler
 * and linker of an earlier compile. Not compiling: `check` (the front end only, no code is
 * generated and the driver has no such mode to call instead), `e` and a `.nims` project
 * (NimScript in the compiler's VM), `doc`, `dump`, `ctags`, `gendepend` and the other
 * documentation and query commands.
 */
const COMPILING: Record<Tool, ReadonlySet<string>> = {
  nim: new Set(['c', 'cc', 'compile', 'compiletoc', 'cpp', 'compiletocpp', 'objc', 'compiletooc', 'js', 'compiletojs', 'r', 'run', 'jsonscript']),
  nimble: new Set(['build', 'c', 'cc', 'compile', 'cpp', 'js', 'run', 'test', 'install', 'develop', 'setup']),
};

/**
 * A word that is only expansions (`$NIMFLAGS`, `"${flags}"`, `{{flags}}`, `$(VAR)`): it may
 * stand for options, or for nothing, so the word after it may still be the command.
 */
const EXPANSIONS = /^(?:\$\{\{[^}]*\}\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[@*#?$!0-9-]|\$\{[^}]*\}|\$\([^)]*\)|`[^`]*`|\{\{[^}]*\}\})+$/;

/** Variable names that stand for the tools even when the file never assigns them (`$NIM`, `$(NIM_BIN)`). */
const TOOL_NAMES: [Tool, RegExp][] = [
  ['nim', /^nim(?:_?(?:bin|exe|cmd|compiler))?$/i],
  ['nimble', /^nimble(?:_?(?:bin|exe|cmd))?$/i],
];

/** A word that is one variable reference: its name, and the default after `:-`, `-`, `=`, … in `${NAME:-default}`. */
type Reference = { name: string; fallback?: string };
const matched = (pattern: RegExp) => (value: string): Reference | undefined => {
  const name = pattern.exec(value)?.[1];
  return name === undefined ? undefined : { name };
};
const REFERENCES: ((value: string) => Reference | undefined)[] = [
  matched(/^\$([A-Za-z_][A-Za-z0-9_]*)$/),
  braced,
  matched(/^\{\{([A-Za-z_][\w-]*)\}\}$/),
  matched(/^\$\{\{\s*(?:env|vars|inputs|matrix)\.([\w-]+)\s*\}\}$/),
];
const LOOKUP = /^(?:\$\(|`)\s*(?:command\s+-v|which|type\s+-P)\s+['"]?(nim|nimble)['"]?\s*(?:\)|`)$/;
const GET_EXE = /^\$\{\s*(?:pkgs\.)?lib\.getExe(')?\s+([\w.'-]+)(?:\s+"([\w.-]+)")?\s*\}$/;

/**
 * Variables a file binds, by name; a name may be bound more than once (each value once). Lookups
 * through them have a budget per file (BINDING_LOOKUPS), so names bound many times over to one
 * another cannot make a word's lookup explode: once it is spent, words are read by their own
 * names only, and `spent` says so.
 */
export class Bindings {
  private readonly values = new Map<string, Set<string>>();
  private lookups = 0;

  constructor(entries: Iterable<readonly [string, string]> = []) {
    for (const [name, value] of entries) this.add(name, value);
  }

  add(name: string, value: string): void {
    const set = this.values.get(name);
    if (set) set.add(value);
    else this.values.set(name, new Set([value]));
  }

  /** The values bound to `name`, none once the lookup budget is spent. */
  get(name: string): Iterable<string> {
    const values = this.values.get(name);
    if (!values || this.spent) return [];
    this.lookups += values.size;
    return this.spent ? [] : values;
  }

  get spent(): boolean {
    return this.lookups > BINDING_LOOKUPS;
  }
}

/**
 * Which tool a command word runs: `nim`, `nim2`, `nim-2.2.6`, a path ending in one of them
 * (`${pkg.out}/bin/nim2`, `./nim-2.2.6/bin/nim`), a variable named like the tool or bound to it (`$NIM`, `${NIMC}`, `{{nim}}`,
 * `${NIM:-nim}`), `$(command -v nim)`, `${lib.getExe pkgs.nim}`. Other tools that merely
 * start with "nim" (nimsuggest, nimpretty) are not nim.
 */
export function toolOf(value: string, bindings: Bindings, depth = 0): Tool | undefined {
  if (depth > 8) return undefined;
  const lookup = LOOKUP.exec(value);
  if (lookup) return lookup[1] as Tool;
  const exe = GET_EXE.exec(value);
  if (exe) return exe[3] ? byFileName(exe[3]) : byPackage(exe[2]!);
  for (const reference of REFERENCES) {
    const ref = reference(value);
    if (!ref) continue;
    const name = ref.name;
    const byName = byVariableName(name.slice(name.lastIndexOf('.') + 1));
    if (byName) return byName;
    for (const bound of bindings.get(name)) {
      const tool = toolOf(bound.trim(), bindings, depth + 1);
      if (tool) return tool;
    }
    return ref.fallback ? toolOf(ref.fallback, bindings, depth + 1) : undefined;
  }
  return byFileName(value.includes('/') ? basename(value) : value);
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[\w.'-]/;

/**
 * `${NAME}` or `${NAME<op>default}` (op `-`, `=`, `?`, `+`, optionally after `:`), read as
 * `/^\$\{([A-Za-z_][\w.'-]*)(?:(:?[-=?+])(.*))?\}$/s` reads it (the longest name that leaves an
 * operator or the closing brace), but in one pass: `-` is both a name character and an operator,
 * and that regex takes time quadratic in a long run of them.
 */
function braced(value: string): Reference | undefined {
  if (!value.startsWith('${') || !value.endsWith('}') || !NAME_START.test(value[2] ?? '')) return undefined;
  let end = 3;
  while (end < value.length && NAME_PART.test(value[end]!)) end++;
  const close = value.length - 1;
  for (let at = end; at > 2; at--) {
    const op = value[at] === ':' && '-=?+'.includes(value[at + 1] ?? '}') ? 2 : '-=?+'.includes(value[at] ?? '}') ? 1 : 0;
    if (op > 0 && at + op <= close) return { name: value.slice(2, at), fallback: value.slice(at + op, close) };
    if (at === close) return { name: value.slice(2, at) };
  }
  return undefined;
}

/**
 * The command of a nim or nimble command line when it compiles, else undefined. As both
 * tools parse their command line: options come first (`-d:x`, `--hints:off`; an option's
 * value follows `:` or `=`, never as a word of its own), and the first other word is the
 * command. Later words are the project file and its arguments, so `nim doc --project c`
 * compiles nothing.
 */
export function compilingCommand(tool: Tool, args: readonly Word[]): string | undefined {
  const command = args.find(isCommandWord);
  return command && COMPILING[tool].has(command.value.toLowerCase().replace(/_/g, '')) ? command.value : undefined;
}

/**
 * The main module of a command line, as written after quote removal (`src/x.nim`, `$f`,
 * `{{f}}`), or undefined when lint cannot tell. nim takes the first word after the command
 * that is not an option as the project file and passes every later word to the program it
 * runs, so that word counts; a word that is only expansions (`$NIMFLAGS`) is read as options
 * or nothing, as when finding the command, unless no other word follows it (`"$f"`).
 */
export function mainModule(args: readonly Word[]): string | undefined {
  const command = args.findIndex(isCommandWord);
  if (command < 0) return undefined;
  const rest = args.slice(command + 1).filter((arg) => !arg.value.startsWith('-'));
  return (rest.find((arg) => !EXPANSIONS.test(arg.value)) ?? rest.at(-1))?.value;
}

const isCommandWord = (arg: Word): boolean => !arg.value.startsWith('-') && !EXPANSIONS.test(arg.value);

/** nim's own names: `nim`, a major version (`nim2`), a release (`nim-2.2.6`, `nim-1_6`). */
const NIM_FILE = /^nim(?:\d+|-\d+(?:[._]\d+)*)?$/;

function byFileName(name: string): Tool | undefined {
  const bare = name.replace(/\.exe$/i, '');
  if (bare === 'nimble') return 'nimble';
  return NIM_FILE.test(bare) ? 'nim' : undefined;
}

function byVariableName(name: string): Tool | undefined {
  return TOOL_NAMES.find(([, pattern]) => pattern.test(name))?.[0];
}

/** `lib.getExe` runs a package's main program; nim packages are named like `nim`, `nim-2_0`, `upstream-nim-codetracer`. */
function byPackage(attribute: string): Tool | undefined {
  const name = attribute.slice(attribute.lastIndexOf('.') + 1);
  if (/^nimble(?:[-_]|$)/.test(name)) return 'nimble';
  return /(?:^|-)nim(?:[-_]|$)/.test(name) ? 'nim' : undefined;
}
