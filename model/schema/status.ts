import { z } from 'zod';
import { q } from './rules.js';
import { fitsOnDisk } from './names.js';

/**
 * NixOS build-status tooling (seed 004): where `nixos-build-wrapper` records builds, how it
 * runs them (nh with nom, else the target's own rebuild command) and what the status
 * commands answer. Every field but the targets has a default; every object is strict, so a misspelled field is an error rather than a setting silently ignored.
 * The JSON documents the tools write are in status-documents.ts.
 */

/** A word of a command line or an option name: no spaces, no quotes, nothing a shell expands. */
const WordSchema = z.string().regex(/^[A-Za-z0-9_@%+=:,./-]+$/, 'must be one plain command-line word (letters, digits and _@%+=:,./-)');
/** A target or action name, as the wrapper's TARGET and ACTION arguments. */
const StatusNameSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter');
/** Usage text and reports print it on one line (no string of a model holds a line break: rules.ts, checkText). */
const OneLineSchema = z.string().min(1, 'must not be empty');
const ExitCodeSchema = z.number().int().min(0).max(125);

export const StatusActionSchema = z.strictObject({
  /** The wrapper's ACTION word: `switch`, `dry-build`. */
  name: StatusNameSchema,
  /** Words after `nh <target nh words>`, e.g. `['build', '--dry']`. */
  nh: z.array(WordSchema).min(1),
  /** Words after the target's fallback command, e.g. `['dry-build']`. */
  fallback: z.array(WordSchema).min(1),
  /** It activates a configuration, so a fallback that needs root runs through `tools.elevate`. Default: false. */
  activates: z.boolean().default(false),
});

export const StatusTargetSchema = z.strictObject({
  /** The wrapper's TARGET word: `os`, `home`. */
  name: StatusNameSchema,
  /** Shown in the wrapper's usage. */
  description: OneLineSchema,
  /** nh's subcommand for this target, e.g. `['os']`. */
  nh: z.array(WordSchema).min(1),
  /** The command run when nh is not on PATH: `nixos-rebuild`, `home-manager`. */
  fallback: WordSchema,
  /** The fallback needs root to activate; when the wrapper is not root it runs through `tools.elevate`. Default: false. */
  fallbackNeedsRoot: z.boolean().default(false),
  /** Words the fallback gets when its output is piped through nom, e.g. `['--log-format', 'internal-json', '-v']`. Default: none. */
  fallbackNomArgs: z.array(WordSchema).default([]),
  /** nom's own arguments for that output, e.g. `['--json']`. Default: none. */
  nomArgs: z.array(WordSchema).default([]),
  /** The actions this target accepts, in usage order. */
  actions: z.array(StatusActionSchema).min(1),
});

