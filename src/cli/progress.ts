/**
 * Progress on stderr for long commands. On a terminal, one line redrawn in place (at most
 * ten times a second) with a bar when the total is known; otherwise (a log, a pipe) a plain
 * line every `intervalMs`, so logs stay readable.
 */
export interface Progress {
  update(done: number, detail: string): void;
  finish(detail: string): void;
}

export function createProgress(
  stream: NodeJS.WritableStream,
  label: string,
  total: number | undefined,
  options: { intervalMs?: number; now?: () => number } = {},
): Progress {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  const interval = options.intervalMs ?? (tty ? 100 : 5_000);
  const now = options.now ?? Date.now;
  let last = 0;
  const render = (done: number, detail: string) => {
    if (total === undefined || total <= 0) return `${label}: ${detail}`;
    const ratio = Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(ratio * width);
    const bar = tty ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
    return `${label}: ${bar}${(ratio * 100).toFixed(0).padStart(3)}% ${detail}`;
  };
  return {
    update(done, detail) {
      const at = now();
      if (at - last < interval) return;
      last = at;
      stream.write(tty ? `\r\u001b[2K${render(done, detail)}` : `${render(done, detail)}\n`);
    },
    finish(detail) {
      stream.write(
        tty ? `\r\u001b[2K${render(total ?? 0, detail)}\n` : `${render(total ?? 0, detail)}\n`,
      );
    },
  };
}
