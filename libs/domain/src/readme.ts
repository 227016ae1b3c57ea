import { z } from 'zod';

/**
 * A server's README as the Hub serves it (GET /api/v1/servers/:name/readme): the registry answers
 * it, the site renders it. One shape for both, and the OpenAPI document derives from it.
 */
export const readmeAnswerSchema = z.object({
  status: z
    .enum(['ok', 'none', 'unavailable'])
    .describe(
      'ok: markdown holds the README; none: there is none to read (no GitHub repository, or no README in it); unavailable: GitHub could not be reached',
    ),
  markdown: z
    .string()
    .optional()
    .describe('The README as its repository has it (markdown, possibly with HTML: render it sanitized)'),
  source: z.string().nullable().describe('The repository it is read from'),
  fetchedAt: z.string().nullable().describe('When the README served was read from GitHub'),
  reason: z.string().optional().describe('Why there is no README, or why only part of it is shown'),
  license: z.string().nullable().describe("The repository's license (SPDX id where GitHub knows it)"),
  base: z
    .object({ links: z.string(), images: z.string() })
    .optional()
    .describe("Where the README's relative links and images point"),
});

/** source: the repository it is (or would be) read from; fetchedAt: null when nothing has been read; base: its folder at the default branch. */
export type ReadmeAnswer = z.infer<typeof readmeAnswerSchema>;
