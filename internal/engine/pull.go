package engine

import (
	"context"
	"errors"
	"io"

	"github.com/tent-dev/tent/image"
)

// errNoPuller: an Engine made without Pull cannot fetch a missing image.
var errNoPuller = errors.New("not in the store, and this engine cannot pull (no Engine.Pull)")

// pull fetches a missing image with e.Pull, which prints Docker-like
// progress lines on w, and returns it from the store.
func (e *Engine) pull(ctx context.Context, ref string, w io.Writer) (*image.Image, error) {
	if e.Pull == nil {
		return nil, errNoPuller
	}
	if err := e.Pull(ctx, ref, w); err != nil {
		return nil, err
	}
	e.ImageEvent("pull", ref, ref)
	return e.Images.Resolve(ref)
}
