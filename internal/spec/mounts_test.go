package spec

import (
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func findMount(s *specs.Spec, dst string) *specs.Mount {
	for i := range s.Mounts {
		if s.Mounts[i].Destination == dst {
			return &s.Mounts[i]
		}
	}
	return nil
}

func TestMounts(t *testing.T) {
	s := mustNew(t, busybox, runOpts(WithVolumes("/data:/data:ro", "/tmp/x:/work"))...)
	for dst, want := range map[string]string{
		"/proc": "proc", "/dev": "tmpfs", "/dev/pts": "devpts", "/dev/shm": "tmpfs", "/dev/mqueue": "mqueue",
		"/sys": "sysfs", "/sys/fs/cgroup": "cgroup", "/etc/hostname": "bind", "/etc/hosts": "bind",
		"/etc/resolv.conf": "bind", "/data": "bind", "/work": "bind",
	} {
		m := findMount(s, dst)
		if m == nil || m.Type != want {
			t.Errorf("mount %s = %+v, want type %s", dst, m, want)
		}
	}
	if m := findMount(s, "/sys"); !strings.Contains(strings.Join(m.Options, ","), "ro") {
		t.Errorf("/sys must be read-only: %v", m.Options)
	}
	if m := findMount(s, "/dev/shm"); !strings.Contains(strings.Join(m.Options, ","), "size=67108864") {
		t.Errorf("/dev/shm must be 64m: %v", m.Options)
	}
	if m := findMount(s, "/data"); m.Source != "/data" || m.Options[len(m.Options)-1] != "ro" {
		t.Errorf("/data: %+v", m)
	}
	if m := findMount(s, "/work"); m.Source != "/tmp/x" || strings.Contains(strings.Join(m.Options, ","), "ro") {
		t.Errorf("/work: %+v", m)
	}
	if m := findMount(s, "/etc/hostname"); m.Source != "/c/hostname" {
		t.Errorf("/etc/hostname: %+v", m)
	}
	if d := mustNew(t, busybox); findMount(d, "/etc/hosts") != nil || len(d.Mounts) != 7 {
		t.Errorf("without etc files: %d mounts, want Docker's 7", len(d.Mounts))
	}
}

func TestInitMount(t *testing.T) {
	s := mustNew(t, busybox, WithInit("/usr/local/bin/tent", "__tent_reaper"))
	m := findMount(s, InitTarget)
	if m == nil || m.Source != "/usr/local/bin/tent" || !strings.Contains(strings.Join(m.Options, ","), "ro") {
		t.Fatalf("init mount %+v", m)
	}
}

func TestVolumeInvalid(t *testing.T) {
	if _, err := New(busybox, WithVolumes("/a:b")); err == nil || !strings.Contains(err.Error(), "invalid volume") {
		t.Fatalf("err = %v, want invalid volume", err)
	}
}

func TestParseVolume(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Volume
		wantErr string
	}{
		{in: "/a:/b", want: Volume{Host: "/a", Container: "/b"}},
		{in: "/a/../c/:/b/:ro", want: Volume{Host: "/c", Container: "/b", ReadOnly: true}},
		{in: "/a:/b:rw", want: Volume{Host: "/a", Container: "/b"}},
		{in: "/a", want: Volume{Container: "/a"}},
		{in: "data:/b:ro,nocopy", want: Volume{Name: "data", Container: "/b", ReadOnly: true, NoCopy: true}},
		{in: "/a:/b:rshared,z", want: Volume{Host: "/a", Container: "/b", Propagation: "rshared"}},
		{in: "/a:/b:nocopy", wantErr: "unknown mode"},
		{in: "data:/b:rshared", wantErr: "unknown mode"},
		{in: ":/b", wantErr: "empty source"},
		{in: "/a:b", wantErr: "container path \"b\" is not absolute"},
		{in: "rel:/b", want: Volume{Name: "rel", Container: "/b"}},
		{in: "/a:/b:xx", wantErr: "unknown mode"},
		{in: "/a:/", wantErr: "cannot mount over /"},
		{in: "/a:/b:ro:x", wantErr: "want [SOURCE:]/container"},
	} {
		got, err := ParseVolume(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}
