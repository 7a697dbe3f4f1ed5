package engine

import (
	"context"
	"os"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
)

// Create makes a container without starting it (tent create): the image is
// resolved (pulled if missing) and the record made with the run options;
// `tent start` later runs it under a monitor, as `tent run -d` does.
func (e *Engine) Create(ctx context.Context, o RunOptions) (string, error) {
	rec, _, err := e.newDetachedRecord(ctx, o)
	if err != nil {
		return "", err
	}
	return rec.ID, nil
}

// newDetachedRecord checks the options, resolves the image (pulling it if
// missing) and makes the record of a container that a monitor will run
// (tent create, tent run -d). A failed step leaves no record behind.
func (e *Engine) newDetachedRecord(ctx context.Context, o RunOptions) (*container.Record, *image.Image, error) {
	if err := checkHostOptions(o); err != nil {
		return nil, nil, engineErr("%w", err)
	}
	cid, err := createCIDFile(o.CIDFile)
	if err != nil {
		return nil, nil, engineErr("%w", err)
	}
	rec, img, err := e.newDetachedRecordIn(ctx, o)
	if err == nil {
		err = cid.write(rec.ID)
	}
	if err != nil {
		cid.discard()
		return nil, nil, err
	}
	return rec, img, nil
}

func (e *Engine) newDetachedRecordIn(ctx context.Context, o RunOptions) (*container.Record, *image.Image, error) {
	if err := checkDetached(o); err != nil {
		return nil, nil, engineErr("%w", err)
	}
	if err := checkHostOptions(o); err != nil {
		return nil, nil, engineErr("%w", err)
	}
	if err := resourcesOf(o).Validate(); err != nil {
		return nil, nil, engineErr("%w", err)
	}
	if _, err := userMountPoints(o); err != nil {
		return nil, nil, engineErr("%w", err)
	}
	img, err := e.resolveImageFor(ctx, o, os.Stderr)
	if err != nil {
		return nil, nil, err
	}
	if err := checkImagePlatform(img, o); err != nil {
		return nil, nil, err
	}
	o.Labels = labelsOf(img, o) // the image's too, as Docker's (ps --filter label=)
	hc, err := recordHealthcheck(img, o)
	if err != nil {
		return nil, nil, err
	}
	rec, err := e.newRecord(img, o, container.Record{State: earlyMonitorState(), Healthcheck: hc})
	if err != nil {
		return nil, nil, err
	}
	return rec, img, nil
}
