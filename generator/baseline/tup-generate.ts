import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, posix, relative, sep } from 'node:path';

/** A failing `tup` run: its message is tup's own. */
export class TupError extends Error {}

/** A scratch copy of a checkout's `src/` where `tup generate` may write and directories may be created. */
export interface Scratch {
  /** Absolute directory holding `src/`. */
  root: string;
  remove(): void;
}

/**
 * Copy `dir/src` into a new temporary directory: symbolic links stay links, and variant
 * directories (`src/build*`) and Tup databases (`.tup`) are left behind, so the copy parses
 * like a fresh checkout.
 */
export function scratchCopy(dir: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), 'ct-gen-tup-scratch-'));
  const src = join(dir, 'src');
  cpSync(src, join(root, 'src'), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (from) => {
      const name = basename(from);
      if (name === '.tup') return false;
      return !(dirname(from) === src && name.startsWith('build') && lstatSync(from).isDirectory());
    },
  });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The installed tup's `--version` line, e.g. `tup 0.7.11-3 [debian]`. */
export function tupVersion(): string {
  const result = spawnSync('tup', ['--version'], { encoding: 'utf8' });
  if (result.error) throw new TupError(`cannot run tup (${(result.error as NodeJS.ErrnoException).code ?? result.error.message}); the baseline needs tup installed`);
  return result.stdout.trim();
}

const MISSING_DIR = /Failed to find directory ID for dir '([^']*)' relative to '([^']*)'/;

/** How many missing directories one run may create before giving up. */
const MAX_CREATED = 32;

export interface GenerateResult {
  script: string;
  /** Directories created in the scratch copy, relative to the checkout (`src/public/dist`). */
  created: string[];
}

/**
 * Run `tup generate --config <variantDir>/tup.config` in the scratch copy's `src/` and return the
 * script. A glob over a directory only the real build creates (`public/dist/*`) stops tup with
 * "Failed to find directory ID"; that directory is created and tup runs again. Any other
 * failure throws a TupError carrying tup's message.
 */
export function tupGenerate(scratch: Scratch, variantDir: string, config: readonly (readonly [string, string])[]): GenerateResult {
  const src = join(scratch.root, 'src');
  const variant = join(src, variantDir);
  const existed = existsSync(variant);
  mkdirSync(variant, { recursive: true });
  writeFileSync(join(variant, 'tup.config'), config.map(([k, v]) => `${k}=${v}\n`).join(''));
  const out = join(scratch.root, `${variantDir}.sh`);
  const created: string[] = [];
  try {
    for (;;) {
      const result = spawnSync('tup', ['generate', '--config', `${variantDir}/tup.config`, out], { cwd: src, encoding: 'utf8' });
      if (result.error) throw new TupError(`cannot run tup (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`);
      if (result.status === 0) return { script: readFileSync(out, 'utf8'), created };
      const output = `${result.stdout}\n${result.stderr}`;
      const missing = MISSING_DIR.exec(output);
      const dir = missing && posix.normalize(posix.join(missing[2]!, posix.dirname(missing[1]!)));
      const target = dir === null ? undefined : join(src, dir);
      if (target === undefined || existsSync(target) || created.length >= MAX_CREATED || outside(scratch.root, target)) {
        throw new TupError(`tup generate failed for ${variantDir}:\n${tupMessage(result.stderr, result.stdout)}`);
      }
      mkdirSync(target, { recursive: true });
      created.push(posix.join('src', dir!));
    }
  } finally {
    // The next variant must not see this one's config; a directory the checkout has stays.
    rmSync(existed ? join(variant, 'tup.config') : variant, { recursive: true, force: true });
  }
}

function outside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/** tup's error output (stderr), its progress marker of the failing directory read as that directory's Tupfile. */
function tupMessage(stderr: string, stdout: string): string {
  const lines = (stderr.trim() === '' ? stdout.trim().split('\n').slice(-10) : stderr.trim().split('\n')).filter((l) => l.trim() !== '');
  return lines
    .map((line) => {
      const marker = /^\* (?:~?\d+%\s+)?(\S.*)$/.exec(line);
      return marker ? `  in ${posix.join('src', marker[1]!, 'Tupfile')}:` : `  ${line.trim()}`;
    })
    .join('\n');
}
