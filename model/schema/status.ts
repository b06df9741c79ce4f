import { z } from 'zod';

/** NixOS build-status tooling (seed 004). Placeholder shape; fleshed out with the nixos emitter. */
export const StatusSchema = z.object({
  /** Where build logs live. Default: `/var/log/nixos-builds`. */
  logDir: z.string().regex(/^\//, 'must be an absolute path').default('/var/log/nixos-builds'),
  /** How many entries build-history.json keeps. Default: 100. */
  historyLimit: z.number().int().positive().default(100),
});

export type Status = z.infer<typeof StatusSchema>;
