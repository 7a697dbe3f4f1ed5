package runtime

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

func TestTraceStepNames(t *testing.T) {
	overlay := &initcodec.Config{RootfsMounts: []rootfs.Mount{{Type: "overlay", Source: "overlay",
		Options: []string{"lowerdir=l/a:l/b:l/c", "upperdir=u", "workdir=w"}}}}
	for _, tc := range []struct {
		got, want string
	}{
		{rootfsStepName(overlay), "mount overlay rootfs (3 lowerdirs)"},
		{rootfsStepName(&initcodec.Config{RootfsMounts: []rootfs.Mount{{Type: "bind"}}}), "mount rootfs (1 mounts)"},
		{rootfsStepName(&initcodec.Config{}), "bind rootfs onto itself"},
		{mountStepName(mountStep{Kind: mountBind, Source: "/data", Dest: "/mnt"}), "bind mount on /mnt"},
		{mountStepName(mountStep{Type: "proc", Dest: "/proc"}), "mount proc on /proc"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
	if capCount(nil) != 0 || capCount(&specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}}) != 1 {
		t.Error("capCount")
	}
}
