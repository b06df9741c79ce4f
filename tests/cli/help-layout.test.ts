import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { withoutHelpCache } from '../../generator/cli/main.js';

/** How often a parse of `args` lays out help text, with or without `withoutHelpCache`. */
async function layouts(args: string[], quiet: boolean): Promise<{ count: number; output: string }> {
  const cli = yargs(args);
  const usage = (cli as unknown as { getInternalMethods(): { getUsageInstance(): { help(): string } } }).getInternalMethods().getUsageInstance();
  if (quiet) expect(withoutHelpCache(cli)).toBe(usage);
  const help = usage.help.bind(usage);
  let count = 0;
  usage.help = () => {
    count++;
    return help();
  };
  let output = '';
  await cli
    .scriptName('ct-gen')
    .command('go', 'Goes', () => {}, () => {})
    .help()
    .exitProcess(false)
    .parseAsync(args, {}, (_error, _argv, text) => {
      output = text;
    });
  return { count, output };
}

describe('withoutHelpCache', () => {
  it('runs a command without laying out its help, which yargs does otherwise', async () => {
    expect((await layouts(['go'], false)).count).toBeGreaterThan(0);
    expect((await layouts(['go'], true)).count).toBe(0);
  });

  it('still lays out the help asked for, the same text', async () => {
    const asked = await layouts(['go', '--help'], true);
    expect(asked.count).toBeGreaterThan(0);
    expect(asked.output).toBe((await layouts(['go', '--help'], false)).output);
    expect(asked.output).toContain('Goes');
  });
});
