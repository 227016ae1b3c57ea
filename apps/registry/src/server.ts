import { loadConfig } from '@mcp-hub/config';
import { runUntilSignal } from '@mcp-hub/http';
import { startRegistry } from './main';

void runUntilSignal('registry', () => startRegistry(loadConfig()));
