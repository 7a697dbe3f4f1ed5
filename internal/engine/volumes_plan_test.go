package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/spec"
)

func TestPlanMounts(t *testing.T) {
	user, err := userMountPoints(RunOptions{
		Volumes: []string{"/h:/data/sub:ro", "named:/data", "/anon"},
		Mounts:  []string{"type=volume,src=nc,dst=/nc,volume-nocopy"},
		Tmpfs:   []string{"/t:size=1m"},
	})
	if err != nil {
		t.Fatal(err)
	}
	from := fromMounts([]container.Mount{
		{Type: "volume", Name: "shared", Source: "/v/shared/_data", Destination: "/shared", RW: true, CopyUp: true},
		{Type: "volume", Name: "x", Source: "/v/x/_data", Destination: "/data", RW: true},
		{Type: "tmpfs", Destination: "/tmp"},
	}, "ro")
	got, err := planMounts(user, from, []string{"/var/log", "/data/"})
	if err != nil {
		t.Fatal(err)
	}
	want := []container.Mount{
		{Type: "volume", Name: "named", Destination: "/data", RW: true, CopyUp: true},
		{Type: "volume", Destination: "/anon", RW: true, CopyUp: true},
		{Type: "volume", Name: "nc", Destination: "/nc", RW: true},
		{Type: "tmpfs", Destination: "/t", RW: true, Data: []string{"size=1m"}},
		{Type: "bind", Source: "/h", Destination: "/data/sub", Propagation: "rprivate"},
		{Type: "volume", Name: "shared", Source: "/v/shared/_data", Destination: "/shared"},
		{Type: "volume", Destination: "/var/log", RW: true, CopyUp: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestPlanMountsErrors(t *testing.T) {
	if _, err := planMounts([]spec.MountPoint{{Target: "/a"}, {Target: "/a"}}, nil, nil); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate: %v", err)
	}
	for _, bad := range []string{"", ":ro", "c:rx"} {
		if _, _, err := ParseVolumesFrom(bad); err == nil {
			t.Errorf("--volumes-from %q: no error", bad)
		}
	}
	if ref, mode, err := ParseVolumesFrom("web:ro"); ref != "web" || mode != "ro" || err != nil {
		t.Errorf("web:ro: %q %q %v", ref, mode, err)
	}
}

func TestVolumeUsers(t *testing.T) {
	recs := []*container.Record{
		{ID: "a", Mounts: []container.Mount{{Type: "volume", Name: "v"}}},
		{ID: "b", Mounts: []container.Mount{{Type: "bind", Name: "v"}}},
		{ID: "c", Mounts: []container.Mount{{Type: "volume", Name: "w"}, {Type: "volume", Name: "v"}}},
	}
	if got := container.VolumeUsers(recs, "v", ""); !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Fatalf("users %v", got)
	}
	if got := container.VolumeUsers(recs, "v", "a"); !reflect.DeepEqual(got, []string{"c"}) {
		t.Fatalf("others %v", got)
	}
	if got := recs[2].VolumeNames(); !reflect.DeepEqual(got, []string{"w", "v"}) {
		t.Fatalf("names %v", got)
	}
}
