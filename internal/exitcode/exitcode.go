package exitcode

import (
	"errors"
	"strconv"
)

// Docker's exit codes for failures that are not the command's own.
const (
	Engine     = 125 // tent itself failed
	CannotExec = 126 // the command cannot be invoked
	NotFound   = 127 // the command was not found
)

// Error is an error that decides tent's exit code.
type Error struct {
	Code int
	Err  error
}

// New returns err with code.
func New(code int, err error) *Error { return &Error{Code: code, Err: err} }

func (e *Error) Error() string {
	if e.Err == nil {
		return "exit code " + strconv.Itoa(e.Code)
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ExitCode is the code tent exits with (From looks for this method).
func (e *Error) ExitCode() int { return e.Code }

// From returns the code of the first error in err's chain that has an
// ExitCode() int method; ok is false when there is none (or err is nil).
func From(err error) (code int, ok bool) {
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return ec.ExitCode(), true
	}
	return 0, false
}

// Or returns the code of err, or def when err carries none.
func Or(err error, def int) int {
	if code, ok := From(err); ok {
		return code
	}
	return def
}

// Default returns err unchanged when it carries a code (the runtime's 126
// or 127 for a command that cannot be run), else err with code def; nil
// stays nil.
func Default(err error, def int) error {
	if err == nil {
		return nil
	}
	if _, ok := From(err); ok {
		return err
	}
	return &Error{Code: def, Err: err}
}
