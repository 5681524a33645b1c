/**
 * Whether a process with this id exists: signal 0 checks without sending anything. EPERM means it exists but
 * belongs to another user. Used for the pid files of the checkpoint store and the sandbox's placeholders, which
 * tell a live session's work from what an ended one left.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
