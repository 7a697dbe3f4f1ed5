// Package version says which tent this is: its version, the git commit and
// commit time it was built from (set by the Makefile with -ldflags -X, or
// read from the Go build info's VCS stamp), the Go version, the platform
// and the OCI runtime-spec version it writes. No syscalls.
package version
