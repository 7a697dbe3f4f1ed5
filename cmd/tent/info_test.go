package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/engine"
)

func TestFormatInfo(t *testing.T) {
	in := engine.Info{Containers: 4, ContainersRunning: 1, ContainersPaused: 1, ContainersStopped: 2, CgroupVersion: "2",
		Driver: "overlay", DriverStatus: [][2]string{{"Backing Filesystem", "extfs"}}, Networks: []string{"bridge", "host", "none"},
		Runtimes:        map[string]engine.RuntimeInfo{"tent": {Path: "/bin/tent"}, "tent-runc": {Path: "/bin/tent-runc"}},
		DefaultRuntime:  "tent",
		SecurityOptions: []string{"name=seccomp,profile=builtin", "name=no-new-privileges", "name=rootless"}, MemTotal: 2 << 30,
		DockerRootDir: "/var/lib/tent"}
	out := formatInfo(in)
	for _, want := range []string{
		" Containers: 4\n  Running: 1\n  Paused: 1\n  Stopped: 2\n",
		" Storage Driver: overlay\n  Backing Filesystem: extfs\n",
		" Cgroup Version: 2\n",
		"  Network: bridge host none\n",
		" Runtimes: tent tent-runc\n Default Runtime: tent\n",
		" Security Options:\n  seccomp\n   Profile: builtin\n  no-new-privileges\n  rootless\n",
		" Total Memory: 2GiB\n",
		" Tent Root Dir: /var/lib/tent\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	for _, tc := range []struct{ format, want string }{
		{"{{.Driver}} {{.CgroupVersion}} {{.ContainersPaused}}", "overlay 2 1\n"},
		{"{{range .Runtimes}}{{.Path}} {{end}}", "/bin/tent /bin/tent-runc \n"},
	} {
		var b bytes.Buffer
		if err := writeInfo(&b, in, tc.format); err != nil || b.String() != tc.want {
			t.Errorf("%q: got %q (%v), want %q", tc.format, b.String(), err, tc.want)
		}
	}
	for _, f := range []string{"json", "{{json .}}"} {
		var b bytes.Buffer
		var got engine.Info
		if err := writeInfo(&b, in, f); err != nil || json.Unmarshal(b.Bytes(), &got) != nil || got.Containers != 4 ||
			got.DockerRootDir != "/var/lib/tent" || got.Runtimes["tent-runc"].Path != "/bin/tent-runc" {
			t.Errorf("%s: %s (%v)", f, b.String(), err)
		}
	}
}
