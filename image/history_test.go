package image

import (
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestHistory(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sizes := map[string]int64{"sha256:a": 100, "sha256:b": 20, "sha256:c": 3}
	size := func(d string) int64 { return sizes[d] }
	img := &Image{ID: "sha256:top", DiffIDs: []string{"sha256:a", "sha256:b"}, Created: t0}
	img.Config.History = []v1.History{
		{Created: v1.Time{Time: t0}, CreatedBy: "ADD rootfs /"},
		{CreatedBy: "ENV A=1", EmptyLayer: true},
		{CreatedBy: "RUN make", Comment: "c"},
		{CreatedBy: "CMD sh", EmptyLayer: true},
	}
	got := History(img, size)
	want := []HistoryEntry{
		{ID: "sha256:top", CreatedBy: "CMD sh"},
		{ID: "<missing>", CreatedBy: "RUN make", Comment: "c", Size: 20},
		{ID: "<missing>", CreatedBy: "ENV A=1"},
		{ID: "<missing>", CreatedBy: "ADD rootfs /", Size: 100, Created: t0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	bare := &Image{ID: "sha256:x", DiffIDs: []string{"sha256:a", "sha256:c"}, Created: t0}
	got = History(bare, size)
	if len(got) != 2 || got[0].ID != "sha256:x" || got[0].Size != 3 || got[1].Size != 100 || got[1].ID != "<missing>" {
		t.Errorf("no config history: %+v", got)
	}
	if got := History(&Image{ID: "sha256:e"}, size); len(got) != 0 {
		t.Errorf("empty image: %+v", got)
	}
}
