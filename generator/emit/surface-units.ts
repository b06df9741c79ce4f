import { posix } from 'node:path';
import type { LegacyInvocation, Model, SurfaceInvocation, SurfaceKind } from '../../model/schema/index.js';
import { surfaceOf } from '../resolve/surface-call.js';

export interface SurfaceCall {
  call: SurfaceInvocation;
  /** The legacy invocation the call replaces; none for a call that builds a new artefact. */
  legacy: LegacyInvocation | undefined;
  /** The other legacy invocations the call replaces (`alsoReplaces`). */
  also: LegacyInvocation[];
}

/** The calls one host unit makes (a recipe, a derivation, a script section), in model order. */
export interface Unit {
  name: string;
  calls: SurfaceCall[];
}

/** The units of one surface (a new call's own, or its legacy invocation's), in the order their first call appears in the model. */
export function unitsOf(model: Model, kind: SurfaceKind): Unit[] {
  const units = new Map<string, Unit>();
  for (const call of model.surfaces.invocations) {
    if (surfaceOf(model, call) !== kind) continue;
    const legacy = model.legacy.invocations.find((l) => l.id === call.legacy);
    const unit = units.get(call.unit) ?? { name: call.unit, calls: [] };
    const also = call.alsoReplaces.flatMap((id) => model.legacy.invocations.filter((l) => l.id === id));
    unit.calls.push({ call, legacy, also });
    units.set(call.unit, unit);
  }
  return [...units.values()];
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

/** The one nim binary a unit's calls share (model validation guarantees one); a unit exports it once. */
export const sharedNim = (unit: Unit): string => unit.calls[0]!.call.nim;

/** The relative path from a directory of the repository back to its root: `tools/ct-gen` → `../..`. */
export const backToRoot = (dir: string): string => dir.split('/').map(() => '..').join('/');

/** The relative path from a generated script's directory back to the repository root. */
export const rootFromScript = (path: string): string => backToRoot(posix.dirname(path));

/** Where the legacy invocations a call replaces stood, for comments in generated files; a new call replaces nothing. */
export const origin = ({ legacy, also }: Pick<SurfaceCall, 'legacy' | 'also'>) =>
  legacy === undefined ? 'nothing (a new artefact)' : [legacy, ...also].map((l) => `${l.file}:${l.line}`).join(', ');