export const StatusSchema = z
  .strictObject({
    /** Where build logs live; `NIXOS_BUILD_LOG_DIR` overrides it at run time. Default: `/var/log/nixos-builds`. */
    logDir: fitsOnDisk(z.string().regex(/^\//, 'must be an absolute path')).default('/var/log/nixos-builds'),
    /** How many entries build-history.json keeps, newest last. Default: 100. */
    historyLimit: z.number().int().positive().default(100),
    /** The flake the wrapper builds; `--flake` or `NIXOS_BUILD_FLAKE` override it. Default: `/etc/nixos`. */
    flake: OneLineSchema.default('/etc/nixos'),
    /** Exit codes of `nixos-build-status` (the first that applies wins: buildErrors, outOfSync, healthy); `invalidArguments` also for the wrapper and the test suite. Default: 0, 1, 2, 3. */
    exitCodes: z
      .strictObject({
        /** Healthy and in sync (or sync unknown). Default: 0. */
        healthy: ExitCodeSchema.default(0),
        /** Running system or Home Manager generation is not the newest. Default: 1. */
        outOfSync: ExitCodeSchema.default(1),
        /** The last build failed or systemd units failed. Default: 2. */
        buildErrors: ExitCodeSchema.default(2),
        /** Unknown option, target or action. Default: 3. */
        invalidArguments: ExitCodeSchema.default(3),
      })
      .prefault({}),
    /** The wrapper's targets and how each runs its actions. Default: `os` and `home` as in seed 004. */
    targets: z.array(StatusTargetSchema).min(1),
    /** Commands looked up on PATH. Default: every command at its own default. */
    tools: z
      .strictObject({
        /** Preferred builder. Default: `nh`. */
        nh: WordSchema.default('nh'),
        /** Words that turn off nh's own nom, given when nom is absent. Default: `['--no-nom']`. */
        nhNoNomArgs: z.array(WordSchema).default(['--no-nom']),
        /** nix-output-monitor. Default: `nom`. */
        nom: WordSchema.default('nom'),
        /** Reports generations as JSON with `--json`. Default: `nixos-generation-info`. */
        generationInfo: WordSchema.default('nixos-generation-info'),
        /** Runs a fallback that needs root when the wrapper is not root. Default: `sudo`. */
        elevate: WordSchema.default('sudo'),
      })
      .prefault({}),
    /** How build errors are extracted from a log into last-build.json. Default: 20 blocks of up to 2000 characters. */
    errors: z
      .strictObject({
        /** Error blocks kept per build, the first ones. Default: 20. */
        maxCount: z.number().int().positive().default(20),
        /** Characters kept per error block; longer ones end in `…`. Default: 2000. */
        maxChars: z.number().int().min(80).default(2000),
      })
      .prefault({}),
    /** The journal window counted as `journalErrors`, in journalctl's `--since` syntax. Default: `1 hour ago`. */
    journalSince: OneLineSchema.default('1 hour ago'),
    /** Seconds a wrapper waits for another one to finish recording. Default: 120. */
    lockTimeoutSeconds: z.number().int().positive().default(120),
    /** `test-build-automation` defaults. */
    automation: z
      .strictObject({
        /** Target built when none is given. Default: `os`. */
        target: StatusNameSchema.default('os'),
        /** Action run when none is given; a dry build activates nothing. Default: `dry-build`. */
        action: StatusNameSchema.default('dry-build'),
        /** Lines of the build log copied into the debug context. Default: 100. */
        logTailLines: z.number().int().positive().default(100),
      })
      .prefault({}),
  })
  .superRefine(checkStatus);

export type Status = z.infer<typeof StatusSchema>;
export type StatusInput = z.input<typeof StatusSchema>;
export type StatusTarget = z.infer<typeof StatusTargetSchema>;

interface StatusShape {
  exitCodes: Record<string, number>;
  targets: { name: string; actions: { name: string }[] }[];
  automation: { target: string; action: string };
}

/** Cross-field rules; paths are relative to `status`, messages list the valid choices. */
function checkStatus(status: StatusShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const codeOwner = new Map<number, string>();
  for (const [name, code] of Object.entries(status.exitCodes)) {
    const other = codeOwner.get(code);
    if (other !== undefined) issue(['exitCodes', name], `${code} is already the exit code for ${other}`);
    else codeOwner.set(code, name);
  }
  const firstTarget = new Map<string, number>();
  status.targets.forEach((target, i) => {
    const first = firstTarget.get(target.name);
    if (first !== undefined) issue(['targets', i, 'name'], `duplicate target ${q(target.name)} (first at targets[${first}])`);
    else firstTarget.set(target.name, i);
    const firstAction = new Map<string, number>();
    target.actions.forEach((a, j) => {
      const seen = firstAction.get(a.name);
      if (seen !== undefined) issue(['targets', i, 'actions', j, 'name'], `duplicate action ${q(a.name)} (first at targets[${i}].actions[${seen}])`);
      else firstAction.set(a.name, j);
    });
  });
  const target = status.targets.find((t) => t.name === status.automation.target);
  if (!target) {
    issue(['automation', 'target'], `unknown target ${q(status.automation.target)}; known: ${status.targets.map((t) => t.name).join(', ')}`);
  } else if (!target.actions.some((a) => a.name === status.automation.action)) {
    issue(['automation', 'action'], `target ${q(target.name)} has no action ${q(status.automation.action)}; known: ${target.actions.map((a) => a.name).join(', ')}`);
  }
}
