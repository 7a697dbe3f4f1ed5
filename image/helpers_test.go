package image

import (
	"context"
	"io"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/rootfs/compression"
)

// unpackNeedsRoot is why tests that unpack layers need root.
const unpackNeedsRoot = "unpacking layers chowns and writes trusted.* xattrs"

func openStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), WithDecompressor(compression.Decompress))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustLoad brings img into s named ref through Ingest, as a pull does.
func mustLoad(t *testing.T, s *Store, ref string, img v1.Image) *Image {
	t.Helper()
	full, err := Normalize(ref)
	if err != nil {
		t.Fatal(err)
	}
	p := &Plan{Names: []string{full}}
	if p.Config, err = img.RawConfigFile(); err != nil {
		t.Fatal(err)
	}
	if p.Manifest, err = img.RawManifest(); err != nil {
		t.Fatal(err)
	}
	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		d, _ := l.Digest()
		size, _ := l.Size()
		mt, _ := l.MediaType()
		p.Layers = append(p.Layers, LayerSource{Digest: d, Size: size, MediaType: string(mt),
			Open: func(context.Context) (io.ReadCloser, error) { return l.Compressed() }})
	}
	got, err := s.Ingest(t.Context(), p)
	if err != nil {
		t.Fatalf("ingest %s: %v", ref, err)
	}
	return got
}
