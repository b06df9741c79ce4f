import type { Word } from './shell-words.js';

/** What a simple command runs once its prefixes are peeled off. */
export type Unwrapped =
  /**
   * A program with the arguments it receives (redirections left out); `first` is where the
   * command starts once keywords (`then`, `{`, `!`) are left out.
   */
  | { kind: 'run'; first: Word; head: Word; args: Word[] }
  /** Shell text in one word, run by a shell: `bash -c '…'`, `nix-shell --run '…'`, `env -S '…'`, `eval '…'`. */
  | { kind: 'script'; word: Word }
  /** A shell reading its script from a here-document: `bash <<EOF`. */
  | { kind: 'stdin-script' }
  /** Nothing runs, or only a lookup: assignments, `command -v nim`, a lone keyword. */
  | { kind: 'none' };

const KEYWORDS = new Set(['!', '{', '}', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
const REDIRECTION = /^\d*(?:&>>?|>>?&?|<<?-?|<&|<>|>\|)/;
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh']);

/** Programs that run the rest of their arguments as a command; the options listed take a value. */
const WRAPPERS: Record<string, readonly string[]> = {
  exec: ['-a'],
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--prompt'],
  doas: ['-u', '-C'],
  time: ['-f', '-o', '--format', '--output'],
  env: ['-u', '-C', '--unset', '--chdir'],
  nice: ['-n', '--adjustment'],
  nohup: [],
  stdbuf: ['-i', '-o', '-e'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  'xvfb-run': ['-n', '--server-num', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol', '-s', '--server-args', '-w', '--wait'],
  ionice: ['-c', '-n', '-p', '--class', '--classdata'],
  setsid: [],
  unbuffer: [],
  chronic: [],
  ccache: [],
  catchsegv: [],
  valgrind: [],
  strace: ['-o', '-e', '-p', '-s', '-u', '-E', '-P', '-I', '-b', '-a', '-X', '-O', '-S', '-U'],
  ltrace: ['-o', '-e', '-p', '-s', '-u', '-n', '-a', '-l', '-x', '-F'],
  xargs: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
};

/** `watch` runs its arguments joined by a shell; `parallel`, up to its argument separator. */
const WATCH_OPTIONS = ['-n', '--interval', '-q', '--equexit'];
const PARALLEL_OPTIONS = ['-j', '--jobs', '-P', '--max-procs', '-S', '--sshlogin', '--slf', '--sshloginfile', '-a', '--arg-file', '-d', '--delimiter', '-I', '-n', '--max-args', '-N', '-L', '--max-lines', '-E', '-C', '--colsep', '--joblog', '--results', '--res', '--tmpdir', '--timeout', '--delay', '--retries', '--halt', '--memfree', '--load', '--env', '--workdir', '--wd', '--tag-string', '--tagstring', '--basefile', '--bf', '--return', '--transfer-file', '--tf'];
const PARALLEL_SEPARATORS = new Set([':::', '::::', ':::+', '::::+']);
/** find's actions that run a command, which ends at `;` or `+`. */
const FIND_EXEC = ['-exec', '-execdir', '-ok', '-okdir'];
const FLOCK_OPTIONS = ['-w', '--timeout', '-E', '--conflict-exit-code'];

export const basename = (value: string): string => value.slice(value.lastIndexOf('/') + 1);

/** Peel keywords, assignments, redirections and wrappers (`env X=1`, `exec`, `sudo -E`, `time`, `nix develop -c`) off a command. */
export function unwrap(command: readonly Word[]): Unwrapped {
  // Cut short where a wrapper's command ends (parallel's `:::`, find's `;`), in a loop, not by
  // recursion: a line of a thousand nested wrappers is read in one pass and cannot overflow the stack.
  let words = command;
  // How far a scan for find's `;`/`+` and for parallel's `:::` has read and found none: each word is read once.
  let noTerminator = 0;
  let noSeparator = 0;
  let i = 0;
  while (KEYWORDS.has(words[i]?.raw ?? '')) i++;
  const first = i;
  while (i < words.length) {
    const word = words[i]!;
    const redirection = REDIRECTION.exec(word.raw);
    if (KEYWORDS.has(word.raw) || ASSIGNMENT.test(word.raw)) {
      i++;
      continue;
    }
    if (redirection) {
      i += redirection[0] === word.raw ? 2 : 1;
      continue;
    }
    const name = basename(word.value);
    const valued = WRAPPERS[name];
    if (valued) {
      if (name === 'env' && (words[i + 1]?.value === '-S' || words[i + 1]?.value === '--split-string')) return scriptAt(words, i + 2);
      i = skipOptions(words, i + 1, valued);
      if (name === 'timeout') i++;
      continue;
    }
    if (name === 'watch' || name === 'parallel') {
      const from = skipOptions(words, i + 1, name === 'watch' ? WATCH_OPTIONS : PARALLEL_OPTIONS);
      let end = name === 'watch' ? words.length : Math.min(Math.max(from, noSeparator), words.length);
      while (end < words.length && !PARALLEL_SEPARATORS.has(words[end]!.value)) end++;
      if (name === 'parallel') noSeparator = end;
      // One word with blanks is shell text: `watch 'nim c x.nim'`, `parallel 'nim c {}' ::: …`.
      if (end - from === 1 && /\s/.test(words[from]!.value)) return scriptAt(words, from);
      if (end < words.length) words = words.slice(0, end);
      i = from;
      continue;
    }
    // find without -exec runs nothing but itself, as any other program.
    const exec = name === 'find' ? indexOfOption(words, i + 1, FIND_EXEC) : -1;
    if (exec >= 0) {
      let end = Math.min(Math.max(exec + 1, noTerminator), words.length);
      while (end < words.length && words[end]!.value !== ';' && words[end]!.value !== '+') end++;
      noTerminator = end;
      if (end < words.length) words = words.slice(0, end);
      i = exec + 1;
      continue;
    }
    if (name === 'flock') {
      // `flock [options] FILE COMMAND…`, `flock [options] FILE -c SCRIPT`; `flock FD` runs nothing.
      i = skipOptions(words, i + 1, FLOCK_OPTIONS) + 1;
      const next = words[i]?.value;
      if (next === '-c' || next === '--command') return scriptAt(words, i + 1);
      continue;
    }
    if (name === 'trap') {
      // `trap [--] ACTION SIGNAL…`: the action is shell text, run when a signal comes.
      const at = words[i + 1]?.value === '--' ? i + 2 : i + 1;
      return at + 1 < words.length && !/^-[lp]$/.test(words[at]!.value) ? scriptAt(words, at) : { kind: 'none' };
    }
    if (name === 'command') {
      if (/^-[a-zA-Z]*[vV]/.test(words[i + 1]?.value ?? '')) return { kind: 'none' };
      i = skipOptions(words, i + 1, []);
      continue;
    }
    if (name === 'eval') {
      if (/^['"]/.test(words[i + 1]?.raw ?? '')) return scriptAt(words, i + 1);
      i++;
      continue;
    }
    if (SHELLS.has(name)) return shell(words, i + 1);
    if (name === 'nix' && (words[i + 1]?.value === 'develop' || words[i + 1]?.value === 'shell')) {
      const at = indexOfOption(words, i + 2, ['-c', '--command']);
      if (at < 0) return { kind: 'none' };
      i = at + 1;
      continue;
    }
    // `direnv exec DIR COMMAND…` runs the command in DIR's environment.
    if (name === 'direnv' && words[i + 1]?.value === 'exec') {
      i += 3;
      continue;
    }
    if (name === 'nix-shell') return scriptAt(words, indexOfOption(words, i + 1, ['--run', '--command']) + 1 || words.length);
    return { kind: 'run', first: words[first]!, head: word, args: argumentsAfter(words, i + 1) };
  }
  return { kind: 'none' };
}

/** `bash [options] -c SCRIPT`, `bash <<EOF`; `bash file.sh` runs a file this scan reads on its own. */
function shell(words: readonly Word[], from: number): Unwrapped {
  let inline = false;
  let i = from;
  for (; i < words.length; i++) {
    const v = words[i]!.value;
    if (v === '--') {
      i++;
      break;
    }
    if (!/^[-+]/.test(v) || REDIRECTION.test(words[i]!.raw)) break;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v)) inline = true;
    if (/^[-+][oO]$/.test(v) || v === '--rcfile' || v === '--init-file') i++;
  }
  const next = words[i];
  if (inline) return scriptAt(words, i);
  if (next === undefined || REDIRECTION.test(next.raw)) return { kind: 'stdin-script' };
  return { kind: 'none' };
}

/** The words from `from` on that the program receives: `>log`, `2>&1` and `> log` are the shell's. */
function argumentsAfter(words: readonly Word[], from: number): Word[] {
  const args: Word[] = [];
  for (let i = from; i < words.length; i++) {
    const redirection = REDIRECTION.exec(words[i]!.raw);
    if (!redirection) args.push(words[i]!);
    else if (redirection[0] === words[i]!.raw) i++;
  }
  return args;
}

function scriptAt(words: readonly Word[], i: number): Unwrapped {
  const word = words[i];
  return word ? { kind: 'script', word } : { kind: 'none' };
}

function skipOptions(words: readonly Word[], i: number, valued: readonly string[]): number {
  while (i < words.length && words[i]!.value.startsWith('-')) {
    const v = words[i]!.value;
    if (v === '--') return i + 1;
    i += valued.includes(v) ? 2 : 1;
  }
  return i;
}

function indexOfOption(words: readonly Word[], from: number, names: readonly string[]): number {
  for (let i = from; i < words.length; i++) if (names.includes(words[i]!.value)) return i;
  return -1;
}
