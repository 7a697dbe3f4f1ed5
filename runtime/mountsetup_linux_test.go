package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestMountsAndRootOptions(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	host := t.TempDir()
	if err := os.WriteFile(filepath.Join(host, "file"), []byte("hostfile"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An image whose /escape is an absolute symlink to the host's /tmp dir:
	// a bind on /escape/x must land in the rootfs, never on the host.
	escapeTo := t.TempDir()
	if err := os.Symlink(escapeTo, filepath.Join(bundle, "rootfs", "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(bundle, "rootfs", escapeTo), 0o755); err != nil {
		t.Fatal(err)
	}
	// A dangling one: making a target through it must fail, not escape.
	if err := os.Symlink(escapeTo+"/nothere", filepath.Join(bundle, "rootfs", "dangling")); err != nil {
		t.Fatal(err)
	}
	bind := func(dst, src string, opts ...string) specs.Mount {
		return specs.Mount{Destination: dst, Type: "bind", Source: src, Options: append([]string{"rbind"}, opts...)}
	}
	tests := []struct {
		name   string
		mounts []specs.Mount
		args   []string
		mod    func(*specs.Spec)
		want   string
	}{
		{name: "ro dir bind", mounts: []specs.Mount{bind("/data", host, "ro")},
			args: []string{"sh", "-c", "cat /data/file; touch /data/new 2>/dev/null || echo ro"}, want: "hostfilero"},
		{name: "rw file bind at a new path", mounts: []specs.Mount{bind("/etc/deep/hosts", filepath.Join(host, "file"))},
			args: []string{"cat", "/etc/deep/hosts"}, want: "hostfile"},
		{name: "symlinked target stays in the rootfs", mounts: []specs.Mount{bind("/escape/x", host)},
			args: []string{"cat", "/escape/x/file"}, want: "hostfile"},
		{name: "read-only root", mod: func(s *specs.Spec) { s.Root.Readonly = true },
			args: []string{"sh", "-c", "touch /x 2>/dev/null || echo ro; echo w > /dev/shm/x && echo shm-rw"}, want: "ro\nshm-rw"},
		{name: "sysctl in the netns", mod: func(s *specs.Spec) { s.Linux.Sysctl = map[string]string{"net.ipv4.ip_forward": "1"} },
			args: []string{"cat", "/proc/sys/net/ipv4/ip_forward"}, want: "1"},
		{name: "rlimit", mod: func(s *specs.Spec) {
			s.Process.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 123, Hard: 456}}
		}, args: []string{"grep", "open files", "/proc/self/limits"}, want: "123"},
		{name: "user", mod: func(s *specs.Spec) { s.Process.User = specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{5}} },
			args: []string{"id"}, want: "uid=1000 gid=1000 groups=5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := testSpec(tt.args...)
			spec.Mounts = append(spec.Mounts, tt.mounts...)
			if tt.mod != nil {
				tt.mod(spec)
			}
			res := runContainer(t, r, bundle, spec)
			if res.err != nil || res.status.Code != 0 || !strings.Contains(res.stdout, tt.want) {
				t.Errorf("got %q, %+v, %v (stderr %q); want %q", res.stdout, res.status, res.err, res.stderr, tt.want)
			}
		})
	}
	spec := testSpec("true")
	spec.Mounts = append(spec.Mounts, bind("/dangling/x", host))
	if res := runContainer(t, r, bundle, spec); res.err == nil {
		t.Errorf("a bind through a dangling symlink succeeded")
	}
	if ents, _ := os.ReadDir(escapeTo); len(ents) != 0 {
		t.Errorf("a mount target was made on the host through the symlink: %v", ents)
	}
}
