import { posix } from 'node:path';
import { splitCommands } from '../../lint/shell-words.js';
import { type NimCall, nimCalls } from './nim-command.js';

/** One nim compile of a `tup generate` script. */
export interface ScriptCompile extends NimCall {
  /** Directory it runs in, relative to the Tup root (`.`, `ct`, `frontend/styles`). */
  dir: string;
  /** 1-based line of the script. */
  line: number;
}

/**
 * The nim compiles of a script `tup generate` wrote. Its shape: `#! /bin/sh -e`, set-up lines
 * (`export tup_vardict=…`, `mkdir -p "…"`), then for each directory `cd "rel"` (relative to the
 * previous directory; the script starts in the Tup root) and one `(command)` line per rule.
 * Commands are split as the shell splits them, so quoting in the Tupfile is honoured.
 */
export function scriptCompiles(script: string): ScriptCompile[] {
  const compiles: ScriptCompile[] = [];
  let dir = '.';
  script.split('\n').forEach((text, index) => {
    if (text.startsWith('cd ')) {
      const target = splitCommands(text)[0]?.words[1]?.value;
      if (target === undefined) throw new Error(`tup generate script line ${index + 1}: cd without a directory`);
      dir = posix.normalize(posix.join(dir, target));
      if (dir === '..' || dir.startsWith('../')) throw new Error(`tup generate script line ${index + 1}: cd leaves the Tup root (${dir})`);
    } else if (text.startsWith('(')) {
      for (const call of nimCalls(text)) compiles.push({ dir, line: index + 1, ...call });
    }
  });
  return compiles;
}
