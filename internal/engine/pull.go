package engine

import (
	"context"
	"errors"
	"io"

	"github.com/tent-dev/tent/image"
)

// pull fetches a missing image. TODO: call the image store's Pull once it lands.
func (e *Engine) pull(ctx context.Context, ref string, progress io.Writer) (*image.Image, error) {
	return nil, errors.New("pulling is not implemented yet: load the image with tent load")
}
