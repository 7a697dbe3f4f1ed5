package engine

import (
	"context"
	"errors"
)

// RunDetached starts the container under a monitor process that outlives
// the CLI (tent run -d) and returns its id once it is running.
func (e *Engine) RunDetached(ctx context.Context, o RunOptions) (string, error) {
	return "", errors.New("run -d: not implemented")
}
