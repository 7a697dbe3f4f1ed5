package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs/compression"
)

// TestLoadStream loads a ggcr-written docker-archive from a pipe (no seeking).
func TestLoadStream(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	img, _ := testimage.Busybox()
	tag, _ := name.NewTag("example.com/bb:2")
	var buf bytes.Buffer
	if err := tarball.Write(tag, img, &buf); err != nil {
		t.Fatal(err)
	}
	s, err := image.Open(t.TempDir(), image.WithDecompressor(compression.Decompress))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(t.Context(), s, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Names[0] != "example.com/bb:2" {
		t.Fatalf("loaded %+v", got)
	}
	if ents, _ := os.ReadDir(filepath.Join(s.Root(), "tmp")); len(ents) != 0 {
		t.Errorf("spooled archive left in tmp: %v", ents)
	}
}
