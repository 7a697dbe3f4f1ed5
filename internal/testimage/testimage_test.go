package testimage

import (
	"archive/tar"
	"io"
	"os"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func needBusybox(t *testing.T) {
	if _, err := os.Stat("/bin/busybox"); err != nil {
		t.Skip("no /bin/busybox (busybox-static)")
	}
}

// names lists the entries of a layer.
func names(t *testing.T, l v1.Layer) map[string]byte {
	t.Helper()
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	m := map[string]byte{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return m
		}
		if err != nil {
			t.Fatal(err)
		}
		m[h.Name] = h.Typeflag
	}
}

func TestBusybox(t *testing.T) {
	needBusybox(t)
	tests := []struct {
		name string
		opts []Option
		mt   types.MediaType
	}{
		{"docker", nil, types.DockerLayer},
		{"oci", []Option{WithOCI()}, types.OCILayer},
		{"zstd", []Option{WithZstd()}, types.OCILayerZStd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Busybox(tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			ls, _ := img.Layers()
			if len(ls) != 3 {
				t.Fatalf("%d layers, want 3", len(ls))
			}
			if mt, _ := ls[0].MediaType(); mt != tt.mt {
				t.Errorf("media type %s, want %s", mt, tt.mt)
			}
			want := []map[string]byte{
				{"bin/busybox": tar.TypeReg, "bin/sh": tar.TypeSymlink, "etc/passwd": tar.TypeReg, "tmp/": tar.TypeDir},
				{"tent/link1": tar.TypeLink, "tent/gone/a": tar.TypeReg, "tent/old": tar.TypeReg},
				{"tent/.wh.old": tar.TypeReg, "tent/gone/.wh..wh..opq": tar.TypeReg, "tent/gone/new": tar.TypeReg},
			}
			for i, l := range ls {
				got := names(t, l)
				for n, typ := range want[i] {
					if got[n] != typ {
						t.Errorf("layer %d: %s type %q, want %q", i+1, n, got[n], typ)
					}
				}
			}
			cf, _ := img.ConfigFile()
			if cf.Config.Cmd[0] != "sh" || cf.Config.Env[0] != "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" {
				t.Errorf("config %+v", cf.Config)
			}
		})
	}
}

func TestIndexAndBig(t *testing.T) {
	needBusybox(t)
	idx, err := Index()
	if err != nil {
		t.Fatal(err)
	}
	im, _ := idx.IndexManifest()
	if len(im.Manifests) != 2 || im.Manifests[0].Platform.Architecture != "amd64" || im.Manifests[1].Platform.Architecture != "arm64" {
		t.Errorf("index %+v", im.Manifests)
	}
	a, _ := Big(WithSizeMB(5), WithSeed(1))
	b, _ := Big(WithSizeMB(5), WithSeed(2))
	la, _ := a.Layers()
	lb, _ := b.Layers()
	shared := 0
	for i := range la {
		da, _ := la[i].Digest()
		db, _ := lb[i].Digest()
		if da == db {
			shared++
		}
	}
	if len(la) != 5 || shared != 4 {
		t.Errorf("%d layers, %d shared; want 5 and 4", len(la), shared)
	}
}
