import type { Severity } from './types.js';

/** How an inline suppression is written; see docs/lint.md. */
export const SUPPRESSION_SYNTAX = 'ct-gen-lint: allow <rule>[,<rule>…] -- <reason>';

export const RULE_IDS = ['nim-invocation', 'tup-nim-outside-driver', 'nimble-invocation', 'bad-suppression', 'unreadable-file', 'lint-incomplete'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  /** One line, for listings and SARIF `shortDescription`. */
  summary: string;
  /** What to do about a finding, for SARIF `help`. */
  help: string;
  /** Whether an inline suppression may name this rule. */
  suppressible: boolean;
}

export const RULES: Record<RuleId, RuleInfo> = {
  'nim-invocation': {
    id: 'nim-invocation',
    severity: 'error',
    summary: 'nim compiler invoked outside the build driver',
    help: 'Call tools/build/build_codetracer.sh with --target and --profile instead of running nim, so every surface compiles with the flags of the model. Fenced shell blocks in Markdown are reported as warnings.',
    suppressible: true,
  },
  'tup-nim-outside-driver': {
    id: 'tup-nim-outside-driver',
    severity: 'error',
    summary: 'Tup command runs nim instead of the driver macro',
    help: 'In Tupfiles and Tuprules.tup every nim compilation goes through the driver macro, which calls tools/build/build_codetracer.sh.',
    suppressible: true,
  },
  'nimble-invocation': {
    id: 'nimble-invocation',
    severity: 'error',
    summary: 'nimble builds outside the build driver (enabled with --nimble)',
    help: 'nimble compiles with its own flags; build Codetracer artefacts with tools/build/build_codetracer.sh.',
    suppressible: true,
  },
  'bad-suppression': {
    id: 'bad-suppression',
    severity: 'error',
    summary: 'inline suppression without a reason, naming an unknown rule, or covering no command (a warning)',
    help: `Write \`# ${SUPPRESSION_SYNTAX}\` on the line of the command or the line before it; the reason says why nim may run there.`,
    suppressible: false,
  },
  'unreadable-file': {
    id: 'unreadable-file',
    severity: 'error',
    summary: 'file could not be read, so it was not checked',
    help: 'Make the file readable, or leave it out of the scan (.gitignore, or the model allowlist).',
    suppressible: false,
  },
  'lint-incomplete': {
    id: 'lint-incomplete',
    severity: 'warning',
    summary: 'this file could not be scanned completely',
    help: 'A construct of the file passes a limit of the scan (docs/lint.md, Limits), or the scan failed on it: a nim invocation inside it may be missed, while the rest of the file and the tree are scanned. Simplify the construct, or leave the file out of the scan with a lint.allow entry without sources that says why.',
    // A comment in a file the scan could not read through cannot vouch for it; the model's allowlist can.
    suppressible: false,
  },
};
