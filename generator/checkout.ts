import { posix } from 'node:path';
import type { Model } from '../model/schema/index.js';
import { existingFiles } from './write.js';

/**
 * A destination that is a Codetracer checkout must have every source the model builds from:
 * generated files that point at missing sources would only fail later, in Tup or the driver.
 *
 * The criterion: DEST is a Codetracer checkout when it holds at least one target's source
 * file (`targets[].source`, e.g. `src/ct/codetracer.nim`). `out/` and other plain output
 * directories hold none and are not checked.
 */

/** What a model says a checkout holds: its targets' sources, and every input (those sources among them). */
export interface Checkout {
  sources: string[];
  inputs: CheckoutInput[];
}

/** A file the model says the checkout has, and what names it. */
export interface CheckoutInput {
  /** Relative to the checkout root. */
  path: string;
  /** `target ct`, `tup.nodes["frontend"].rules[2] (stylus)` */
  by: string;
}

/**
 * Every target's source and every literal input of a Tup rule: cargo and stylus inputs and
 * copied source files. A nim rule reads its target's source (listed once, for the target);
 * `copy-glob` globs and `fromBuild` copies (outputs of other rules) are not checked.
 */
export function checkoutInputs(model: Model): CheckoutInput[] {
  const inputs: CheckoutInput[] = model.targets.map((t) => ({ path: t.source, by: `target ${t.name}` }));
  for (const node of model.tup.nodes) {
    const at = (input: string) => posix.normalize(posix.join('src', node.dir, input));
    node.rules.forEach((rule, r) => {
      // JSON.stringify, as the schema's `q`, whose module would load zod into runs that plan from stored files.
      const by = `tup.nodes[${JSON.stringify(node.dir === '' ? '.' : node.dir)}].rules[${r}] (${rule.kind})`;
      const paths = rule.kind === 'cargo' || rule.kind === 'stylus' ? rule.inputs : rule.kind === 'copy' && !rule.fromBuild ? [rule.input] : [];
      for (const input of paths) inputs.push({ path: at(input), by });
    });
  }
  return inputs;
}

/** The model's targets' sources (each once) and its checkout inputs. */
export function checkoutOf(model: Model): Checkout {
  return { sources: [...new Set(model.targets.map((t) => t.source))], inputs: checkoutInputs(model) };
}

/**
 * The inputs DEST lacks when it is a Codetracer checkout; an empty list when it has them all or
 * is not a checkout. Reads the destination only through write.ts.
 */
export async function missingCheckoutInputs(dest: string, checkout: Checkout): Promise<CheckoutInput[]> {
  const present = await existingFiles(dest, checkout.inputs.map((i) => i.path));
  if (!checkout.sources.some((source) => present.has(source))) return [];
  return checkout.inputs.filter((i) => !present.has(i.path));
}

/** The report of a checkout that lacks sources the model names: one line per target or rule. */
export function formatMissingInputs(dest: string, missing: readonly CheckoutInput[], outcome: string): string {
  const lines = missing.map((m) => `  ${m.by}: ${m.path} does not exist\n`);
  const files = new Set(missing.map((m) => m.path)).size;
  return (
    `ct-gen: ${dest} is a Codetracer checkout (it has a target's source), but ${files} file(s) the model builds from are missing; ${outcome}:\n` +
    lines.join('') +
    'Is the model for another Codetracer commit? Update the model (targets[].source, tup.nodes) or the checkout.\n'
  );
}
