import type { Viewer } from '@mcp-hub/domain';

/** The runtime's own view of the registry: every server, private and deleted ones included. */
export const SYSTEM_VIEWER: Viewer = Object.freeze({ all: true, orgs: [] as string[] });
