// Wrong settings give one clear message naming each bad variable, exit code 1, no stack trace.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { readConfig } from '../../src/tutor.js';
import { ROOT } from '../helpers/engine.js';
import { tsxArgs } from '../helpers/process.js';

describe('configuration', () => {
  it('uses defaults for an empty environment', () => {
    const { core } = loadConfig({});
    expect(core).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', LOG_LEVEL: 'info', TRUST_PROXY: false });
    expect(core.REDIS_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    const { core } = loadConfig({ REDIS_URL: '', PORT: '' });
    expect(core.PORT).toBe(3000);
    expect(core.REDIS_URL).toBeUndefined();
  });

  it('lists every bad variable with what it expects, and hides secrets', () => {
    let error: ConfigError | undefined;
    try {
      readConfig({ PORT: 'abc', REDIS_URL: 'localhost:6379', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short', TRUST_PROXY: 'maybe' });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.variable).sort()).toEqual(['ADMIN_TOKEN', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'TRUST_PROXY']);
    expect(error!.message).toContain('PORT: expected a port number from 1 to 65535 (0 picks a free one), got "abc"');
    expect(error!.message).toContain('REDIS_URL: expected a Redis URL such as redis://127.0.0.1:6379');
    expect(error!.message).toContain('ADMIN_TOKEN: expected a secret of at least 16 characters');
    expect(error!.message).not.toContain('"short"');
  });

  it.each([
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['127.0.0.1, 10.0.0.0/8,::1,fd00::/8', ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']],
    ['loopback', ['loopback']],
  ])('TRUST_PROXY=%s is read as %j', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).core.TRUST_PROXY).toEqual(expected);
  });

  it.each(['true', 'yes', '11', '10.0.0.0/33', '300.1.1.1', 'nginx', '127.0.0.1,', '::1/129'])('refuses TRUST_PROXY=%s with what it expects', (raw) => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ TRUST_PROXY: raw });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.variable)).toEqual(['TRUST_PROXY']);
    expect(error!.message).toContain(`TRUST_PROXY: expected false, the number of proxies in front of the tutor`);
    expect(error!.message).toContain('"true" is refused because it trusts any X-Forwarded-For a client sends');
    expect(error!.message).toContain(`got "${raw}"`);
  });

  it('npm start exits with code 1 and a plain message, no stack trace', async () => {
    const result = await promisify(execFile)(process.execPath, tsxArgs('src/main.ts'), {
      cwd: ROOT,
      env: { ...process.env, PORT: 'abc', LOG_LEVEL: 'loud', DATA_DIR: '/tmp/hvs-never-used' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('LOG_LEVEL');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
