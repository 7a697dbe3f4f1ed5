// Package atomicfile replaces small files (records, state, pid files) so
// that a reader sees the old content or the new, never a part: write a temp
// file beside the target, then rename(2) it over the target. Each writer
// gets its own temp name (open with O_EXCL), so two processes replacing one
// file at once both succeed and the last rename wins. No fsync: these files
// must survive a killed process, not a power loss.
//
// With Volatile, for files deleted with their container (an --rm
// container's record), an existing file is swapped with the temp by
// renameat2(RENAME_EXCHANGE) and then unlinked: ext4 writes the data of a
// file that a rename puts over another out at once (auto_da_alloc), and on
// a discard-mounted disk that file's deletion later costs a discard.
package atomicfile
