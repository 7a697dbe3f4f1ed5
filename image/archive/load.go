package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/image"
)

// Load reads a docker-archive (manifest.json, as docker save writes) or an
// OCI-layout tarball (oci-layout + index.json) from r and brings every image
// in it into the store s, through the same verified path as a pull
// (Store.Ingest). r may be a file (read in place) or a stream (spooled to
// the store's tmp dir first).
func Load(ctx context.Context, s *image.Store, r io.Reader, opts ...LoadOption) ([]*image.Image, error) {
	o := makeLoadOptions(opts)
	f, size, cleanup, err := seekable(r, filepath.Join(s.Root(), "tmp"))
	if err != nil {
		return nil, err
	}
	defer cleanup()
	ar, err := NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	var plans []*image.Plan
	switch {
	case ar.Has("oci-layout") && ar.Has("index.json"):
		plans, err = ociPlans(ar, o.platform)
	case ar.Has("manifest.json"):
		plans, err = dockerPlans(ar)
	default:
		return nil, fmt.Errorf("load: not an image archive: no manifest.json nor oci-layout and index.json")
	}
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	var imgs []*image.Image
	for _, p := range plans {
		p.Parallel, p.Progress, p.Status = o.parallel, o.progress, "Loaded"
		img, err := s.Ingest(ctx, p)
		if err != nil {
			return imgs, fmt.Errorf("load: %w", err)
		}
		imgs = append(imgs, img)
	}
	return imgs, nil
}

// seekable returns r as a file with its size: r itself when it is a regular
// file, else a copy in tmpDir (the store's), removed by cleanup.
func seekable(r io.Reader, tmpDir string) (*os.File, int64, func(), error) {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			off, err := f.Seek(0, io.SeekCurrent)
			if err == nil && off == 0 {
				return f, fi.Size(), func() {}, nil
			}
		}
	}
	tmp, err := os.CreateTemp(tmpDir, "load.")
	if err != nil {
		return nil, 0, nil, image.DiskErr(fmt.Errorf("load: %w", err))
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	n, err := io.Copy(tmp, r)
	if err != nil {
		cleanup()
		return nil, 0, nil, image.DiskErr(fmt.Errorf("load: read archive: %w", err))
	}
	return tmp, n, cleanup, nil
}

// dockerManifest is one entry of a docker-archive's manifest.json.
type dockerManifest struct {
	Config   string
	RepoTags []string
	Layers   []string
}

func dockerPlans(ar *Reader) ([]*image.Plan, error) {
	b, err := ar.ReadFile("manifest.json")
	if err != nil {
		return nil, err
	}
	var ms []dockerManifest
	if err := json.Unmarshal(b, &ms); err != nil {
		return nil, fmt.Errorf("parse manifest.json: %w", err)
	}
	var plans []*image.Plan
	for _, m := range ms {
		p, err := dockerPlan(ar, m)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	return plans, nil
}

func dockerPlan(ar *Reader, m dockerManifest) (*image.Plan, error) {
	if n := ar.Size(m.Config); n > image.MaxConfigSize {
		return nil, fmt.Errorf("config %s of %d bytes: %w: over the %d bytes limit", m.Config, n, image.ErrBadDescriptor, image.MaxConfigSize)
	}
	cfg, err := ar.ReadFile(m.Config)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if want := digestInName(m.Config); want != "" {
		if err := verifyBytes(m.Config, cfg, want); err != nil {
			return nil, err
		}
	}
	p := &image.Plan{Config: cfg}
	for _, t := range m.RepoTags {
		n, err := image.Normalize(t)
		if err != nil {
			return nil, fmt.Errorf("manifest.json: %w", err)
		}
		p.Names = append(p.Names, n)
	}
	for _, name := range m.Layers {
		l, err := archiveLayer(ar, name, digestInName(name), ar.Size(name))
		if err != nil {
			return nil, err
		}
		p.Layers = append(p.Layers, l)
	}
	return p, nil
}
