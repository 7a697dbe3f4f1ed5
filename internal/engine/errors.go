package engine

import "fmt"

// Docker's exit codes for failures that are not the command's own.
const (
	ExitEngine     = 125 // tent itself failed
	ExitCannotExec = 126 // the command cannot be invoked
	ExitNotFound   = 127 // the command was not found
)

// ExitError is an error that decides tent's exit code.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode is the code tent exits with (main looks for this method).
func (e *ExitError) ExitCode() int { return e.Code }

func engineErr(format string, a ...any) error {
	return &ExitError{Code: ExitEngine, Err: fmt.Errorf(format, a...)}
}
