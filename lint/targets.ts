import type { Model } from '../model/schema/index.js';
import { definesIn } from '../generator/parity/normalise.js';
import { resolveArgv } from '../generator/resolve/argv.js';
import type { LintContext } from './run.js';
import type { LintTarget } from './types.js';

/**
 * The model's targets as lint classifies compiles against them, with the defines each one's
 * build passes per profile (on the model's first platform), and the profiles with the defines only they pass.
 */
export function lintTargets(model: Model): { targets: LintTarget[]; profiles: { name: string; defines: string[] }[] } {
  const definesOf = definesIn;
  const targets = model.targets.map((t) => ({
    name: t.name,
    source: t.source,
    output: t.output,
    defines: Object.fromEntries(model.profiles.map((p) => [p.name, definesOf(resolveArgv(model, t.name, p.name).map((a) => a.value))])),
    ownDefines: definesOf([...t.bundles.flatMap((b) => model.bundles.find((x) => x.name === b)?.args ?? []), ...t.args]),
  }));
  // What tells a profile's compiles apart: the defines of its bundles that no other profile passes (-d:debug, -d:release).
  const all = model.profiles.map((p) => ({ name: p.name, defines: definesOf(p.bundles.flatMap((b) => model.bundles.find((x) => x.name === b)?.args ?? [])) }));
  const profiles = all.map((p) => ({ name: p.name, defines: p.defines.filter((d) => all.every((o) => o === p || !o.defines.includes(d))) }));
  return { targets, profiles };
}

/** Everything lint takes from the model (see LintContext). */
export function lintContext(model: Model): LintContext {
  return { allow: model.lint.allow, driver: model.layout.driver, ...lintTargets(model), severities: model.lint.severities };
}
