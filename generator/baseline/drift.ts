import type { Baseline, BaselineInvocation } from '../../model/schema/baseline.js';
import { diffSettings, effectiveSettings, normalise, repoPath, showSettingChange } from '../parity/normalise.js';

export interface Drift {
  /**
   * One line per change to what is built, each naming the invocation and where it is now:
   * `tup/debug/bin/ct (src/ct/Tupfile:3): --mm: refc -> orc` (an id such as `just:justfile:2`
   * counts the file's compiles; the place gives its line).
   */
  changes: string[];
  /** Differences that change nothing built: the commit, the tup version, a rule that moved to another line. */
  notes: string[];
}

/**
 * How a new recording differs from the committed baseline. Invocations pair up by id; a pair
 * differs when nim would build differently: the binary, the working directory, the output
 * (resolved against it) or an effective setting (`effectiveSettings`: defines as a set, other
 * switches by their last value, `--path`/`--passC`/`--passL`/`--dynlibOverride` as multisets,
 * paths made repository-relative). `root` is the checkout's absolute path, for absolute paths.
 */
export function baselineDrift(committed: Baseline, recorded: Baseline, root?: string): Drift {
  const changes: string[] = [];
  const notes: string[] = [];
  if (committed.commit !== recorded.commit) notes.push(`commit: ${committed.commit ?? '(none)'} -> ${recorded.commit ?? '(none)'}`);
  if (committed.recordedWith.tup !== recorded.recordedWith.tup) notes.push(`tup: ${committed.recordedWith.tup} -> ${recorded.recordedWith.tup}`);
  const after = new Map(recorded.invocations.map((i) => [i.id, i]));
  const before = new Set(committed.invocations.map((i) => i.id));
  for (const old of committed.invocations) {
    const now = after.get(old.id);
    if (!now) changes.push(`${old.id}: removed (was ${old.file}:${old.line})`);
    else compare(old, now, root, changes, notes);
  }
  for (const now of recorded.invocations) if (!before.has(now.id)) changes.push(`${now.id}: added (${now.file}:${now.line})`);
  return { changes, notes };
}

function compare(old: BaselineInvocation, now: BaselineInvocation, root: string | undefined, changes: string[], notes: string[]): void {
  const id = `${old.id} (${now.file}:${now.line})`;
  const field = (name: string, a: string | undefined, b: string | undefined) => {
    if (a !== b) changes.push(`${id}: ${name}: ${a ?? '(none)'} -> ${b ?? '(none)'}`);
  };
  field('nim', old.nim, now.nim);
  field('cwd', old.cwd, now.cwd);
  const output = (i: BaselineInvocation) => {
    const out = normalise(i.nim, i.argv).out;
    return out === undefined ? undefined : repoPath(out, { cwd: i.cwd, sourceRoot: root });
  };
  field('output', output(old), output(now));
  const settings = (i: BaselineInvocation) => effectiveSettings(i.argv, { cwd: i.cwd, root });
  for (const change of diffSettings(settings(old), settings(now))) changes.push(`${id}: ${showSettingChange(change)}`);
  const where = (i: BaselineInvocation) => `${i.file}:${i.line}${i.rule ? ` (${i.rule})` : ''}`;
  if (where(old) !== where(now)) notes.push(`${old.id}: moved from ${where(old)} to ${where(now)}`);
  for (const key of ['profile', 'platform'] as const) {
    if (old[key] !== now[key]) notes.push(`${old.id}: ${key}: ${old[key] ?? '(none)'} -> ${now[key] ?? '(none)'}`);
  }
}
