package runtime

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func TestChild(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		signal   unix.Signal // sent after start, 0: none
		wantCode int
		wantSig  syscall.Signal
		wantOut  string
	}{
		{name: "exit code", script: "exit 3", wantCode: 3},
		{name: "stdin is /dev/null", script: `read x; echo "[$x]"`, wantOut: "[]"},
		{name: "extra file is fd 3", script: "echo extra >&3", wantOut: "extra"},
		{name: "signal", script: "sleep 10", signal: unix.SIGTERM, wantSig: syscall.SIGTERM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tempFile(t)
			c := &child{path: "/bin/sh", args: []string{"sh", "-c", tt.script}, stdio: Stdio{Stdout: out},
				extra: []*os.File{out}}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			if tt.signal != 0 {
				if err := c.Signal(tt.signal); err != nil {
					t.Fatal(err)
				}
			}
			ws, err := c.Wait()
			if err != nil {
				t.Fatal(err)
			}
			if ws.ExitStatus() != tt.wantCode && tt.wantSig == 0 || tt.wantSig != 0 && ws.Signal() != tt.wantSig {
				t.Errorf("status %v, want code %d signal %v", ws, tt.wantCode, tt.wantSig)
			}
			if got := strings.TrimSpace(readBack(t, out)); got != tt.wantOut {
				t.Errorf("output %q, want %q", got, tt.wantOut)
			}
			if err := c.Kill(); !errors.Is(err, os.ErrProcessDone) {
				t.Errorf("kill after wait: %v, want os.ErrProcessDone", err)
			}
		})
	}
}

func TestChildErrors(t *testing.T) {
	c := &child{path: "/nonexistent/tent-init", args: []string{"x"}}
	if err := c.Start(); err == nil || !strings.Contains(err.Error(), "/nonexistent/tent-init") {
		t.Errorf("start of a missing binary: %v", err)
	}
	if err := c.Kill(); !errors.Is(err, errNotStarted) {
		t.Errorf("kill before start: %v", err)
	}
	if _, err := c.Wait(); !errors.Is(err, errNotStarted) {
		t.Errorf("wait before start: %v", err)
	}
}
