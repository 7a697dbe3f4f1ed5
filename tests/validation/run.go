package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// progTimeout bounds one validation program (some wait for timeouts).
const progTimeout = 2 * time.Minute

// runProgram runs one validation program with wrapper as RUNTIME. Its temp
// bundles go below tmp.
func runProgram(s *suite, test, wrapper, tmp string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), progTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(s.dir, test))
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "RUNTIME="+wrapper, "TMPDIR="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	exit := 0
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		exit = -1
	case errors.As(err, &ee):
		exit = ee.ExitCode()
	case err != nil:
		exit = -1
	}
	o := parseTAP(stdout.String(), exit)
	o.Seconds = took.Round(10 * time.Millisecond).Seconds()
	if ctx.Err() != nil {
		o.Note = "timed out after " + progTimeout.String()
	} else if !o.Pass && o.Note == "" && len(o.Failures) == 0 {
		o.Note = firstLine(stderr.String())
	}
	return o
}

func firstLine(s string) string {
	for _, l := range bytes.Split([]byte(s), []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			if len(l) > 160 {
				l = l[:160]
			}
			return string(l)
		}
	}
	return ""
}
