import { pino, type Logger as PinoLogger } from 'pino';
import { clockFromEnv, type Clock } from './clock.js';

// One logger for the CLI and the service. On a terminal it writes lines for people ("sitrep: …");
// anywhere else (journald, a container, a pipe) JSON lines through pino: {"level","time","msg",…}.
// SITREP_LOG_FORMAT=json|text chooses; SITREP_LOG_LEVEL (debug, info, warn, error) filters. Logs go
// to stderr: stdout carries the commands' JSON results.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly format: 'json' | 'text';
  isEnabled(level: LogLevel): boolean;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export interface LoggerOptions {
  format?: 'json' | 'text';
  level?: LogLevel;
  /** Where lines go (default: stderr, written synchronously so nothing is lost on exit). */
  write?: (line: string) => void;
  /** Timestamps come from the desk's clock (SITREP_NOW, else the system's). */
  clock?: Clock;
  /** What is logging: `name` in JSON (text lines carry their own "sitrep: " prefix). */
  name?: string;
}

function levelFromEnv(): LogLevel {
  const v = (process.env.SITREP_LOG_LEVEL ?? 'info').toLowerCase();
  return v in LEVELS ? (v as LogLevel) : 'info';
}

function formatFromEnv(): 'json' | 'text' {
  const v = (process.env.SITREP_LOG_FORMAT ?? '').toLowerCase();
  if (v === 'json' || v === 'text') return v;
  return process.stderr.isTTY ? 'text' : 'json';
}

const textValue = (v: unknown) => (typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v));

export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? formatFromEnv();
  const level = opts.level ?? levelFromEnv();
  const name = opts.name ?? 'sitrep';
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const enabled = (l: LogLevel) => LEVELS[l] >= LEVELS[level];
  if (format === 'text') {
    const emit = (l: LogLevel) => (msg: string, fields?: LogFields) => {
      if (!enabled(l)) return;
      // Lines for people carry their facts in the sentence; fields are shown only on debug lines.
      const extra = fields && l === 'debug' ? Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${textValue(v)}`).join('') : '';
      write(`${msg}${extra}\n`);
    };
    return { format, isEnabled: enabled, debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
  }
  const clock = opts.clock ?? clockFromEnv();
  const p: PinoLogger = pino(
    {
      name,
      level,
      base: { pid: process.pid },
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
      timestamp: () => `,"time":"${clock().toISOString()}"`,
    },
    { write },
  );
  const emit = (l: LogLevel) => (msg: string, fields?: LogFields) => {
    // "sitrep worker: polled …" reads well on a terminal; in JSON the prefix is the `name` field's job.
    if (enabled(l)) p[l](fields ?? {}, msg.replace(/^sitrep(?: [a-z-]+)?: /, ''));
  };
  return { format, isEnabled: enabled, debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
