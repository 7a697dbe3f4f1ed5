package engine

import (
	"fmt"

	"github.com/tent-dev/tent/internal/exitcode"
)

// engineErr wraps an error as tent's own failure (125), unless the wrapped
// error already asks for a code (the runtime's 126/127 for a command that
// cannot be run).
func engineErr(format string, a ...any) error {
	return exitcode.Default(fmt.Errorf(format, a...), exitcode.Engine)
}
