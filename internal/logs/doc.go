// Package logs keeps a container's stdout and stderr in Docker's json-file
// format, one JSON object per line:
//
//	{"log":"hello\n","stream":"stdout","time":"2026-11-24T23:59:01.123456789Z"}
//
// The monitor of a detached container owns a Writer: it reads the
// container's stdout and stderr pipes (Pump) and appends lines whether or
// not anyone is attached, so nothing is lost. The file is size-capped: when
// it would pass max-size it is rotated (<id>-json.log → .1 → .2 …, keeping
// max-file files in all), with rename(2) so a reader never sees half a file.
//
// Read serves `tent logs`: the rotated files oldest first, --tail, --since,
// -t timestamps, and -f, which polls the file (and follows a rotation by
// comparing the inode of the path with the open file's) until the container
// stops.
//
// Syscalls: open(O_APPEND) and write(2) of the log file, rename(2) to
// rotate, stat/fstat to follow a rotation, read(2) and truncate(2).
package logs
