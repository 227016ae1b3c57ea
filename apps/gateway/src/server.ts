import { loadConfig } from '@mcp-hub/config';
import { runUntilSignal } from '@mcp-hub/http';
import { startGateway } from './main';

void runUntilSignal('gateway', () => startGateway(loadConfig()));
