package engine

import (
	"context"
	"os"
)

// Create makes a container without starting it (tent create): the image is
// resolved (pulled if missing) and the record made with the run options;
// `tent start` later runs it under a monitor, as `tent run -d` does.
func (e *Engine) Create(ctx context.Context, o RunOptions) (string, error) {
	if err := checkDetached(o); err != nil {
		return "", engineErr("%w", err)
	}
	if err := checkResources(o); err != nil {
		return "", engineErr("%w", err)
	}
	for _, v := range o.Volumes {
		if _, err := ParseVolume(v); err != nil {
			return "", engineErr("%w", err)
		}
	}
	img, err := e.resolveImage(ctx, o.Image, os.Stderr)
	if err != nil {
		return "", err
	}
	rec, err := e.newRecord(img, o)
	if err != nil {
		return "", err
	}
	if err := e.saveHealthcheck(rec.ID, img, o); err != nil {
		_ = e.Containers.Remove(rec.ID)
		return "", err
	}
	return rec.ID, nil
}
