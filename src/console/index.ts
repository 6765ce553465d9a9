// The operator console at /admin: login, dashboard, volunteer inbox, broadcast
// composer, simulator, thi đua, certificates, drafts and audit; its own CSS
// and JS files. Registered once from src/tutor.ts, after the channels and the
// broadcaster exist.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ConsoleDeps } from './deps.js';
import { useFormBodies } from './form.js';
import { registerAdminPages } from './pages/admin.js';
import { registerBroadcastStatus } from './pages/broadcast-status.js';
import { registerBroadcastPages } from './pages/broadcasts.js';
import { registerCertificatePages } from './pages/certificates.js';
import { registerDashboardRoutes } from './pages/dashboard.js';
import { registerLeaderboardRoutes } from './pages/leaderboard.js';
import { registerLoginRoutes } from './pages/login.js';
import { registerQuestionRoutes } from './pages/questions.js';
import { registerSimulatorRoutes } from './pages/simulator.js';
import { startScheduler } from './schedule.js';

export type { ConsoleDeps } from './deps.js';
export { StatsKeeper } from './stats/aggregate.js';
export { followWardDirectory, loadWardDirectory } from './wards/directory.js';

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const TYPES: Record<string, string> = { 'console.css': 'text/css; charset=utf-8', 'console.js': 'text/javascript; charset=utf-8' };

/** Registers every console route; returns what stops it (the scheduler, and the counters' last write). */
export function registerConsole(http: FastifyInstance, deps: ConsoleDeps): () => Promise<void> {
  void http.register(async (scope) => {
    useFormBodies(scope);
    registerLoginRoutes(scope, deps);
    registerDashboardRoutes(scope, deps);
    registerQuestionRoutes(scope, deps);
    registerBroadcastPages(scope, deps);
    registerBroadcastStatus(scope, deps);
    registerSimulatorRoutes(scope, deps);
    registerLeaderboardRoutes(scope, deps);
    registerCertificatePages(scope, deps);
    registerAdminPages(scope, deps);
    scope.get('/admin/assets/:file', async (request, reply) => {
      const { file } = request.params as { file: string };
      const type = TYPES[file];
      if (!type) return reply.code(404).send({ error: 'Không tìm thấy. / Not found.' });
      return reply
        .type(type)
        .header('cache-control', 'no-cache')
        .send(await readFile(path.join(ASSETS, file), 'utf8'));
    });
  });
  const stopScheduler = startScheduler(deps);
  return async () => {
    stopScheduler();
    await deps.stats.close();
  };
}
