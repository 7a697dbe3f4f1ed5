package archive

import (
	"archive/tar"
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/rootfs/compression"
)

// fileTar is an uncompressed layer of n files of size bytes each.
func fileTar(t *testing.T, n, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for i := range n {
		tw.WriteHeader(&tar.Header{Name: "f" + string(rune('a'+i)), Mode: 0o644, Size: int64(size)})
		tw.Write(bytes.Repeat([]byte("x"), size))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unpackNeedsRoot is why tests that unpack layers need root.
const unpackNeedsRoot = "unpacking layers chowns and writes trusted.* xattrs"

func endlessLayer(t *testing.T, tail int) testimage.ArchiveLayer {
	return testimage.GzipWithTail(fileTar(t, 1, 10), tail)
}

// storeFiles lists the store's files, locks aside.
func storeFiles(t *testing.T, s *image.Store) string {
	t.Helper()
	var out []string
	filepath.WalkDir(s.Root(), func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(s.Root(), p)
		if err == nil && rel != "lock" && !strings.HasPrefix(rel, "locks") {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestLoadBombs: each hostile archive is refused with the error that names
// it, and leaves the store as it was.
func TestLoadBombs(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	const ref = "bomb.test/x:1"
	ok := testimage.NewArchiveLayer(fileTar(t, 2, 100))
	longer, shorter, negative := ok, ok, ok
	longer.Size, shorter.Size, negative.Size = int64(len(ok.Blob))-100, int64(len(ok.Blob))+100, -1
	bigConfig := testimage.NewArchiveLayer(fileTar(t, 1, 10))
	bigConfig.DiffID += "\", \"pad\": \"" + strings.Repeat("x", image.MaxConfigSize) // the config grows past the limit
	tests := []struct {
		name    string
		archive []byte
		opts    []image.Option
		want    error
		msg     string
	}{
		{"ok", testimage.DockerArchive(ref, ok), nil, nil, ""},
		{"sparse 1 TiB", testimage.DockerArchive(ref, testimage.NewArchiveLayer(
			testimage.SparseTar(testimage.SparsePAX1_0, "big", 1<<40, 0, []byte("x")))), nil,
			rootfs.ErrTooBig, "sparse file of 1099511627776 bytes"},
		{"over the size limit", testimage.DockerArchive(ref, testimage.NewArchiveLayer(fileTar(t, 1, 2<<20))),
			[]image.Option{image.WithLayerLimits(1<<20, 0)}, rootfs.ErrTooBig, "over its limit of 1048576 bytes"},
		{"over the entry limit", testimage.DockerArchive(ref, testimage.NewArchiveLayer(fileTar(t, 5, 1))),
			[]image.Option{image.WithLayerLimits(0, 4)}, rootfs.ErrTooBig, "more than 4 entries"},
		{"endless gzip", testimage.DockerArchive(ref, endlessLayer(t, 64<<20)), nil,
			rootfs.ErrTooBig, "after the end of the tar"},
		{"blob longer than its descriptor", testimage.OCIArchive(ref, longer), nil, image.ErrSizeMismatch, "longer than the"},
		{"blob shorter than its descriptor", testimage.OCIArchive(ref, shorter), nil, image.ErrSizeMismatch, "want"},
		{"negative layer size", testimage.OCIArchive(ref, negative), nil, image.ErrBadDescriptor, "negative size -1"},
		{"config over the limit", testimage.DockerArchive(ref, bigConfig), nil, image.ErrBadDescriptor, "over the 8388608 bytes limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := image.Open(t.TempDir(), append(tt.opts, image.WithDecompressor(compression.Decompress))...)
			if err != nil {
				t.Fatal(err)
			}
			before := storeFiles(t, s)
			_, err = Load(t.Context(), s, bytes.NewReader(tt.archive))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v with %q", err, tt.want, tt.msg)
			}
			if after := storeFiles(t, s); after != before {
				t.Errorf("store changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}
