import { z } from 'zod';
import type { Status } from './status.js';

/**
 * The JSON documents the NixOS build-status tools write (seed 004): `last-build.json`,
 * `build-history.json` and the status report. They are shaped by the `status` section of the
 * model (its targets, actions, exit codes and limits), so they are built per model.
 */

/** Fields the status tools fill with `unknown` when the tool that knows them is missing. */
const Unknown = z.literal('unknown');
/** `date -Iseconds`: `2025-11-14T15:30:00+00:00`. */
const Timestamp = z.iso.datetime({ offset: true });

/** The status report's `version`; bump it when a field changes meaning. 1.0.0 was seed 004's hand-written format. */
export const STATUS_REPORT_VERSION = '2.0.0';

/**
 * The JSON documents the tools write, as this model shapes them: targets, actions and exit
 * codes are the model's, the history holds at most `historyLimit` builds. Tests validate every
 * file the scripts write against these; the emitter publishes them as JSON Schema, with the
 * titles and descriptions of `registry` (a local one: the factory runs once per model).
 *
 * Every object is strict (JSON Schema `additionalProperties: false`): the only writers are the
 * scripts generated from the same model, so a field the schema does not know means script and
 * schema have drifted, and the scenario tests that validate every file written must fail. Only
 * the report's `generation`, nixos-generation-info's own JSON, is open.
 */
export function statusDocumentSchemas(status: Status) {
  const registry = z.registry<{ id?: string; title?: string; description?: string }>();
  const names = (list: string[]) => z.enum([...new Set(list)] as [string, ...string[]]);
  const generation = z
    .strictObject({
      /** `g42`; `unknown` when nixos-generation-info is missing or fails. */
      generation: z.string(),
      /** The system generation's number as nixos-generation-info reports it, e.g. `42`; `unknown` likewise. */
      generationRaw: z.string(),
      /** The configuration's git commit the generation was built from; `unknown` likewise. */
      commit: z.string(),
      /** `hm12`. */
      homeManagerGeneration: z.string(),
    })
    .register(registry, { id: 'generation', description: 'Generations as nixos-generation-info reported them, before or after the build' });

  const lastBuild = z
    .strictObject({
      /** When the wrapper started the build. */
      buildStart: Timestamp,
      /** When the build ended. */
      buildEnd: Timestamp,
      /** Whole seconds. */
      buildDuration: z.number().int().nonnegative(),
      /** The wrapper's TARGET, one of the model's targets. */
      target: names(status.targets.map((t) => t.name)),
      /** The wrapper's ACTION, one of the model's actions. */
      action: names(status.targets.flatMap((t) => t.actions.map((a) => a.name))),
      /** The command that ran: nh or the target's fallback. */
      tool: z.string().min(1),
      /** nom showed the build (nh's own, or the fallback piped through it). */
      nom: z.boolean(),
      /** The flake built: `--flake`, `NIXOS_BUILD_FLAKE` or the model's `status.flake`. */
      flakePath: z.string(),
      /** The build's exit status; the wrapper exits with it. */
      exitCode: z.number().int().min(0).max(255),
      /** The build succeeded: exactly when `exitCode` is 0. */
      success: z.boolean(),
      /** The host that built. */
      hostname: z.string(),
      /** The user who ran the wrapper. */
      user: z.string(),
      /** `argv` quoted for a shell, to copy and paste. */
      command: z.string().min(1),
      /** The command that ran, word by word. */
      argv: z.array(z.string()).min(1),
      /** Generations before the build. */
      preGeneration: generation,
      /** Generations after the build. */
      postGeneration: generation,
      /** A known system or Home Manager generation differs after the build. */
      generationChanged: z.boolean(),
      /** Where the build's whole output is kept (`last-build.log` in the log directory). */
      buildLogPath: z.string(),
      /** Error blocks from the build output (the output's tail when none matched); empty on success. */
      errors: z.array(z.string().max(status.errors.maxChars + 1)).max(status.errors.maxCount),
    })
    .refine((b) => b.success === (b.exitCode === 0), { path: ['success'], message: 'must be true exactly when exitCode is 0' })
    .register(registry, { title: 'last-build.json', description: 'One build recorded by nixos-build-wrapper' });

  const buildHistory = z
    .array(lastBuild)
    .max(status.historyLimit)
    .register(registry, { title: 'build-history.json', description: `The newest ${status.historyLimit} builds, oldest first` });

  const statusReport = z
    .strictObject({
      /** The report format, STATUS_REPORT_VERSION. */
      version: z.literal(STATUS_REPORT_VERSION),
      /** When the report was made. */
      timestamp: Timestamp,
      /** The host reported on. */
      hostname: z.string(),
      /** nixos-generation-info's own JSON. */
      generation: z.union([z.record(z.string(), z.unknown()), Unknown]),
      /** Whether the running generations are the newest, as nixos-generation-info says. */
      syncStatus: z.enum(['in-sync', 'out-of-sync', 'unknown']),
      /** systemd units in the failed state; `unknown` without systemctl. */
      failedUnits: z.union([z.array(z.string()), Unknown]),
      /** Error-priority journal lines within `journalSince`; reported, not judged. */
      journalErrors: z.union([z.number().int().nonnegative(), Unknown]),
      /** last-build.json, or null before the first recorded build. */
      lastBuild: lastBuild.nullable(),
      /** What makes the status an error: a failed last build, failed units. */
      buildErrors: z.strictObject({
        /** How many entries `errors` holds. */
        errorCount: z.number().int().nonnegative(),
        /** One line each. */
        errors: z.array(z.string()),
      }),
      /** The configuration's git commit; `unknown` when not known. */
      commit: z.string(),
      /** The nixpkgs revision of the running system; `unknown` when not known. */
      nixpkgsRev: z.string(),
      /** error (build errors), out-of-sync, or success. */
      overallStatus: z.enum(['success', 'out-of-sync', 'error']),
      /** nixos-build-status's exit code for `overallStatus`, from the model's `exitCodes`. */
      exitCode: z.literal([status.exitCodes.healthy, status.exitCodes.outOfSync, status.exitCodes.buildErrors]),
    })
    .register(registry, { title: 'nixos-build-status report', description: 'What nixos-build-status --json and create_status_report print' });

  return { lastBuild, buildHistory, statusReport, registry };
}
