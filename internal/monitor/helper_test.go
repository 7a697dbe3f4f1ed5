package monitor

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestWithoutEnv(t *testing.T) {
	env := []string{"A=1", "GOMAXPROCS=1", "B=2", "GOGC=20", "GOGCX=3"}
	got := withoutEnv(env, "GOMAXPROCS", "GOGC")
	if !reflect.DeepEqual(got, []string{"A=1", "B=2", "GOGCX=3"}) || len(env) != 5 || env[1] != "GOMAXPROCS=1" {
		t.Errorf("withoutEnv = %q (input now %q)", got, env)
	}
}

func TestReadCapped(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, 0}, {100, 100}, {4096, 4096}, {9000, 4096}} {
		got := readCapped(bytes.NewReader(make([]byte, tc.in)), 4096)
		if len(got) != tc.want {
			t.Errorf("readCapped of %d bytes kept %d, want %d", tc.in, len(got), tc.want)
		}
	}
}

func TestAwaitExit(t *testing.T) {
	cmd := exec.Command("sleep", "0.1")
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep(1): ", err)
	}
	start := time.Now()
	awaitExit(cmd.Process.Pid)
	var ws unix.WaitStatus
	if pid, err := unix.Wait4(cmd.Process.Pid, &ws, unix.WNOHANG, nil); pid != cmd.Process.Pid || err != nil {
		t.Fatalf("after awaitExit (%v) the child is not waitable: wait4 = %d, %v", time.Since(start), pid, err)
	}
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Errorf("wait status %v", ws)
	}
}

// A probe that outlives its timeout, and leaves a process holding its
// output pipe, ends at the deadline with what it printed.
func TestExecProbeTimeout(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "tent")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho probe-out\nsleep 2 &\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := &helperRun{t: &helperTarget{tent: fake, root: "r", state: "s", id: "c"}}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, out, _ := h.Exec(ctx, []string{"true"})
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("Exec returned after %v, want soon after its 300ms deadline", d)
	}
	if !bytes.Contains(out, []byte("probe-out")) {
		t.Errorf("output %q, want probe-out", out)
	}
}
