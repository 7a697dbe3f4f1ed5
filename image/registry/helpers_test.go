package registry

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/rootfs/compression"
)

// unpackNeedsRoot is why tests that unpack layers need root.
const unpackNeedsRoot = "unpacking layers chowns and writes trusted.* xattrs"

// testRegistry starts ggcr's in-memory registry; it returns host:port.
func testRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(quietLogger())))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func quietLogger() *log.Logger { return log.New(io.Discard, "", 0) }

func push(t *testing.T, ref string, img v1.Image) {
	t.Helper()
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img); err != nil {
		t.Fatalf("push %s: %v", ref, err)
	}
}

func pushIndex(t *testing.T, ref string, idx v1.ImageIndex) {
	t.Helper()
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(r, idx); err != nil {
		t.Fatalf("push %s: %v", ref, err)
	}
}

func openStore(t *testing.T) *image.Store {
	t.Helper()
	s, err := image.Open(t.TempDir(), image.WithDecompressor(compression.Decompress))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustPull(t *testing.T, s *image.Store, ref string, opts ...Option) *image.Image {
	t.Helper()
	img, err := Pull(context.Background(), s, ref, opts...)
	if err != nil {
		t.Fatalf("pull %s: %v", ref, err)
	}
	return img
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, os.ErrNotExist)
}
