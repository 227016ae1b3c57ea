import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { z } from 'zod';
import { CurrentViewer, OptionallyAuthenticated } from '../auth/auth.guard';
import { ReadmeService } from './readme.service';

const readmeSchema = z.object({
  status: z.enum(['ok', 'none', 'unavailable']).describe('ok: markdown holds the README; none: there is none to read (no GitHub repository, or no README in it); unavailable: GitHub could not be reached'),
  markdown: z.string().optional().describe('The README as its repository has it (markdown, possibly with HTML: render it sanitized)'),
  source: z.string().nullable().describe('The repository it is read from'),
  fetchedAt: z.string().nullable().describe('When the README served was read from GitHub'),
  reason: z.string().optional().describe('Why there is no README, or why only part of it is shown'),
  license: z.string().nullable().describe("The repository's license (SPDX id where GitHub knows it)"),
  base: z.object({ links: z.string(), images: z.string() }).optional().describe("Where the README's relative links and images point"),
});

/**
 * A server's README, read from its GitHub repository and kept by the Hub. A private server the
 * caller may not see answers exactly like one that does not exist.
 */
@ApiTags('servers')
@Controller('api/v1')
@OptionallyAuthenticated()
export class ReadmeController {
  constructor(private readonly readmes: ReadmeService) {}

  @Get('servers/:serverName/readme')
  @ApiOperation({ summary: "A server's README, from its GitHub repository (kept for HUB_README_TTL; 'unavailable' when GitHub cannot be reached)" })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiJsonResponse(200, readmeSchema, 'The README, or why there is none')
  @ApiProblems(401, 404)
  readme(@Param('serverName') name: string, @CurrentViewer() viewer: Viewer): Promise<z.infer<typeof readmeSchema>> {
    return this.readmes.readme(name, viewer);
  }
}
