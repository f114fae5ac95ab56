/** Structured one-line JSON logger; secrets must never be passed in fields. */
export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type Level = "info" | "warn" | "error";

/** Logger writing JSON lines to stdout/stderr. */
export function createLog(opts: { silent?: boolean } = {}): Log {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (opts.silent) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
    (level === "error" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLog(): Log & { lines: { level: Level; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: Level; msg: string; fields?: Record<string, unknown> }[] = [];
  const push = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push(fields ? { level, msg, fields } : { level, msg });
  };
  return { lines, info: push("info"), warn: push("warn"), error: push("error") };
}
