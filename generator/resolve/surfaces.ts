import type { BuildPlatform, LegacyInvocation, Model, SurfaceInvocation } from '../../model/schema/index.js';
import { outputPath, pickPlatform } from './argv.js';
import { driverOptions, surfaceOf } from './surface-call.js';

/** One surface call, resolved: what it replaces, the driver options it passes, where its artefact lands. */
export interface SurfaceCall {
  call: SurfaceInvocation;
  /** The legacy invocation the call replaces; none for a call that builds a new artefact. */
  legacy: LegacyInvocation | undefined;
  /** The other legacy invocations the call replaces (`alsoReplaces`). */
  also: LegacyInvocation[];
  /** The driver options, option and value, in the order the driver applies them (placeholders kept). */
  options: [string, string][];
  /** Every value of the call that may hold placeholders, in the order it is written. */
  values: string[];
  /** The artefact the driver writes (the call's output, or the target's with the platform's suffix). */
  artefact: string;
  /** The platform the call builds for. */
  platform: BuildPlatform;
}

/** The calls one host unit makes (a recipe, a derivation, a script section), in model order. */
export interface Unit {
  name: string;
  calls: SurfaceCall[];
  /** The one nim binary the unit's calls share (validation guarantees one); the unit exports it once. */
  nim: string;
}

/** Every value of a call that may hold placeholders, in the order it is written. */
export const callValues = (call: SurfaceInvocation): string[] => [
  call.nim,
  ...call.defines,
  ...call.flags,
  ...(call.nimcache === undefined ? [] : [call.nimcache]),
  ...(call.output === undefined ? [] : [call.output]),
  ...call.alsoCopyTo,
];

/** The units of every surface (a new call's own, or its legacy invocation's), each in the order its first call appears in the model. */
export function resolveSurfaces(model: Model): Record<string, Unit[]> {
  const bySurface: Record<string, Map<string, Unit>> = {};
  for (const call of model.surfaces.invocations) {
    const kind = surfaceOf(model, call);
    if (kind === undefined) continue;
    const units = (bySurface[kind] ??= new Map());
    const legacy = model.legacy.invocations.find((l) => l.id === call.legacy);
    const also = call.alsoReplaces.flatMap((id) => model.legacy.invocations.filter((l) => l.id === id));
    const target = model.targets.find((t) => t.name === call.target)!;
    const platform = pickPlatform(model, call.platform);
    const artefact = outputPath(target, call.output === undefined ? {} : { output: call.output }, platform);
    const unit = units.get(call.unit) ?? { name: call.unit, calls: [], nim: call.nim };
    unit.calls.push({ call, legacy, also, options: driverOptions(call), values: callValues(call), artefact, platform });
    units.set(call.unit, unit);
  }
  return Object.fromEntries(Object.entries(bySurface).map(([kind, units]) => [kind, [...units.values()]]));
}

/** Where the legacy invocations a call replaces stood, for comments in generated files; a new call replaces nothing. */
export const origin = ({ legacy, also }: Pick<SurfaceCall, 'legacy' | 'also'>) =>
  legacy === undefined ? 'nothing (a new artefact)' : [legacy, ...also].map((l) => `${l.file}:${l.line}`).join(', ');
