import { z } from 'zod';

export const LintAllowSchema = z.object({
  /** Glob relative to the scanned root, e.g. `tools/build/build_codetracer.sh`. */
  glob: z.string().min(1),
  /** Why nim may be invoked there. */
  reason: z.string().min(1),
});

/** `ct-gen lint` settings. */
export const LintSchema = z.object({
  /** Places allowed to run nim directly. Default: none beyond the driver. */
  allow: z.array(LintAllowSchema).default([]),
});

export type Lint = z.infer<typeof LintSchema>;
