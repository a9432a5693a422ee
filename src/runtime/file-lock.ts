/**
 * Advisory lock files for work that several processes may start at once (two runs computing the
 * same seed into one cache). A lock is a file created with O_CREAT | O_EXCL (`open(path, "wx")`),
 * so exactly one creator succeeds; it holds JSON {pid, host, startedAt, token}. Its holder touches
 * it every LOCK_REFRESH_MS; a lock whose file was not touched for `staleMs`, or whose holder is a
 * process of this host that no longer exists, is stale and may be broken. Released locks, and
 * locks still held when the process exits normally, are removed.
 */
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";

/** How often a holder touches its lock file, ms. */
export const LOCK_REFRESH_MS = 5_000;
/** Default age (ms since the last touch) after which a lock counts as abandoned: 12 missed refreshes. */
export const DEFAULT_STALE_LOCK_MS = 60_000;

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO 8601. */
  startedAt: string;
  /** Random id of this acquisition: a lock is only ever removed by the token it was read with. */
  token: string;
}

/** A held lock. */
export interface FileLock {
  path: string;
  info: LockInfo;
  /** Stop refreshing and remove the file (if it is still ours). Idempotent. */
  release(): void;
}

const held = new Set<FileLock>();
let exitHookInstalled = false;

function removeIfOurs(path: string, token: string): void {
  try {
    if ((JSON.parse(readFileSync(path, "utf8")) as LockInfo).token === token) unlinkSync(path);
  } catch {
    // Gone already, or unreadable: nothing of ours to remove.
  }
}

/** Create the lock file if nobody holds it; null when it exists (held, or stale: see `lockStatus`). */
export function tryLock(path: string): FileLock | null {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return null;
    throw err;
  }
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomBytes(8).toString("hex") };
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Broken by another process as stale: the next release finds nothing of ours.
    }
  }, LOCK_REFRESH_MS);
  timer.unref();
  const lock: FileLock = {
    path,
    info,
    release: () => {
      if (!held.has(lock)) return;
      held.delete(lock);
      clearInterval(timer);
      removeIfOurs(path, info.token);
    },
  };
  held.add(lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const l of [...held]) l.release();
    });
  }
  return lock;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock file's holder and whether it is stale; null when there is no lock file. */
export function lockStatus(path: string, staleMs = DEFAULT_STALE_LOCK_MS): { info: LockInfo | null; ageMs: number; stale: boolean; why: string } | null {
  let ageMs: number;
  let info: LockInfo | null = null;
  try {
    ageMs = Date.now() - statSync(path).mtimeMs;
    info = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    // Unreadable or half-written (its creator died between open and write): judged by age alone.
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return null;
    ageMs = Date.now() - st.mtimeMs;
  }
  if (info && info.host === hostname() && !processAlive(info.pid)) return { info, ageMs, stale: true, why: `its holder, process ${info.pid} on this host, has exited` };
  if (ageMs > staleMs) return { info, ageMs, stale: true, why: `not refreshed for ${(ageMs / 1000).toFixed(0)} s (stale after ${staleMs / 1000} s)` };
  return { info, ageMs, stale: false, why: "held" };
}

/** Remove a stale lock file, only if it still holds `token` (null: an unreadable file). */
export function breakLock(path: string, token: string | null): void {
  if (token !== null) return removeIfOurs(path, token);
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
