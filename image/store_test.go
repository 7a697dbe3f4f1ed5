package image

import (
	"errors"
	"testing"

	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs/compression"
)

func TestRemoveInUse(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	img, _ := testimage.Busybox()
	ref := "example.com/bb:1"
	s, _ := Open(t.TempDir(), WithInUse(func(string) bool { return true }), WithDecompressor(compression.Decompress))
	got := mustLoad(t, s, ref, img)
	tests := []struct {
		force   bool
		wantErr error
	}{
		{false, ErrInUse},
		{true, nil},
	}
	for _, tt := range tests {
		_, err := s.Remove(ref, tt.force)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("remove force=%v: %v, want %v", tt.force, err, tt.wantErr)
		}
	}
	if _, err := s.Resolve(got.ID); err != nil {
		t.Errorf("image used by a container removed by rmi -f: %v", err)
	}
	if _, err := s.Resolve(ref); !errors.Is(err, ErrNotFound) {
		t.Errorf("name kept after rmi -f: %v", err)
	}
}
