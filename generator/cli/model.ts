import type { CommandModule } from 'yargs';
import type { Model } from '../../model/schema/index.js';
import { EXIT_OK, run } from './errors.js';

interface ModelArgs {
  format: 'text' | 'json';
  model?: string;
}

/** The resolved model as data: defaults filled in, and each target's nim argv for every profile on every platform. */
export async function resolvedModel(model: Model) {
  const { resolveArgv } = await import('../resolve/argv.js');
  const { resolveModel } = await import('../resolve/view.js');
  const view = resolveModel(model);
  return {
    defaultProfile: view.defaultProfile,
    defaultPlatform: view.platforms[0]!.name,
    platforms: view.platforms.map((p) => ({ name: p.name, tupPlatform: p.tupPlatform, exeSuffix: p.exeSuffix })),
    profiles: view.profiles.map((p) => ({ name: p.name, bundles: p.bundles })),
    bundles: model.bundles.map((b) => ({ name: b.name, ...(b.platforms && { platforms: b.platforms }), args: b.args })),
    targets: view.targets.map((t) => ({
      name: t.name,
      kind: t.kind,
      source: t.source,
      output: t.output,
      bundles: t.bundles,
      digests: t.digests,
      // argv[profile][platform]: what the driver runs without options, from the checkout root.
      argv: Object.fromEntries(view.profiles.map((p) => [p.name, Object.fromEntries(view.platforms.map((pl) => [pl.name, resolveArgv(model, t.name, p.name, { platform: pl.name }).map((a) => a.value)]))])),
    })),
    variants: view.variants.map((v) => ({ dir: v.dir, profile: v.profile, ...(v.platform !== undefined && { platform: v.platform }) })),
  };
}

export const modelCommand: CommandModule<object, ModelArgs> = {
  command: 'model',
  describe: 'Print the resolved model: profiles, platforms, and every target with its nim argv per profile and platform',
  builder: (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const, requiresArg: true, describe: 'output format' }),
  handler: (argv) =>
    run(async () => {
      const { loadModel } = await import('../model.js');
      const resolved = await resolvedModel(await loadModel(argv.model));
      if (argv.format === 'json') {
        process.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
        return EXIT_OK;
      }
      const { shellJoin } = await import('../quote.js');
      const out: string[] = [];
      const list = (items: { name: string; note: string }[], fallback: string) => items.map((i) => (i.note ? `${i.name} (${i.note})` : i.name)).join(', ') || fallback;
      out.push(`profiles: ${list(resolved.profiles.map((p) => ({ name: p.name, note: p.bundles.join(', ') || 'no bundles' })), '(none)')}; default ${resolved.defaultProfile}`);
      out.push(`platforms: ${list(resolved.platforms.map((p) => ({ name: p.name, note: p.exeSuffix })), '(none)')}; default ${resolved.defaultPlatform}`);
      for (const t of resolved.targets) {
        out.push('', `${t.name}: ${t.kind} ${t.source} -> ${t.output}${t.bundles.length > 0 ? ` (bundles ${t.bundles.join(', ')})` : ''}`);
        for (const [profile, platforms] of Object.entries(t.argv)) {
          for (const [platform, args] of Object.entries(platforms)) out.push(`  ${`${profile}/${platform}:`.padEnd(16)} nim ${shellJoin(args)}`);
        }
      }
      process.stdout.write(`${out.join('\n')}\n`);
      return EXIT_OK;
    }),
};
