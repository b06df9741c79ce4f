import { posix } from 'node:path';
import { z } from 'zod';
import { q } from './rules.js';
import { expandExtraOutputs, generatedTupDirs, SCRATCH_PATH } from './names.js';
import type { Tup } from './tup.js';

interface Shape {
  targets: { name: string; extraOutputs: string[] }[];
  profiles: { name: string }[];
  platforms: { name: string }[];
  tup: Tup;
}

/**
 * Rules for the staged tree: inputs stay inside `src/` (and out of `src/build/`), outputs stay
 * inside `src/build/`, nim rules name known targets, no two rules make the same output.
 * Node paths read `tup.nodes["public/resources"].rules[2].output`.
 */
export function checkTup(model: Shape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const targets = model.targets.map((t) => t.name);
  const outputs = new Map<string, string>();
  const dirs = new Set<string>();
  // Tup owns the staged root and every variant directory: sources may not come from there.
  const generated = generatedTupDirs(model.tup.variants);
  checkVariants(model, issue);
  const insideGenerated = (pathUnderSrc: string) => generated.some((d) => pathUnderSrc === d || pathUnderSrc.startsWith(`${d}/`));

  model.tup.nodes.forEach((node, n) => {
    const key = node.dir === '' ? '.' : node.dir;
    if (dirs.has(node.dir)) issue(['tup', 'nodes', n, 'dir'], `duplicate node ${q(key)}`);
    dirs.add(node.dir);
    if (node.dir.split('/').includes('..') || insideGenerated(node.dir)) {
      issue(['tup', 'nodes', n, 'dir'], `${q(node.dir)} must be a source directory inside src/ (not src/build or a variant directory)`);
    }
    const at = (r: number, field: string) => ['tup', 'nodes', q(key), 'rules', r, field];
    const claim = (r: number, field: string, output: string) => {
      const staged = posix.normalize(output);
      if (staged.startsWith('../') || staged === '..' || staged.startsWith('/')) {
        return issue(at(r, field), `${q(output)} leaves src/build (outputs are relative to src/build)`);
      }
      const other = outputs.get(staged);
      if (other) issue(at(r, field), `${q(staged)} is already produced by ${other}`);
      else outputs.set(staged, `tup.nodes[${q(key)}].rules[${r}]`);
    };
    /** Reports a bad source path; false when it is bad. */
    const source = (r: number, field: string, input: string): boolean => {
      // Tup syntax and shell characters are refused by the path's own schema (tup.ts).
      const full = posix.normalize(posix.join('src', node.dir, input));
      if (!full.startsWith('src/') || insideGenerated(full.slice('src/'.length))) {
        issue(at(r, field), `${q(input)} resolves to ${q(full)}, outside the source root src/ (or inside src/build or a variant directory)`);
      }
      else return true;
      return false;
    };
    const staged = (file: string) => posix.join(node.dir, file);

    node.rules.forEach((rule, r) => {
      switch (rule.kind) {
        case 'nim': {
          const target = model.targets.find((t) => t.name === rule.target);
          if (!target) issue(at(r, 'target'), `unknown target ${q(rule.target)}; known: ${targets.join(', ')}`);
          claim(r, 'output', rule.output);
          // Source maps and macro outputs belong to the rule too; nothing else may write them.
          const fromNode = posix.relative(node.dir, rule.output);
          for (const extra of expandExtraOutputs(target?.extraOutputs ?? [], fromNode)) claim(r, 'output', posix.join(node.dir, extra));
          break;
        }
        case 'cargo':
          rule.inputs.forEach((input) => source(r, 'inputs', input));
          claim(r, 'output', rule.output);
          break;
        case 'stylus':
          rule.inputs.forEach((input) => {
            source(r, 'inputs', input);
            claim(r, 'inputs', staged(input.replace(/\.styl$/, '.css')));
          });
          break;
        case 'copy':
          if (rule.fromBuild) {
            if (!outputs.has(posix.normalize(rule.input))) issue(at(r, 'input'), `${q(rule.input)} is not an output of an earlier rule (fromBuild inputs are relative to src/build)`);
          } else if (!source(r, 'input', rule.input) && rule.output === undefined) break;
          claim(r, 'output', rule.output ?? staged(rule.input));
          break;
        case 'copy-glob':
          if (source(r, 'glob', rule.glob)) claim(r, 'glob', staged(rule.glob));
          break;
      }
    });
  });
}

/** Each variant has its own directory, a known profile and platform, and leaves PROFILE and TUP_PLATFORM to ct-gen. */
function checkVariants(model: Shape, issue: (path: (string | number)[], message: string) => void): void {
  const profiles = model.profiles.map((p) => p.name);
  const platforms = model.platforms.map((p) => p.name);
  const seen = new Map<string, number>();
  model.tup.variants.forEach((v, i) => {
    const other = seen.get(v.dir);
    if (other !== undefined) issue(['tup', 'variants', i, 'dir'], `${q(v.dir)} is already the directory of tup.variants[${other}]`);
    seen.set(v.dir, i);
    if (!profiles.includes(v.profile)) issue(['tup', 'variants', i, 'profile'], `unknown profile ${q(v.profile)}; known: ${profiles.join(', ')}`);
    if (v.platform !== undefined && !platforms.includes(v.platform)) issue(['tup', 'variants', i, 'platform'], `unknown platform ${q(v.platform)}; known: ${platforms.join(', ')}`);
    for (const key of ['PROFILE', 'TUP_PLATFORM']) {
      if (key in v.config) issue(['tup', 'variants', i, 'config', key], `is set by ct-gen from the variant's ${key === 'PROFILE' ? 'profile' : 'platform'}; remove it`);
    }
    // Tuprules.tup splices it into cargo's command line as the scratch directory.
    const scratch = v.config.SCRATCH;
    if (scratch !== undefined && !SCRATCH_PATH.test(scratch)) issue(['tup', 'variants', i, 'config', 'SCRATCH'], 'must be an absolute path of letters, digits and _ . / - (the scratch directory)');
  });
}
