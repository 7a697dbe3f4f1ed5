package registry

import (
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
)

func TestPullFormats(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	reg := testRegistry(t)
	tests := []struct {
		name string
		opts []testimage.Option
	}{
		{"schema2", nil},
		{"oci", []testimage.Option{testimage.WithOCI()}},
		{"zstd", []testimage.Option{testimage.WithZstd()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := testimage.Busybox(tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			ref := reg + "/bb/" + tt.name + ":1"
			push(t, ref, img)
			s := openStore(t)
			got := mustPull(t, s, ref)
			want, _ := img.ConfigName()
			if got.ID != want.String() {
				t.Errorf("id %s, want %s", got.ID, want)
			}
			if len(got.DiffIDs) != 3 || got.Config.Config.Cmd[0] != "sh" {
				t.Errorf("image %+v", got)
			}
			checkBusyboxLayers(t, s, got)
			again, err := s.Resolve(ref)
			if err != nil || again.ID != got.ID {
				t.Errorf("resolve %s: %v", ref, err)
			}
		})
	}
}

func checkBusyboxLayers(t *testing.T, s *image.Store, img *image.Image) {
	t.Helper()
	for _, f := range []string{"bin/busybox", "etc/passwd"} {
		if _, err := os.Stat(filepath.Join(s.LayerDir(img.DiffIDs[0]), f)); err != nil {
			t.Errorf("layer 1: %v", err)
		}
	}
	if fi, err := os.Lstat(filepath.Join(s.LayerDir(img.DiffIDs[2]), "tent/old")); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("layer 3: /tent/old is not a whiteout: %v", err)
	}
}

func TestPullIndexPlatform(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	reg := testRegistry(t)
	idx, err := testimage.Index()
	if err != nil {
		t.Fatal(err)
	}
	pushIndex(t, reg+"/multi:1", idx)
	tests := []struct {
		platform v1.Platform
		arch     string
		wantErr  bool
	}{
		{v1.Platform{OS: "linux", Architecture: "amd64"}, "amd64", false},
		{v1.Platform{OS: "linux", Architecture: "arm64"}, "arm64", false},
		{v1.Platform{OS: "linux", Architecture: "s390x"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.platform.String(), func(t *testing.T) {
			s := openStore(t)
			img, err := Pull(t.Context(), s, reg+"/multi:1", WithPlatform(tt.platform))
			if tt.wantErr {
				if err == nil {
					t.Fatal("pull of a missing platform succeeded")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.Config.Architecture != tt.arch {
				t.Errorf("arch %s, want %s", img.Config.Architecture, tt.arch)
			}
		})
	}
}
