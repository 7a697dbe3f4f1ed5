package main

import (
	"fmt"
	"io"
	"runtime"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/tent-dev/tent/image/archive"
	"github.com/tent-dev/tent/internal/testimage"
)

// made is an image or an index.
type made struct {
	img v1.Image
	idx v1.ImageIndex
}

func makeVariant(f flags) (made, error) {
	opts := []testimage.Option{testimage.WithSeed(f.seed), testimage.WithSizeMB(f.sizeMB)}
	var m made
	var err error
	switch f.variant {
	case "busybox":
		m.img, err = testimage.Busybox(opts...)
	case "oci":
		m.img, err = testimage.Busybox(append(opts, testimage.WithOCI())...)
	case "zstd":
		m.img, err = testimage.Busybox(append(opts, testimage.WithZstd())...)
	case "big":
		m.img, err = testimage.Big(opts...)
	case "index":
		m.idx, err = testimage.Index(opts...)
	default:
		return m, fmt.Errorf("unknown variant %q (busybox, oci, zstd, big, index)", f.variant)
	}
	return m, err
}

func push(ref string, m made) (string, error) {
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		return "", fmt.Errorf("parse %q: %w", ref, err)
	}
	opt := remote.WithAuthFromKeychain(authn.DefaultKeychain)
	if m.idx != nil {
		if err := remote.WriteIndex(r, m.idx, opt); err != nil {
			return "", fmt.Errorf("push %s: %w", ref, err)
		}
		d, err := m.idx.Digest()
		return d.String(), err
	}
	if err := remote.Write(r, m.img, opt); err != nil {
		return "", fmt.Errorf("push %s: %w", ref, err)
	}
	d, err := m.img.Digest()
	return d.String(), err
}

func write(w io.Writer, f flags, m made) error {
	ref := f.ref
	if ref == "" {
		ref = "tent-test/" + f.variant + ":latest"
	}
	tag, err := name.NewTag(ref)
	if err != nil {
		return fmt.Errorf("parse --ref %q: %w", ref, err)
	}
	switch f.format {
	case "oci":
		e := archive.Entry{Name: tag.Name(), Tag: tag.TagStr(), Image: m.img, Index: m.idx}
		return archive.WriteOCI(w, []archive.Entry{e})
	case "docker":
		img := m.img
		if m.idx != nil { // a docker-archive holds no index: write the host's platform
			if img, err = hostImage(m.idx); err != nil {
				return err
			}
		}
		return tarball.Write(tag, img, w)
	}
	return fmt.Errorf("unknown --format %q (docker, oci)", f.format)
}

func hostImage(idx v1.ImageIndex) (v1.Image, error) {
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	for _, d := range im.Manifests {
		if d.Platform != nil && d.Platform.Architecture == runtime.GOARCH {
			return idx.Image(d.Digest)
		}
	}
	return nil, fmt.Errorf("index has no %s image", runtime.GOARCH)
}
