/** One line per backup record, for tool-result notes and `tandem undo` output. */
import type { BackupRecord } from "../backup/index.ts";

export function describeBackup(record: BackupRecord): string {
  switch (record.kind) {
    case "uncommitted":
      return record.empty
        ? `nothing uncommitted to save in ${record.repo}`
        : `uncommitted changes in ${record.repo} saved as ${record.ref}`;
    case "trash":
      return `${record.entries.length} path${record.entries.length === 1 ? "" : "s"} ${record.mode === "move" ? "moved" : record.mode === "snapshot" ? "kept exactly" : "copied"} to ${record.dir}`;
    case "remote-ref":
      return record.old_sha
        ? `${record.remote}/${record.branch} was ${record.old_sha.slice(0, 10)}, kept as ${record.backup_ref}`
        : `${record.remote}/${record.branch} did not exist before the push`;
    case "refs":
      return `recorded ${record.refs.map((r) => `${r.ref} at ${r.sha.slice(0, 10)}`).join(", ") || "no refs"}`;
    case "stash":
      return `${record.entries.length} stash entr${record.entries.length === 1 ? "y" : "ies"} kept under ${record.entries[0]?.backup_ref.replace(/\/\d+$/, "") ?? "no ref"}`;
  }
}
