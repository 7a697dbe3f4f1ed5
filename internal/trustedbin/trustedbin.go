package trustedbin

import "github.com/tent-dev/tent/internal/trustedbin/mode"

// Why a binary is not trusted (wrapped with its path by Check).
var (
	ErrNotExecutable = mode.ErrNotExecutable
	ErrWritable      = mode.ErrWritable
	ErrOwner         = mode.ErrOwner
)
