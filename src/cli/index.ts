/**
 * cli: the `sweep` command-line program. Its face is `runCli` (in-process, for tests and embedding)
 * and `main` (the process entry point `bin/sweep.js` calls). Nothing imports this layer.
 */
export { main, runCli } from './main.js';
export type { CliIO, TextStream } from './output.js';
