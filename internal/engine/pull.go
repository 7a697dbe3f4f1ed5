package engine

import (
	"context"
	"errors"
	"io"
	"os"

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
	if err := e.Pull(ctx, ref, w); err != nil { // tent-image records the pull event
		return nil, err
	}
	return e.Images.Resolve(ref)
}

// resolveImageFor resolves the run's image with its --pull policy:
// missing (default) pulls only an image not in the store, always pulls
// first, never fails on a missing one.
func (e *Engine) resolveImageFor(ctx context.Context, o RunOptions, stderr *os.File) (*image.Image, error) {
	switch o.Pull {
	case "always":
		img, err := e.pull(ctx, o.Image, stderr)
		if err != nil {
			return nil, engineErr("pull %s: %w", o.Image, err)
		}
		return img, nil
	case "never":
		img, err := e.Images.Resolve(o.Image)
		if errors.Is(err, image.ErrNotFound) {
			return nil, engineErr("no such image: %s (--pull never)", o.Image)
		}
		if err != nil {
			return nil, engineErr("resolve image %s: %w", o.Image, err)
		}
		return img, nil
	}
	return e.resolveImage(ctx, o.Image, stderr)
}

// checkImagePlatform refuses an image built for another platform than
// this host's when --platform was given (no emulation).
func checkImagePlatform(img *image.Image, o RunOptions) error {
	if o.Platform == "" || img.Config.OS == "" {
		return nil
	}
	if p := img.Config.OS + "/" + img.Config.Architecture; p != HostPlatform() {
		return engineErr("image %s is for %s, not --platform %s", o.Image, p, o.Platform)
	}
	return nil
}
