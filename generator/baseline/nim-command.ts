import { Bindings, compilingCommand, toolOf } from '../../lint/classify.js';
import { unwrap } from '../../lint/commands.js';
import { SHELL_NESTING } from '../../lint/limits.js';
import { splitCommands, type Word } from '../../lint/shell-words.js';

/** One nim compile as its shell would run it: the program word and every word after it, quotes removed. */
export interface NimCall {
  nim: string;
  argv: string[];
}

/** Whether a program word runs nim, as lint's classifier reads it (`nim`, `nim2`, `nim-1.6.20`, a path to one, `$NIM`). */
export const isNimProgram = (word: string): boolean => toolOf(word, new Bindings()) === 'nim';

/**
 * Every program a piece of shell text runs, with its arguments, in order: commands after `&&`,
 * `;`, `|` and inside `( … )`, through the wrappers lint peels off (`env X=1`, `time`, `exec`),
 * and inside `bash -c '…'` and `$( … )`.
 */
export function programs(text: string, depth = 0): { head: Word; args: Word[] }[] {
  const found: { head: Word; args: Word[] }[] = [];
  for (const command of splitCommands(text)) {
    const unwrapped = unwrap(command.words);
    if (unwrapped.kind === 'run') found.push({ head: unwrapped.head, args: unwrapped.args });
    if (depth >= SHELL_NESTING) continue;
    for (const sub of command.substitutions) found.push(...programs(text.slice(sub.start, sub.end), depth + 1));
    if (unwrapped.kind === 'script') found.push(...programs(unwrapped.word.value, depth + 1));
  }
  return found;
}

/** The nim compiles in shell text (`nim c`, `nim2 js`, `nim-1.6 cpp`; not `nim check`, `nim doc`). */
export function nimCalls(text: string): NimCall[] {
  return programs(text)
    .filter((p) => isNimProgram(p.head.value) && compilingCommand('nim', p.args) !== undefined)
    .map((p) => ({ nim: p.head.value, argv: p.args.map((a) => a.value) }));
}
