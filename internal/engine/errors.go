package engine

import (
	"errors"
	"fmt"
)

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

// engineErr wraps an error as tent's own failure (125), unless the wrapped
// error already asks for a code (the runtime's 126/127 for a command that
// cannot be run).
func engineErr(format string, a ...any) error {
	err := fmt.Errorf(format, a...)
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return err
	}
	return &ExitError{Code: ExitEngine, Err: err}
}
