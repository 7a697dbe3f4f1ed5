// Package events is tent's event journal: what `tent events` shows, in
// Docker's event shape (container create/start/die/stop/kill/pause/...,
// image pull/tag/untag/delete/load/save).
//
// tent has no daemon to keep events in memory, so every process that
// changes something (the CLI, a detached container's monitor) appends to a
// journal under the state root, <state>/events:
//   - segments NNNNNNNNNNNNNNNN.jsonl, one JSON event per line, appended
//     with O_APPEND and one write(2) per line: the kernel serializes
//     appends to a regular file, so concurrent writers (goroutines and
//     processes) never interleave inside a line;
//   - a writer holds a shared flock(2) on <dir>/lock while it picks the
//     newest segment and writes; when that segment has grown past the size
//     bound it takes the lock exclusively, starts the next segment and
//     removes the oldest beyond the number kept. The journal is bounded;
//     nothing is rewritten in place;
//   - a line cut short by a crash in the middle of a write is skipped by
//     readers, and the next writer starts its line on a fresh line
//     (it reads the segment's last byte with pread(2) first);
//   - readers read the segments in order; Follow polls for new lines and
//     segments (a few times a second) until its context ends.
package events
