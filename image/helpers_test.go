package image

import (
	"bytes"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// unpackNeedsRoot is why tests that unpack layers need root.
const unpackNeedsRoot = "unpacking layers chowns and writes trusted.* xattrs"

func openStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustLoad loads img into s as a docker-archive naming it ref.
func mustLoad(t *testing.T, s *Store, ref string, img v1.Image) *Image {
	t.Helper()
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tarball.Write(tag, img, &buf); err != nil {
		t.Fatal(err)
	}
	imgs, err := s.Load(t.Context(), &buf)
	if err != nil || len(imgs) != 1 {
		t.Fatalf("load %s: %v", ref, err)
	}
	return imgs[0]
}
