// Running the project's TypeScript entry points as real child processes.
import path from 'node:path';
import { ROOT } from './engine.js';

export const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Arguments for process.execPath to run a TypeScript file. */
export function tsxArgs(file: string, ...args: string[]): string[] {
  return [TSX_CLI, path.isAbsolute(file) ? file : path.join(ROOT, file), ...args];
}
