package engine

import (
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestExecProcess(t *testing.T) {
	base := &specs.Process{Args: []string{"sleep", "1"}, Env: []string{"PATH=/bin", "A=1"}, Cwd: "/",
		Capabilities: &specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}}}
	lookup := func(k string) (string, bool) { return map[string]string{"FROM_HOST": "h"}[k], k == "FROM_HOST" }
	p, err := execProcess(base, ExecOptions{Cmd: []string{"env"}, Env: []string{"A=2", "B=3", "FROM_HOST", "UNSET"}, Workdir: "/tmp", TTY: true}, 0, lookup)
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := "PATH=/bin A=2 B=3 FROM_HOST=h TERM=xterm"
	if strings.Join(p.Env, " ") != wantEnv || p.Cwd != "/tmp" || !p.Terminal || p.Args[0] != "env" || p.Capabilities != base.Capabilities {
		t.Fatalf("exec process: %+v", p)
	}
	if base.Args[0] != "sleep" || len(base.Env) != 2 {
		t.Fatalf("base changed: %+v", base)
	}
	if _, err := execProcess(base, ExecOptions{}, 0, lookup); err == nil {
		t.Fatal("no command accepted")
	}
}
