import cliProgress from 'cli-progress';

export interface Progress {
  update(stage: string, done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr for long runs; silent when stderr is not a terminal (logs, CI, pipes). */
export function progressBar(enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{stage} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    update(stage, done, total) {
      if (total <= 0) return;
      if (!started || stage !== current) {
        if (started) bar.stop();
        bar.start(total, done, { stage: stage.padEnd(8) });
        started = true;
        current = stage;
      } else bar.update(done, { stage: stage.padEnd(8) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
