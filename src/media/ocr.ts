// Text in a picture, read by the Tesseract program (Debian: tesseract-ocr,
// tesseract-ocr-vie). The picture goes to tesseract on stdin and the text comes
// back on stdout: nothing is written to disk. At most two pictures are read at
// once, each within a time limit; without tesseract the reader says so kindly.
import { spawn } from 'node:child_process';

export type OcrStatus = { ok: true; languages: string; version: string } | { ok: false; problem: string };

export interface OcrEngine {
  /** Checked once (the first call starts the check). */
  status(): Promise<OcrStatus>;
  /** The text in a PNG or JPEG picture (may be empty). Throws on failure or timeout. */
  read(image: Uint8Array): Promise<string>;
}

export interface TesseractOptions {
  path: string;
  /** "vie+eng" */
  languages: string;
  timeoutMs: number;
  concurrency?: number;
}

const MAX_OUTPUT = 64 * 1024;

export function tesseractEngine(options: TesseractOptions): OcrEngine {
  let checked: Promise<OcrStatus> | undefined;
  const slots = new Slots(options.concurrency ?? 2);
  const engine: OcrEngine = {
    status: () => (checked ??= probe(options)),
    async read(image) {
      const status = await engine.status();
      if (!status.ok) throw new Error(status.problem);
      return slots.run(() => run(options.path, ['stdin', 'stdout', '-l', status.languages, '--psm', '3'], { input: image, timeoutMs: options.timeoutMs }));
    },
  };
  return engine;
}

/** The program answers and has at least one of the languages asked for. */
async function probe(options: TesseractOptions): Promise<OcrStatus> {
  try {
    const version = (await run(options.path, ['--version'], { timeoutMs: 10_000 })).split('\n')[0]?.trim() ?? 'tesseract';
    const listed = (await run(options.path, ['--list-langs'], { timeoutMs: 10_000 }))
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
    const wanted = options.languages.split('+');
    const present = wanted.filter((language) => listed.includes(language));
    if (present.length === 0) return { ok: false, problem: `tesseract has none of the languages ${options.languages} (install tesseract-ocr-vie)` };
    return { ok: true, languages: present.join('+'), version };
  } catch (error) {
    return { ok: false, problem: `tesseract not found or not working at "${options.path}": ${(error as Error).message}` };
  }
}

function run(path: string, args: string[], options: { input?: Uint8Array; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    // One thread per picture: two pictures at once already use both cores.
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const out: Buffer[] = [];
    let size = 0;
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tesseract took longer than ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT) out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-500)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`tesseract exited with ${code}: ${errors.trim().split('\n').pop() ?? ''}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ? Buffer.from(options.input.buffer, options.input.byteOffset, options.input.byteLength) : undefined);
  });
}

/** A small counting semaphore. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Tesseract's lines joined back into paragraphs; junk lines (lone symbols, a clock) dropped; links cut at a line end mended. */
export function cleanOcrText(raw: string): string {
  return (
    raw
      .replace(/\f/g, '\n')
      .split(/\n\s*\n/)
      .map((paragraph) =>
        paragraph
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /[\p{L}\p{N}]{2}/u.test(line) && !/^\d{1,2}[:.]\d{2}$/.test(line))
          .reduce((joined, line) => (joined === '' ? line : `${joined}${continuesLink(joined, line) ? '' : ' '}${line}`), '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter(Boolean)
      .join('\n')
      // OCR puts a space after "www." or "://" now and then; no sentence has one there.
      .replace(/(https?:\/\/|\bwww\.)\s+(?=[\p{L}\p{N}])/giu, '$1')
  );
}

/** "https://vcb-" + "xacthuc.top/login": a link broken at the end of a line goes on without a space. */
function continuesLink(before: string, next: string): boolean {
  const last = before.split(' ').pop() ?? '';
  return /[-/._@?=&#]$/.test(last) && /[.:/]/.test(last) && /^[\p{L}\p{N}]/u.test(next);
}
