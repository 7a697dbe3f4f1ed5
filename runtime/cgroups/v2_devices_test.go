package cgroups

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// fakeFilter records what v2 Create hands a DeviceFilter.
type fakeFilter struct {
	dir   string // the directory its fd names
	rules []specs.LinuxDeviceCgroup
	err   error
}

func (f *fakeFilter) Attach(fd int, rules []specs.LinuxDeviceCgroup) error {
	var st, want unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if err := unix.Stat(f.dir, &want); err != nil || st.Ino != want.Ino || st.Dev != want.Dev {
		return errors.New("fd is not the cgroup dir")
	}
	f.rules = rules
	return f.err
}

func TestV2CreateDevices(t *testing.T) {
	deny := []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"}, {Allow: true, Type: "c", Major: i64p(1), Minor: i64p(3), Access: "rwm"}}
	for _, tc := range []struct {
		name    string
		r       *specs.LinuxResources
		filter  bool
		fails   error
		wantErr string
		attach  bool
	}{
		{"rules and a filter: attached", &specs.LinuxResources{Devices: deny}, true, nil, "", true},
		{"no rules: no program", &specs.LinuxResources{}, true, nil, "", false},
		{"nil resources: no program", nil, true, nil, "", false},
		{"no filter, no rules: fine", &specs.LinuxResources{}, false, nil, "", false},
		{"rules without a filter: refused", &specs.LinuxResources{Devices: deny}, false, nil,
			"create cgroup /tent/c1: " + errNoDeviceFilter.Error(), false},
		{"attach fails: refused", &specs.LinuxResources{Devices: deny}, true, unix.EPERM,
			"create cgroup /tent/c1: device rules (2): operation not permitted", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV2(t, "/tent/c1")
			f := &fakeFilter{dir: filepath.Join(root, "tent/c1"), err: tc.fails}
			opts := []Option{WithRoot(root), WithMode(V2)}
			if tc.filter {
				opts = append(opts, WithDeviceFilter(f))
			}
			m, err := New("/tent/c1", opts...)
			if err != nil {
				t.Fatal(err)
			}
			m.(*v2).rmdir = removeAll
			err = m.Create(tc.r)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr) {
				t.Fatalf("Create: %v, want %q", err, tc.wantErr)
			}
			if got := f.rules != nil; got != tc.attach {
				t.Errorf("attached %v, want %v", got, tc.attach)
			}
			if tc.attach && len(f.rules) != len(deny) {
				t.Errorf("rules %+v", f.rules)
			}
			if _, serr := os.Stat(f.dir); (serr == nil) != (err == nil) {
				t.Errorf("after Create (%v) the cgroup dir: %v", err, serr)
			}
		})
	}
}
