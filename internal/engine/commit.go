package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/rootfs/layerdiff"
)

// CommitOptions are docker commit's.
type CommitOptions struct {
	Ref     string   // REPO[:TAG] to name the image; "": untagged
	Message string   // -m: the history entry's comment
	Author  string   // -a
	Changes []string // -c: Dockerfile instructions applied to the config
	Pause   bool     // freeze a running container while its layer is read
	// Gzip writes the layer (rootfs/compression.GzipWriter): the caller,
	// tent-image, gives it, so that tent, which links the engine, does not
	// link the compressor.
	Gzip layerdiff.Gzip
}

// freezer is the part of the runtime that pauses a container.
type freezer interface {
	Freeze(id string) error
	Thaw(id string) error
}

// Commit makes an image of the container's changes: its upper dir as one
// more layer over its image (read through fds by layerdiff: no symlink in
// the container is followed), the config edited by -c, a history entry
// appended. A running container is frozen meanwhile unless !o.Pause.
func (e *Engine) Commit(ctx context.Context, ref string, o CommitOptions) (*image.Image, error) {
	var names []string
	if o.Ref != "" {
		full, err := image.Normalize(o.Ref)
		if err != nil {
			return nil, err
		}
		names = []string{full}
	}
	var probe v1.Config // refuse bad changes before any work
	if err := image.ApplyChanges(&probe, o.Changes); err != nil {
		return nil, err
	}
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return nil, err
	}
	defer unlock()
	base, err := e.Images.Resolve(rec.ImageID)
	if err != nil {
		return nil, fmt.Errorf("commit %s: its image: %w", rec.ShortID(), err)
	}
	f, err := os.CreateTemp(filepath.Join(e.Images.Root(), "tmp"), "load.commit-")
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", rec.ShortID(), err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	res, err := e.diffLayer(ctx, rec, f, o)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", rec.ShortID(), err)
	}
	img, err := e.Images.Commit(ctx, image.CommitSpec{Base: base, DiffID: res.DiffID, Digest: res.Digest, Size: res.Size,
		Open:  func(context.Context) (io.ReadCloser, error) { return os.Open(f.Name()) },
		Names: names, Created: time.Now(), Author: o.Author, Comment: o.Message, Container: rec.ID,
		CreatedBy: strings.Join(append([]string{rec.Path}, rec.Args...), " "),
		Changes:   func(c *v1.Config) error { return image.ApplyChanges(c, o.Changes) }})
	if err != nil {
		return nil, err
	}
	e.containerEvent(rec, "commit", "imageID", img.ID)
	return img, nil
}

// diffLayer writes the container's upper dir as a gzip'd layer to w,
// freezing a running container meanwhile when o.Pause is set (one paused by
// tent pause stays as it is).
func (e *Engine) diffLayer(ctx context.Context, rec *container.Record, w io.Writer, o CommitOptions) (layerdiff.Result, error) {
	if o.Gzip == nil {
		return layerdiff.Result{}, errors.New("no gzip writer for the layer (CommitOptions.Gzip)")
	}
	if o.Pause && rec.State.Status == container.StatusRunning && !rec.State.Paused {
		fr, ok := e.Runtime.(freezer)
		if !ok {
			return layerdiff.Result{}, fmt.Errorf("this runtime cannot pause the container (use --pause=false)")
		}
		if err := fr.Freeze(rec.ID); err != nil {
			return layerdiff.Result{}, fmt.Errorf("pause: %w", err)
		}
		defer fr.Thaw(rec.ID)
	}
	return layerdiff.Diff(ctx, e.Layout.UpperDir(rec.ID), w, o.Gzip)
}

// Diff lists what the container changed in its filesystem, as docker diff:
// its upper dir's entries, each A (added), C (changed: it exists in the
// image or tent's init layer) or D (deleted: a whiteout).
func (e *Engine) Diff(ref string) ([]layerdiff.Change, error) {
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return nil, err
	}
	base, err := e.Images.Resolve(rec.ImageID)
	if err != nil {
		return nil, fmt.Errorf("diff %s: its image: %w", rec.ShortID(), err)
	}
	lowers := make([]string, 0, len(base.DiffIDs)+1)
	for _, d := range base.DiffIDs {
		lowers = append(lowers, e.Images.LayerDir(d))
	}
	if init := e.Layout.InitLayerDir(); exists(init) {
		lowers = append(lowers, init)
	}
	entries, err := layerdiff.Walk(e.Layout.UpperDir(rec.ID))
	if err != nil {
		return nil, fmt.Errorf("diff %s: %w", rec.ShortID(), err)
	}
	return layerdiff.Changes(entries, layerdiff.ExistsInLayers(lowers))
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
