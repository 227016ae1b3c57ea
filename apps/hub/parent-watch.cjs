'use strict';
// Preloaded (node --require) into the web site child: the Hub holds the write end of the child's
// stdin, so stdin ends when the Hub is gone, however it went (kill -9 included). The site then
// exits instead of living on as an orphan holding WEB_PORT.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
