import { loadConfig } from '@mcp-hub/config';
import { runUntilSignal } from '@mcp-hub/http';
import { startHub } from './hub';

void runUntilSignal('hub', () => startHub(loadConfig()));
