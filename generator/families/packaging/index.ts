import type { Model } from '../../../model/schema/index.js';
import { q } from '../../../model/schema/rules.js';
import { surfaceOf } from '../../resolve/surface-call.js';
import type { FamilyRules, FamilyIssue, SurfaceSpec } from '../contract.js';

const shellVariable = { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'a shell variable' };

/** One packaging script per surface, named after its packaging platform. */
const SURFACES: readonly SurfaceSpec[] = ['macos', 'appimage', 'python-wheel'].map((kind) => ({ kind, newCalls: true, copies: true, placeholder: shellVariable }));
const KINDS = SURFACES.map((s) => s.kind);

/**
 * Every packaging platform has a script (a surface of the same name), every call of a packaging
 * surface has the platform its post-build steps come from, and every packaged binary is built by
 * a call of its script, or its run paths would never be applied.
 */
function validate(model: Model): FamilyIssue[] {
  const issues: FamilyIssue[] = [];
  const platforms = model.packaging.platforms.map((p) => p.name);
  model.packaging.platforms.forEach((p, i) => {
    if (!KINDS.includes(p.name)) issues.push({ path: ['packaging', 'platforms', i, 'name'], message: `no packaging script is generated for platform ${q(p.name)}; known: ${KINDS.join(', ')}` });
  });
  const kinds = model.surfaces.invocations.map((s) => surfaceOf(model, s));
  model.surfaces.invocations.forEach((s, i) => {
    const kind = kinds[i];
    if (kind === undefined || !KINDS.includes(kind) || platforms.includes(kind)) return;
    issues.push({ path: ['surfaces', 'invocations', i, s.legacy === undefined ? 'surface' : 'legacy'], message: `a ${kind} surface needs packaging platform ${q(kind)} for its post-build steps; known: ${platforms.join(', ') || '(none)'}` });
  });
  // Checked only once every call's surface is known, so one bad legacy id does not fail every binary too.
  if (kinds.some((k) => k === undefined)) return issues;
  const targets = model.targets.map((t) => t.name);
  model.packaging.platforms.forEach((p, i) => {
    if (!KINDS.includes(p.name)) return;
    const builds = [...new Set(model.surfaces.invocations.filter((_, j) => kinds[j] === p.name).map((s) => s.target))];
    p.binaries.forEach((b, j) => {
      if (targets.includes(b.target) && !builds.includes(b.target)) {
        issues.push({ path: ['packaging', 'platforms', i, 'binaries', j, 'target'], message: `${q(b.target)} is built by no ${p.name} surface call, so its run paths would never be applied; the ${p.name} calls build: ${builds.join(', ') || '(none)'}` });
      }
    });
  });
  return issues;
}

export const packaging = {
  name: 'packaging' as const,
  outputs: ['packaging'],
  concepts: ['packaging', 'surfaces'],
  surfaces: SURFACES,
  validate,
} satisfies FamilyRules;
