import { loadConfig } from '@mcp-hub/config';
import { runUntilSignal } from '@mcp-hub/http';
import { startRuntime } from './main';

void runUntilSignal('runtime', () => startRuntime(loadConfig()));
