package registry

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs/compression"
)

func TestPullDiskFull(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	reg := testRegistry(t)
	img, err := testimage.Big(testimage.WithSizeMB(8))
	if err != nil {
		t.Fatal(err)
	}
	push(t, reg+"/big:1", img)
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=2m"); err != nil {
		t.Skipf("mount tmpfs: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	s, err := image.Open(dir, image.WithDecompressor(compression.Decompress))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Pull(t.Context(), s, reg+"/big:1")
	if !errors.Is(err, image.ErrDiskFull) {
		t.Fatalf("pull onto a full disk: %v, want %v", err, image.ErrDiskFull)
	}
	t.Log(err)
}
