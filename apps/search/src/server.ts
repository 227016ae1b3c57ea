import { loadConfig } from '@mcp-hub/config';
import { runUntilSignal } from '@mcp-hub/http';
import { startSearch } from './main';

void runUntilSignal('search', () => startSearch(loadConfig()));
