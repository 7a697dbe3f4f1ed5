package tests

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testimage"
)

// oneFileTar is an uncompressed layer holding one file of size bytes.
func oneFileTar(t *testing.T, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "big", Mode: 0o644, Size: int64(size)})
	tw.Write(make([]byte, size))
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImageBombsLeaveStore: `tent load` of an archive holding a 1 TiB
// sparse file, a layer over the size limit, a gzip layer that does not end,
// a blob longer than its descriptor or a descriptor of negative size is
// refused with one line naming what was wrong, and `tent images` and the
// store's files are as before.
func TestImageBombsLeaveStore(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/busybox:1")
	root, state := privateStore(t)
	mustSucceed(t, tentIn(t, root, state, "pull", "-q", reg+"/busybox:1"))
	images := tentIn(t, root, state, "images")
	mustSucceed(t, images)
	before := storeSnapshot(t, root)

	const ref = "bomb.test/x:1"
	longer := testimage.NewArchiveLayer(oneFileTar(t, 1<<20))
	longer.Size = int64(len(longer.Blob)) / 2
	negative := testimage.NewArchiveLayer(oneFileTar(t, 1000))
	negative.Size = -1
	tests := []struct {
		name    string
		archive []byte
		env     []string
		want    []string // in stderr
	}{
		{"sparse 1 TiB", testimage.DockerArchive(ref, testimage.NewArchiveLayer(
			testimage.SparseTar(testimage.SparsePAX1_0, "big", 1<<40, 1<<39, []byte("bomb")))), nil,
			[]string{`unpack entry "big": sparse file of 1099511627776 bytes`, "layer too big"}},
		{"over the size limit", testimage.DockerArchive(ref, testimage.NewArchiveLayer(oneFileTar(t, 4<<20))),
			[]string{"TENT_MAX_LAYER_SIZE=1M"},
			[]string{`unpack entry "big": file of 4194304 bytes takes the layer over its limit of 1048576 bytes`, "layer too big"}},
		{"endless gzip", testimage.DockerArchive(ref, testimage.GzipWithTail(oneFileTar(t, 10), 256<<20)), nil,
			[]string{"more than 1048576 bytes of data after the end of the tar", "layer too big"}},
		{"blob longer than its descriptor", testimage.OCIArchive(ref, longer), nil,
			[]string{"blob size does not match its descriptor: longer than the"}},
		{"negative descriptor size", testimage.OCIArchive(ref, negative), nil,
			[]string{"invalid descriptor: negative size -1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "bomb.tar")
			if err := os.WriteFile(file, tt.archive, 0o600); err != nil {
				t.Fatal(err)
			}
			r := runCmd(t, append(envWith(root, state), tt.env...), bin(t, "tent"), "load", "-q", "-i", file)
			if r.Code != 1 || strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 {
				t.Errorf("want exit 1 and one line of error:\n%s", r)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r)
				}
			}
			if got := tentIn(t, root, state, "images"); got.Stdout != images.Stdout {
				t.Errorf("tent images changed:\nbefore:\n%s\nafter:\n%s", images.Stdout, got.Stdout)
			}
			if after := storeSnapshot(t, root); after != before {
				t.Errorf("store changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}
