package image

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/tent-dev/tent/internal/testimage"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	needRoot(t)
	reg := testRegistry(t)
	tests := []struct {
		name   string
		opts   []testimage.Option
		format Format
	}{
		{"docker", nil, FormatDocker},
		{"oci", nil, FormatOCI},
		{"zstd-oci", []testimage.Option{testimage.WithZstd()}, FormatOCI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, _ := testimage.Busybox(tt.opts...)
			ref := reg + "/rt/" + tt.name + ":1"
			push(t, ref, img)
			src := openStore(t)
			want := mustPull(t, src, ref)
			var buf bytes.Buffer
			if err := src.Save(t.Context(), &buf, []string{ref}, tt.format); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "x.tar")
			os.WriteFile(path, buf.Bytes(), 0o644)
			f, _ := os.Open(path)
			defer f.Close()
			dst := openStore(t)
			got, err := dst.Load(t.Context(), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != want.ID || len(got[0].Names) != 1 || got[0].Names[0] != want.Names[0] {
				t.Fatalf("loaded %+v, want id %s named %v", got, want.ID, want.Names)
			}
			if got[0].ManifestDigest != want.ManifestDigest {
				t.Errorf("manifest %s, want %s", got[0].ManifestDigest, want.ManifestDigest)
			}
			checkBusyboxLayers(t, dst, got[0])
		})
	}
}

// TestLoadStream loads a ggcr-written docker-archive from a pipe (no seeking).
func TestLoadStream(t *testing.T) {
	needRoot(t)
	img, _ := testimage.Busybox()
	tag, _ := name.NewTag("example.com/bb:2")
	var buf bytes.Buffer
	if err := tarball.Write(tag, img, &buf); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	got, err := s.Load(t.Context(), &buf)
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
