// Package atomicfile replaces small files (records, state, pid files) so
// that a reader sees the old content or the new, never a part: write a temp
// file beside the target, then rename(2) it over the target. Each writer
// gets its own temp name (open with O_EXCL), so two processes replacing one
// file at once both succeed and the last rename wins. No fsync: these files
// must survive a killed process, not a power loss.
package atomicfile
