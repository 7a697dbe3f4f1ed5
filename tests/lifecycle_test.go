package tests

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// termLoop is a PID 1 that exits 0 on SIGTERM (a shell as PID 1 ignores it).
const termLoop = `trap "exit 0" TERM; while :; do sleep 0.05; done`

// pause, then what Docker does with a paused container: ps says Paused,
// exec is refused, stop still works; pause of a stopped one is an error.
func TestPauseUnpause(t *testing.T) {
	name := uniq("pz")
	id := runD(t, "--name", name, busyboxImage(t), "sh", "-c", termLoop)
	mustSucceed(t, tent(t, "pause", name))
	if l := psLine(t, name); !strings.Contains(l, "(Paused)") {
		t.Fatalf("ps after pause: %q, want (Paused)", l)
	}
	if s := inspectF(t, id, "{{.State.Status}} {{.State.Paused}} {{.State.Running}}"); s != "paused true true" {
		t.Errorf("inspect State: %q", s)
	}
	r := tent(t, "exec", name, "true")
	if r.Code == 0 || !strings.Contains(r.Stderr, "is paused, unpause the container before exec") {
		t.Errorf("exec into a paused container:\n%s", r)
	}
	if r := tent(t, "pause", name); r.Code == 0 || !strings.Contains(r.Stderr, "already paused") {
		t.Errorf("second pause:\n%s", r)
	}
	mustSucceed(t, tent(t, "unpause", name))
	if l := psLine(t, name); strings.Contains(l, "Paused") || !strings.Contains(l, "|Up ") {
		t.Errorf("ps after unpause: %q", l)
	}
	mustSucceed(t, tent(t, "exec", name, "true"))
	mustSucceed(t, tent(t, "pause", name))
	start := time.Now()
	mustSucceed(t, tent(t, "stop", "-t", "5", name)) // SIGTERM, thawed: sh dies at once
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("stop of a paused container took %v: not thawed?", d)
	}
	if s := inspectF(t, id, "{{.State.Status}} {{.State.Paused}}"); s != "exited false" {
		t.Errorf("after stop: %q", s)
	}
	r = tent(t, "pause", name)
	if r.Code == 0 || !strings.Contains(r.Stderr, "is not running") {
		t.Errorf("pause of a stopped container:\n%s", r)
	}
	if r := tent(t, "unpause", "no-such-ctr"); r.Code == 0 || !strings.Contains(r.Stderr, "no such container") {
		t.Errorf("unpause of a missing container:\n%s", r)
	}
}

func TestPauseKill(t *testing.T) {
	name := uniq("pk")
	id := runD(t, "--name", name, busyboxImage(t), "sleep", "1000")
	mustSucceed(t, tent(t, "pause", name))
	mustSucceed(t, tent(t, "kill", name))
	waitFor(t, 5*time.Second, "the paused container to die", func() bool {
		return inspectF(t, id, "{{.State.Status}}") == "exited"
	})
}

func TestRename(t *testing.T) {
	a, b, c := uniq("ra"), uniq("rb"), uniq("rc")
	id := runD(t, "--name", a, busyboxImage(t), "sleep", "1000")
	runD(t, "--name", b, busyboxImage(t), "sleep", "1000")
	mustSucceed(t, tent(t, "rename", a, c))
	if n := inspectF(t, id, "{{.Name}}"); n != "/"+c {
		t.Errorf("name after rename: %q", n)
	}
	if r := tent(t, "inspect", a); r.Code == 0 {
		t.Errorf("old name still resolves:\n%s", r)
	}
	if r := tent(t, "rename", c, b); r.Code == 0 || !strings.Contains(r.Stderr, "already in use") {
		t.Errorf("rename onto a taken name:\n%s", r)
	}
	if r := tent(t, "rename", "no-such-ctr", uniq("x")); r.Code == 0 || !strings.Contains(r.Stderr, "no such container") {
		t.Errorf("rename of a missing container:\n%s", r)
	}
	if r := tent(t, "rename", c, "bad/name"); r.Code == 0 || !strings.Contains(r.Stderr, "invalid container name") {
		t.Errorf("rename to an invalid name:\n%s", r)
	}
	mustSucceed(t, tent(t, "rename", c, a)) // the old name is free again
}

