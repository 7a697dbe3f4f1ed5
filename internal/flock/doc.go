// Package flock is tent's one advisory lock helper: flock(2) on a file
// (opened, and created if missing, with open(2) O_CLOEXEC) or on a
// directory itself (open(2) O_DIRECTORY, so the lock needs no file of its
// own). The kernel drops a lock when its holder dies, so a killed command
// never leaves one held. A lock is exclusive or shared, blocking or not
// (LOCK_NB); an EINTR from flock(2) is retried.
package flock
