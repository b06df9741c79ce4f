/**
 * Completion of the values of the command line (`ct-gen completion`'s script asks
 * `ct-gen --get-yargs-completions WORD…`): the model's targets, profiles and platforms where an
 * option or `explain` takes one (of the model `--model` names, if any), and nothing for a path,
 * so that the shell completes file names. Undefined where yargs' own completion answers
 * (commands, option names, an option's choices).
 */

/** Options whose value is a name of the model, by the list it is taken from. */
const NAMED: Record<string, 'targets' | 'profiles' | 'platforms'> = {
  '--like': 'targets',
  '--target': 'targets',
  '--profile': 'profiles',
  '--platform': 'platforms',
};

/**
 * `words` are the shell's words, the program's name first and the word being completed last;
 * `paths`, the options (without dashes) whose value is a path: no words for those, so the shell's
 * own file completion answers.
 */
export async function valueCompletions(words: readonly string[], paths: readonly string[]): Promise<string[] | undefined> {
  const takesPath = (word: string) => word.startsWith('--') && paths.includes(word.slice(2));
  const previous = words.length >= 3 ? words[words.length - 2]! : '';
  if (takesPath(previous)) return [];
  const list = NAMED[previous] ?? (explainsTarget(words, takesPath) ? 'targets' : undefined);
  if (list === undefined) return undefined;
  try {
    const { loadModel } = await import('../model.js');
    return (await loadModel(modelOf(words)))[list].map((item) => item.name);
  } catch {
    // A model that does not load has no names to offer.
    return [];
  }
}

/** Whether the word being completed is `explain`'s target: the first word after the command that is not an option or its value. */
function explainsTarget(words: readonly string[], takesPath: (word: string) => boolean): boolean {
  const rest = words.slice(1, -1);
  const at = rest.findIndex((w) => !w.startsWith('-'));
  if (at < 0 || rest[at] !== 'explain') return false;
  const current = words[words.length - 1]!;
  if (current.startsWith('-')) return false;
  // Every word between the command and this one is an option, or the value of one that takes a value.
  for (let i = at + 1; i < rest.length; i++) {
    if (!rest[i]!.startsWith('-')) return false;
    if (!rest[i]!.includes('=') && (NAMED[rest[i]!] !== undefined || takesPath(rest[i]!) || rest[i] === '--format')) i++;
  }
  return true;
}

/** The model a line names with --model (the completed word aside), or undefined for the built-in one. */
function modelOf(words: readonly string[]): string | undefined {
  const given = words.slice(0, -1);
  for (let i = given.length - 1; i >= 0; i--) {
    if (given[i] === '--model' && i + 1 < given.length) return given[i + 1];
    if (given[i]!.startsWith('--model=')) return given[i]!.slice('--model='.length);
  }
  return undefined;
}
