import type { LegacyInvocation, Model, SurfaceInvocation, SurfaceKind } from '../../model/schema/index.js';

export interface SurfaceCall {
  call: SurfaceInvocation;
  legacy: LegacyInvocation;
}

/** The calls one host unit makes (a recipe, a derivation, a script section), in model order. */
export interface Unit {
  name: string;
  calls: SurfaceCall[];
}

/** The units of one surface, in the order their first call appears in the model. */
export function unitsOf(model: Model, kind: SurfaceKind): Unit[] {
  const units = new Map<string, Unit>();
  for (const call of model.surfaces.invocations) {
    const legacy = model.legacy.invocations.find((l) => l.id === call.legacy);
    if (legacy?.surface !== kind) continue;
    const unit = units.get(call.unit) ?? { name: call.unit, calls: [] };
    unit.calls.push({ call, legacy });
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

/** The one nim binary a unit's calls share; a unit exports it once. */
export function sharedNim(unit: Unit): string {
  const nims = [...new Set(unit.calls.map((c) => c.call.nim))];
  if (nims.length !== 1) throw new Error(`unit ${unit.name}: its calls use different nim binaries (${nims.join(', ')}); give each its own unit`);
  return nims[0]!;
}

/** Where a legacy invocation stood, for comments in generated files. */
export const origin = (legacy: LegacyInvocation) => `${legacy.file}:${legacy.line}`;
