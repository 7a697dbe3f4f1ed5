package cgroups

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestV1Cpuset: empty cpus and mems are filled from the nearest level
// above that has them; filled ones are left alone.
func TestV1Cpuset(t *testing.T) {
	for _, tc := range []struct {
		name string
		pre  map[string]string // path under root/cpuset -> content before Create
		want map[string]string
	}{
		{"root's values down two levels", nil,
			map[string]string{"tent/cpuset.cpus": "0-1", "tent/cpuset.mems": "0", "tent/c1/cpuset.cpus": "0-1", "tent/c1/cpuset.mems": "0"}},
		{"/tent's own values win over root's", map[string]string{"tent/cpuset.cpus": "1", "tent/cpuset.mems": "0"},
			map[string]string{"tent/cpuset.cpus": "1", "tent/c1/cpuset.cpus": "1", "tent/c1/cpuset.mems": "0"}},
		{"a filled leaf is kept", map[string]string{"tent/c1/cpuset.cpus": "0", "tent/c1/cpuset.mems": "0"},
			map[string]string{"tent/cpuset.cpus": "0-1", "tent/c1/cpuset.cpus": "0"}},
		{"only the empty file is filled", map[string]string{"tent/cpuset.cpus": "1"},
			map[string]string{"tent/cpuset.mems": "0", "tent/c1/cpuset.cpus": "1", "tent/c1/cpuset.mems": "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV1(t, "/tent/c1", "cpuset")
			for f, v := range tc.pre {
				put(t, filepath.Join(root, "cpuset", filepath.Dir(f)), filepath.Base(f), v)
			}
			m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
			if err := m.Create(nil); err != nil {
				t.Fatal(err)
			}
			for f, v := range tc.want {
				if got := get(t, filepath.Join(root, "cpuset"), f); got != v {
					t.Errorf("%s = %q, want %q", f, got, v)
				}
			}
		})
	}
}

// TestV1ProbeByCreate: the first Create finds the mounted controllers while
// it makes the dirs (making /tent when missing, nothing outside a mounted
// hierarchy); later managers of the root reuse the list.
func TestV1ProbeByCreate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ctrls  []string
		noTent bool // the hierarchies have no /tent yet
	}{
		{"all", allV1, false},
		{"some", []string{"memory", "pids", "freezer"}, false},
		{"some, first container", []string{"cpu", "devices"}, true},
		{"none", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV1(t, "/tent/c1", tc.ctrls...)
			if tc.noTent {
				for _, c := range tc.ctrls {
					if err := os.RemoveAll(filepath.Join(root, c, "tent")); err != nil {
						t.Fatal(err)
					}
				}
			}
			m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
			if err := m.Create(nil); err != nil {
				t.Fatal(err)
			}
			if got := m.(*v1).controllers(); !reflect.DeepEqual(got, tc.ctrls) {
				t.Errorf("controllers = %v, want %v", got, tc.ctrls)
			}
			for _, c := range allV1 {
				if _, err := os.Stat(filepath.Join(root, c)); err == nil != contains(tc.ctrls, c) {
					t.Errorf("%s: made outside a mounted hierarchy, or lost", c)
				}
			}
			if m2, _ := New("/tent/c2", WithRoot(root), WithMode(V1)); !reflect.DeepEqual(m2.(*v1).ctrls, tc.ctrls) {
				t.Errorf("second manager: ctrls %v before any probe, want %v", m2.(*v1).ctrls, tc.ctrls)
			}
		})
	}
}

// TestV1NotMountedAnyMore: a hierarchy gone since the probe is an error
// naming it, not a dir made in the tmpfs.
func TestV1NotMountedAnyMore(t *testing.T) {
	root := fakeV1(t, "/tent/c1", "memory", "pids")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
	if err := m.Create(&specs.LinuxResources{}); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(root, "pids")); err != nil {
		t.Fatal(err)
	}
	m2, _ := New("/tent/c2", WithRoot(root), WithMode(V1))
	m2.(*v1).rmdir = func(string) error { return nil }
	err := m2.Create(nil)
	if err == nil || !strings.Contains(err.Error(), "controller pids: not mounted") {
		t.Errorf("Create: %v, want pids not mounted", err)
	}
	if exists(filepath.Join(root, "pids")) {
		t.Error("Create made root/pids")
	}
}
