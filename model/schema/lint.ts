import { z } from 'zod';

export const LintAllowSchema = z.strictObject({
  /**
   * Files allowed to run nim directly, as a POSIX glob over paths relative to the scanned
   * root: `*` and `?` stay within a path segment, `**` crosses segments, `{a,b}` alternates,
   * `[…]` is a character class, and the whole path must match
   * (e.g. `non-nix-build/install_nim_osx.sh`, `docs/legacy/**`).
   */
  glob: z
    .string()
    .min(1)
    .refine((g) => !g.startsWith('/'), 'must be relative to the scanned root (no leading /)')
    .refine((g) => !g.split('/').includes('..'), 'must stay inside the scanned root (no .. segment)')
    .refine((g) => !g.includes('\\'), 'must use / as the path separator'),
  /** Why nim may be invoked there. */
  reason: z.string().regex(/\S/, 'must say why nim may run there'),
});

/** `ct-gen lint` settings. */
export const LintSchema = z.strictObject({
  /**
   * Places allowed to run nim directly besides the generated driver
   * (`tools/build/build_codetracer.sh`, always allowed). Default: none.
   */
  allow: z.array(LintAllowSchema).default([]),
});

export type LintAllow = z.infer<typeof LintAllowSchema>;
export type Lint = z.infer<typeof LintSchema>;
