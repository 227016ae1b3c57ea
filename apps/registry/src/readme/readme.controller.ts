import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type ReadmeAnswer, type Viewer, readmeAnswerSchema } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { CurrentViewer, OptionallyAuthenticated } from '@mcp-hub/auth';
import { ReadmeService } from './readme.service';

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
  @ApiOperation({
    summary:
      "A server's README, from its GitHub repository (kept for HUB_README_TTL; 'unavailable' when GitHub cannot be reached)",
  })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiJsonResponse(200, readmeAnswerSchema, 'The README, or why there is none')
  @ApiProblems(401, 404)
  readme(@Param('serverName') name: string, @CurrentViewer() viewer: Viewer): Promise<ReadmeAnswer> {
    return this.readmes.readme(name, viewer);
  }
}