// update -m of a running container, seen from inside it, and kept after a
// restart.
func TestUpdateMemory(t *testing.T) {
	name := uniq("up")
	runD(t, "--name", name, "-m", "64m", busyboxImage(t), "sleep", "1000")
	limit := func() string {
		r := tent(t, "exec", name, "sh", "-c",
			"cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")
		mustSucceed(t, r)
		return strings.TrimSpace(r.Stdout)
	}
	if l := limit(); l != "67108864" {
		t.Fatalf("limit before update: %q", l)
	}
	mustSucceed(t, tent(t, "update", "-m", "96m", "--pids-limit", "40", "--restart", "on-failure:3", name))
	if l := limit(); l != "100663296" {
		t.Fatalf("limit after update: %q, want 96 MiB", l)
	}
	mustSucceed(t, tent(t, "restart", "-t", "1", name))
	if l := limit(); l != "100663296" {
		t.Errorf("limit after restart: %q, want 96 MiB", l)
	}
	if r := tent(t, "update", "-m", "1k", name); r.Code == 0 || !strings.Contains(r.Stderr, "minimum memory") {
		t.Errorf("update to 1k:\n%s", r)
	}
	if r := tent(t, "update", name); r.Code == 0 {
		t.Errorf("update without flags:\n%s", r)
	}
}

type eventJSON struct {
	Status, ID, From, Type, Action string
	Actor                          struct {
		ID         string
		Attributes map[string]string
	}
	Scope    string
	TimeNano int64
}

// events of one container's life, in order, with Docker's shape and
// filters; without --until events follows.
func TestEvents(t *testing.T) {
	name := uniq("ev")
	since := time.Now().Add(-time.Second).Format(time.RFC3339Nano)
	follow := tentCmd(t, "events", "--since", since, "--filter", "container="+name, "--format", "{{.Action}}")
	out := &syncBuffer{}
	follow.Stdout = out
	if err := follow.Start(); err != nil {
		t.Fatal(err)
	}
	id := runD(t, "--name", name, busyboxImage(t), "sh", "-c", termLoop)
	mustSucceed(t, tent(t, "pause", name))
	mustSucceed(t, tent(t, "unpause", name))
	mustSucceed(t, tent(t, "stop", "-t", "5", name))
	mustSucceed(t, tent(t, "rm", name))
	r := tent(t, "events", "--since", since, "--until", "now", "--filter", "container="+name, "--format", "{{json .}}")
	mustSucceed(t, r)
	var actions []string
	for _, l := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		var ev eventJSON
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if ev.Type != "container" || ev.ID != id || ev.Actor.ID != id || ev.Scope != "local" || ev.TimeNano == 0 ||
			ev.Actor.Attributes["name"] != name || ev.Status != ev.Action {
			t.Errorf("event shape: %s", l)
		}
		if ev.Action == "die" && ev.Actor.Attributes["exitCode"] != "0" {
			t.Errorf("die: %s", l)
		}
		actions = append(actions, ev.Action)
	}
	want := "create start pause unpause kill die stop destroy"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("events: %q, want %q", got, want)
	}
	r = tent(t, "events", "--since", since, "--until", "now", "--filter", "container="+name, "--filter", "event=die", "--filter", "event=stop")
	mustSucceed(t, r)
	if lines := strings.Split(strings.TrimSpace(r.Stdout), "\n"); len(lines) != 2 ||
		!strings.Contains(lines[0], " container die "+id) || !strings.Contains(lines[0], "exitCode=0") {
		t.Errorf("filtered events:\n%s", r.Stdout)
	}
	waitFor(t, 3*time.Second, "events to follow up to destroy", func() bool {
		return strings.HasSuffix(out.String(), "destroy\n")
	})
	_ = follow.Process.Kill()
	_ = follow.Wait()
	tag := "tent-test/ev-" + strings.ToLower(name) + ":x"
	mustSucceed(t, tent(t, "tag", busyboxImage(t), tag))
	mustSucceed(t, tent(t, "rmi", tag))
	r = tent(t, "events", "--since", since, "--until", "now", "--filter", "type=image", "--filter", "image="+tag, "--format", "{{.Action}} {{.Actor.Attributes.name}}")
	mustSucceed(t, r)
	if got := strings.TrimSpace(r.Stdout); !strings.Contains(got, "tag "+tag) || !strings.Contains(got, "untag ") {
		t.Errorf("image events: %q", got)
	}
	if r := tent(t, "events", "--until", "now", "--filter", "bogus=1"); r.Code == 0 {
		t.Errorf("bad filter accepted:\n%s", r)
	}
}

// syncBuffer is a strings.Builder a command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
