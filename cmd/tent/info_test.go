package main

import (
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/engine"
)

func TestFormatInfo(t *testing.T) {
	out := formatInfo(engine.Info{Containers: 3, ContainersRunning: 1, ContainersStopped: 2, CgroupVersion: "2",
		SecurityOptions: []string{"name=seccomp,profile=builtin", "name=rootless"}, MemTotal: 2 << 30})
	for _, want := range []string{
		" Containers: 3\n  Running: 1\n  Stopped: 2\n",
		" Cgroup Version: 2\n",
		" Security Options:\n  seccomp\n   Profile: builtin\n  rootless\n",
		" Total Memory: 2GiB\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}
