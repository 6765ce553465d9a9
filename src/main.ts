// Starts the tutor: `npm start`. Settings come from the environment and .env.
import { config as loadDotenv } from 'dotenv';
import { ConfigError } from './config/index.js';
import { ContentError } from './content/loader.js';
import { formatProblem } from './engine/flow-registry.js';
import { startTutor } from './tutor.js';

loadDotenv({ quiet: true });

try {
  const tutor = await startTutor({ env: process.env });
  console.log(`\n  Học Vụ Số đang chạy / is running: ${tutor.url.replace('127.0.0.1', 'localhost')}\n`);
  const shutdown = async (signal: string) => {
    tutor.logger.info({ signal }, 'shutting down');
    // Whatever hangs, the process is gone by the deadline (its turns are committed or were never acknowledged).
    setTimeout(() => {
      tutor.logger.error({ ms: tutor.config.core.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, tutor.config.core.SHUTDOWN_TIMEOUT_MS).unref();
    await tutor.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => {
    // Reloads here and tells every other process sharing the Redis to reload too.
    void tutor.reloadContent().then((problems) => {
      if (problems.length === 0) tutor.logger.info('content reloaded');
      else tutor.logger.error({ problems: problems.map(formatProblem) }, 'content reload refused: the previous content stays');
    });
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof ContentError) {
    console.error('Nội dung có lỗi / Content has problems:');
    for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
    process.exit(1);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(`Cổng đã có chương trình khác dùng / The port is already in use. Set PORT to another value.`);
    process.exit(1);
  }
  console.error('Không khởi động được / Could not start:', (error as Error).message);
  process.exit(1);
}
