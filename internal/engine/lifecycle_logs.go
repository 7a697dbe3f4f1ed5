package engine

import (
	"context"
	"io"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/logs"
)

// Logs copies the container's json-file log to stdout and stderr; with
// o.Follow it goes on until ctx ends or the container has exited.
func (e *Engine) Logs(ctx context.Context, ref string, o logs.ReadOptions, stdout, stderr io.Writer) error {
	id, err := e.Containers.Resolve(ref)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	o.Done = func() bool {
		r, err := e.Containers.Get(id)
		return err != nil || r.State.Status == container.StatusExited
	}
	return logs.Read(ctx, e.Layout.LogFile(id), o, stdout, stderr)
}
