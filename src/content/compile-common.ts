// Small helpers shared by the lesson, guide and menu compilers.
import type { CourseTexts } from './course-schema.js';

/** A flow in the plain shape FlowSchema validates (the registry parses it). */
export interface FlowData {
  id: string;
  version: number;
  title: string;
  kind: 'lesson' | 'guide' | 'system' | 'assessment';
  triggers?: string[];
  start: string;
  meta?: Record<string, unknown>;
  nodes: Record<string, Record<string, unknown>>;
}

export interface ButtonData {
  label: string;
  next?: string;
  flow?: string;
  command?: string;
  aliases?: string[];
}

/**
 * Fills compile-time placeholders such as {n} or {title}. Engine placeholders
 * ({{ban}}) use double braces and are left for the engine to fill per resident.
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/(?<!\{)\{([A-Za-z]+)\}(?!\})/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export function bubbles(text: string | string[]): string[] {
  return Array.isArray(text) ? [...text] : [text];
}

/** Puts a heading ("Bước 2/5: ") in front of the first bubble. */
export function withHeading(heading: string, text: string | string[]): string[] {
  const [first = '', ...rest] = bubbles(text);
  return [`${heading}${first}`, ...rest];
}

export function nextButton(texts: CourseTexts, next: string, label = texts.labels.next): ButtonData {
  return { label, next, aliases: texts.nextAliases };
}

export function backButton(texts: CourseTexts): ButtonData {
  return { label: texts.labels.back, command: 'back' };
}

export function stopButton(texts: CourseTexts): ButtonData {
  return { label: texts.labels.stop, command: 'stop' };
}

export function menuButton(texts: CourseTexts): ButtonData {
  return { label: texts.labels.menu, command: 'menu' };
}

/** Node ids of numbered items: step_1, step_2… and q1, q2… (q1 matches the hand-written lesson-qr). */
export const stepId = (index: number) => `step_${index + 1}`;
export const questionId = (index: number) => `q${index + 1}`;
