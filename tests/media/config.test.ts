// The media reader's settings: documented in .env.example, checked at start-up with the others.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaEnvSchema } from '../../src/media/config.js';
import { readConfig } from '../../src/tutor.js';
import { ROOT } from '../helpers/engine.js';

describe('media settings', () => {
  it('are all documented in .env.example', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    expect(Object.keys(mediaEnvSchema.shape).filter((name) => !new RegExp(`^${name}=`, 'm').test(example))).toEqual([]);
  });

  it('a wrong value stops start-up, naming the variable and what it expects', () => {
    const start = () => readConfig({ OCR_TIMEOUT_MS: 'fast', OCR_LANGUAGES: 'vie, eng' });
    expect(start).toThrow(/OCR_TIMEOUT_MS: expected milliseconds/);
    expect(start).toThrow(/OCR_LANGUAGES: expected Tesseract languages/);
  });
});
