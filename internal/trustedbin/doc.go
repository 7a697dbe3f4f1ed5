// Package trustedbin decides whether a helper binary found beside tent
// (tent-init, tent-image) may be run by a root process: a regular,
// executable file, writable by neither group nor others, owned by root or
// by the effective user; anything else could be swapped under us. Check is
// one stat(2) (following symlinks: the file is judged, not the link); the
// decision itself, mode.Check, is pure.
package trustedbin
