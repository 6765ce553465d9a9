// Vitest setup file: after each test file, any child it started with spawnTs
// that is still running is killed with its process group, and the file fails.
import { afterAll } from 'vitest';
import { killLiveChildren } from './process.js';

afterAll(async () => {
  const left = await killLiveChildren();
  if (left.length > 0) throw new Error(`this test file left ${left.length} child process(es) running (now killed): ${left.join(', ')}`);
});
