// Package exitcode carries the exit code an error asks tent to end with,
// Docker's codes for failures that are not the command's own: 125 (tent
// failed), 126 (cannot invoke), 127 (not found). Error is the one error type
// with a code; From finds the code of any error that has an ExitCode() int
// method in its chain (os/exec's ExitError too). No system calls.
package exitcode
