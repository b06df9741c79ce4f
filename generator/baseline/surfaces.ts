import { posix } from 'node:path';
import type { LintAllow } from '../../model/schema/lint.js';
import type { BaselineInvocation, BaselineSurface } from '../../model/schema/baseline.js';
import { compilingCommand } from '../../lint/classify.js';
import { kindByName } from '../../lint/file-kinds.js';
import { lint } from '../../lint/index.js';
import { parseSwitch } from '../parity/normalise.js';
import { programs } from './nim-command.js';

export interface SurfaceOptions {
  /** Files that run nim for something other than a Codetracer artefact (the model's lint allowlist); not recorded. */
  allow?: readonly LintAllow[];
  /** Checkout-relative paths not to record (variant directories). */
  skip?: (path: string) => boolean;
  note: (message: string) => void;
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** The surface a file belongs to, or undefined for files the baseline leaves to other tools (Tup, Make, Docker, Markdown, other YAML). */
function surfaceOf(file: string): BaselineSurface | undefined {
  const kind = kindByName(file);
  if (kind === 'just' || kind === 'nix') return kind;
  // lint reads a file without an extension only when its shebang is a shell.
  if (kind === 'shell' || kind === 'script') return 'script';
  if (kind === 'workflow' && WORKFLOW.test(file)) return 'workflow';
  return undefined;
}

/**
 * Host interpolations as `${name}` (the model's PLACEHOLDER form): GitHub's `${{ env.X }}`,
 * just's `{{output}}`, the shell's `$1` and `$DIST_DIR`. `${name}` itself, Nix's
 * `${pkgs.glibc.out}` among them, stays.
 */
export function symbolic(word: string): string {
  return word
    .replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, '${$1}')
    .replace(/\{\{\s*([\w.-]+)\s*\}\}/g, '${$1}')
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*|[0-9])/g, '${$1}');
}

/**
 * Every nim compile outside the Tup tree: justfiles, Nix files, shell scripts and GitHub
 * workflows, found as `ct-gen lint` finds them (same files, same extraction, same classifier),
 * numbered per file in line order.
 */
export function recordSurfaces(dir: string, options: SurfaceOptions): BaselineInvocation[] {
  const result = lint([dir], { cwd: dir, allow: options.allow ?? [] });
  const counts = new Map<string, number>();
  const invocations: BaselineInvocation[] = [];
  for (const finding of result.findings) {
    const surface = surfaceOf(finding.file);
    if (finding.rule !== 'nim-invocation' || !surface || options.skip?.(finding.file)) continue;
    // Lint located the command and decided it runs nim; read its words back from the text it reports.
    const text = finding.command.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, inner: string) => `{{${inner.replace(/\s+/g, '')}}}`);
    const call = programs(text).find((p) => compilingCommand('nim', p.args) !== undefined);
    if (!call) {
      options.note(`${finding.file}:${finding.line}: lint reports a nim compile whose words could not be read back; not recorded`);
      continue;
    }
    const n = (counts.get(finding.file) ?? 0) + 1;
    counts.set(finding.file, n);
    const argv = call.args.map((a) => symbolic(a.value));
    const output = argv.map((w) => parseSwitch(w)).filter((s) => s?.key === 'out').pop()?.value;
    invocations.push({
      id: `${surface}:${finding.file}:${n}`,
      surface,
      file: finding.file,
      line: finding.line,
      // just runs a recipe in the justfile's directory; elsewhere the directory is not known from the file.
      cwd: surface === 'just' ? posix.dirname(finding.file) : '.',
      nim: symbolic(call.head.value),
      argv,
      ...(output !== undefined && output !== '' && { output }),
    });
  }
  return invocations;
}
