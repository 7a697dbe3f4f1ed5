package runtime

import (
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestLogsNothingByDefault(t *testing.T) {
	r, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if r.opts.log.On() || r.opts.cgroupOpts() != nil {
		t.Fatal("a runtime made without WithLogger logs")
	}
}

func TestLogsRun(t *testing.T) {
	testutil.RequireRoot(t)
	l, h := testutil.DebugLogger()
	r, err := New(t.TempDir(), WithCgroupParent("/tenttest"), WithLogger(l))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.RemoveInitBinary() })
	c, err := r.Create("logs", CreateOpts{Bundle: busyboxBundle(t), Spec: testSpec("sh", "-c", "exec sleep 10")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	p, err := c.Exec(testSpec("true").Process, Stdio{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Wait()
	if err := c.Delete(true); err != nil {
		t.Fatal(err)
	}
	out := testutil.Messages(h)
	for _, want := range []string{
		`create logs: spec args "sh -c exec sleep 10" user 0:0 cwd / tty false caps 14`,
		"create logs: mount proc → /proc type proc (nosuid,noexec,nodev)",
		"create logs: mount cgroup → /sys/fs/cgroup type cgroup",
		"init: cloned with flags ",
		"create logs: init pid ",
		"/tenttest/logs/",
		" ← ",
		`start logs: pid `,
		` execs "sh -c exec sleep 10" as 0:0 in /`,
		`exec in logs: pid `,
		` execs "true" as 0:0 in /`,
		"delete logs: init pid ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no line with %q in\n%s", want, out)
		}
	}
}
