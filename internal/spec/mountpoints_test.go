package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMount(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    MountPoint
		wantErr string
	}{
		{in: "type=bind,source=/a/,target=/b,readonly", want: MountPoint{Type: MountBind, Source: "/a", Target: "/b", ReadOnly: true}},
		{in: "type=bind,src=/a,dst=/b,bind-propagation=rslave,ro=false", want: MountPoint{Type: MountBind, Source: "/a", Target: "/b", Propagation: "rslave"}},
		{in: "source=data,destination=/d,volume-nocopy", want: MountPoint{Type: MountVolume, Source: "data", Target: "/d", NoCopy: true}},
		{in: "type=volume,target=/d", want: MountPoint{Type: MountVolume, Target: "/d"}},
		{in: "type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1770", want: MountPoint{Type: MountTmpfs, Target: "/t", Data: []string{"size=67108864", "mode=1770"}}},
		{in: "type=bind,target=/b", wantErr: "source is required"},
		{in: "type=bind,source=rel,target=/b", wantErr: "not absolute"},
		{in: "type=nfs,target=/b", wantErr: "unknown mount type"},
		{in: "type=volume,source=v", wantErr: "target is required"},
		{in: "type=volume,target=/", wantErr: "cannot mount over /"},
		{in: "type=volume,target=/x,bind-propagation=shared", wantErr: "bind-propagation is for bind"},
		{in: "type=bind,source=/a,target=/x,bind-propagation=up", wantErr: "invalid bind propagation"},
		{in: "type=tmpfs,target=/t,tmpfs-mode=9", wantErr: "tmpfs-mode"},
		{in: "type=tmpfs,target=/t,tmpfs-size=lots", wantErr: "tmpfs-size"},
		{in: "type=tmpfs,source=x,target=/t", wantErr: "no source"},
		{in: "type=bind,source=/a,target=/t,volume-nocopy", wantErr: "volume-nocopy is for volumes"},
		{in: "type=volume,target=/t,tmpfs-size=1m", wantErr: "tmpfs options"},
		{in: "type=volume,target=/t,color=red", wantErr: "unexpected key"},
		{in: "type=volume,target=/t,readonly=maybe", wantErr: "readonly"},
	} {
		got, err := ParseMount(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseTmpfs(t *testing.T) {
	got, err := ParseTmpfs("/run/x/:rw,size=1m,ro,exec")
	want := MountPoint{Type: MountTmpfs, Target: "/run/x", ReadOnly: true, Data: []string{"rw", "size=1m", "exec"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v %v", got, err)
	}
	for _, bad := range []string{"", "rel", "/:size=1m"} {
		if _, err := ParseTmpfs(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestSortMountPoints(t *testing.T) {
	in := []MountPoint{{Target: "/a/b/c"}, {Target: "/z"}, {Target: "/a/b/"}, {Target: "/a"}}
	got, err := SortMountPoints(in)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range got {
		order = append(order, m.Target)
	}
	if strings.Join(order, " ") != "/z /a /a/b /a/b/c" {
		t.Fatalf("order %v", order)
	}
	if _, err := SortMountPoints([]MountPoint{{Target: "/a"}, {Target: "/a/"}}); err == nil || !strings.Contains(err.Error(), "duplicate mount point: /a") {
		t.Fatalf("duplicate: %v", err)
	}
}

func TestMountPointsInSpec(t *testing.T) {
	s := mustNew(t, busybox, WithMountPoints(
		MountPoint{Type: MountVolume, Source: "/var/lib/tent/volumes/v/_data", Target: "/data", ReadOnly: true},
		MountPoint{Type: MountBind, Source: "/h", Target: "/data/sub", Propagation: "rshared"},
		MountPoint{Type: MountTmpfs, Target: "/t", Data: []string{"size=1024"}},
	))
	for dst, want := range map[string]string{
		"/data":     "bind /var/lib/tent/volumes/v/_data rbind,rprivate,ro",
		"/data/sub": "bind /h rbind,rshared",
		"/t":        "tmpfs tmpfs nosuid,nodev,noexec,size=1024",
	} {
		m := findMount(s, dst)
		if m == nil || m.Type+" "+m.Source+" "+strings.Join(m.Options, ",") != want {
			t.Errorf("%s: %+v, want %s", dst, m, want)
		}
	}
	if _, err := New(busybox, WithMountPoints(MountPoint{Type: MountVolume, Source: "name", Target: "/x"})); err == nil {
		t.Error("an unresolved volume made a spec")
	}
}
