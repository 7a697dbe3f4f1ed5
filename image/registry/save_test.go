package registry

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tent-dev/tent/image/archive"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
)

// TestSaveLoadRoundTrip: what a pull brought in, saved and loaded into
// another store, is the same image.
func TestSaveLoadRoundTrip(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	reg := testRegistry(t)
	tests := []struct {
		name   string
		opts   []testimage.Option
		format archive.Format
	}{
		{"docker", nil, archive.FormatDocker},
		{"oci", nil, archive.FormatOCI},
		{"zstd-oci", []testimage.Option{testimage.WithZstd()}, archive.FormatOCI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, _ := testimage.Busybox(tt.opts...)
			ref := reg + "/rt/" + tt.name + ":1"
			push(t, ref, img)
			src := openStore(t)
			want := mustPull(t, src, ref)
			var buf bytes.Buffer
			if err := archive.Save(t.Context(), src, &buf, []string{ref}, tt.format); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "x.tar")
			os.WriteFile(path, buf.Bytes(), 0o644)
			f, _ := os.Open(path)
			defer f.Close()
			dst := openStore(t)
			got, err := archive.Load(t.Context(), dst, f)
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
