// A trace per inbound message. Two ways to make it:
// - log ids only (the default): a counter per message, carried explicitly on
//   InboundMessage.trace and written by the turn's and the delivery's log lines.
//   No AsyncLocalStorage: on Node 20 it turns on promise hooks for every promise
//   in the process, which cost about a fifth of the bot's CPU per Telegram turn.
// - OpenTelemetry spans when an exporter is configured (src/telemetry swaps the
//   tracer in at start-up, with its own AsyncLocalStorage context): every log
//   line written inside a span carries the span's trace id (traceMixin).
import { randomBytes } from 'node:crypto';

/** Span attributes: our own labels only (channel, service, counts, pseudonyms), never resident text or platform ids. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** Lets work add attributes to its span once it knows them (an outcome, a count). */
export interface SpanHandle {
  set(attributes: SpanAttributes): void;
}

export interface Tracer {
  /** Whether spans are recorded (hooks that only make spans are left out when not). */
  readonly spans: boolean;
  /** Runs work as the root of a new trace (a channel receiving one update). */
  root<T>(name: string, attributes: SpanAttributes, work: (span: SpanHandle) => T): T;
  /** Runs work in a child span of the current one. */
  child<T>(name: string, attributes: SpanAttributes, work: (span: SpanHandle) => T): T;
  /** The current trace id, for log lines. */
  traceId(): string | undefined;
}

const NO_SPAN: SpanHandle = { set: () => undefined };
// 8 random bytes drawn once per process, then a counter: ids stay unique across
// processes and cost a string concatenation per message instead of a randomBytes call.
const PROCESS_PART = randomBytes(4).toString('hex');
let counter = randomBytes(4).readUInt32BE(0);

export function nextLogTraceId(): string {
  counter = (counter + 1) >>> 0;
  return PROCESS_PART + counter.toString(16).padStart(8, '0');
}

/** Log ids only: spans are just the work; the id travels on the message (traced-conversation.ts). */
const logOnly: Tracer = {
  spans: false,
  root: (_name, _attributes, work) => work(NO_SPAN),
  child: (_name, _attributes, work) => work(NO_SPAN),
  traceId: () => undefined,
};

let tracer: Tracer = logOnly;

/** Installs the tracer (OpenTelemetry at start-up); without an argument, back to log ids only. */
export function useTracer(next?: Tracer): void {
  tracer = next ?? logOnly;
}

export function spansOn(): boolean {
  return tracer.spans;
}

/** One inbound update from a channel: a new trace, with a `channel.receive` root span. */
export function receive<T>(channel: string, work: () => T): T {
  return tracer.root('channel.receive', { 'hvs.channel': channel }, work);
}

/** Part of the work of the current trace (turn, service, delivery), as a child span. */
export function span<T>(name: string, attributes: SpanAttributes, work: (span: SpanHandle) => T): T {
  return tracer.child(name, attributes, work);
}

export function currentTrace(): string | undefined {
  return tracer.traceId();
}

/** pino mixin: the current trace id on every line written inside a trace. */
export function traceMixin(): Record<string, string> {
  const trace = tracer.traceId();
  return trace ? { trace } : {};
}
