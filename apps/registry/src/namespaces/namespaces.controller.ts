import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { badRequest } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { z } from 'zod';
import { NamespacesService } from './namespaces.service';

/** A namespace: reverse-DNS labels (`io.github.alice`, `com.example`), as server names start. */
const NAMESPACE = /^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/;

const namespaceSchema = z.object({
  namespace: z.string(),
  verified: z
    .boolean()
    .describe('Whether someone proved they own this namespace on this Hub (GitHub identity, DNS or HTTP proof)'),
  method: z.string().optional().describe('How it was proven, when verified'),
  verifiedAt: z.string().optional().describe('When it was proven (ISO 8601), when verified'),
});

/** What the Hub knows of a namespace: the site's verification badge reads it. */
@ApiTags('namespaces')
@Controller('api/v1/namespaces')
export class NamespacesController {
  constructor(private readonly namespaces: NamespacesService) {}

  @Get(':namespace')
  @ApiParam({ name: 'namespace', description: 'A namespace, e.g. io.github.alice or com.example' })
  @ApiOperation({ summary: 'A namespace and whether it is verified' })
  @ApiJsonResponse(200, namespaceSchema, 'The namespace (verified false when nobody has proven it)')
  @ApiProblems(400)
  async get(@Param('namespace') namespace: string): Promise<z.infer<typeof namespaceSchema>> {
    if (namespace.length > 200 || !NAMESPACE.test(namespace)) {
      throw badRequest(
        `"${namespace.slice(0, 200)}" is not a namespace: expected reverse-DNS labels such as io.github.alice or com.example`,
        [
          {
            location: 'path.namespace',
            message: 'expected reverse-DNS labels separated by dots',
            value: namespace.slice(0, 200),
          },
        ],
      );
    }
    return this.namespaces.find(namespace);
  }
}
