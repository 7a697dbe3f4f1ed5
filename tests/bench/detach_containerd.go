package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// containerdProc is a private containerd daemon for the bench.
type containerdProc struct {
	cmd *exec.Cmd
	dir string
}

// startContainerd runs containerd with everything under dir and no CRI
// plugin, and waits for its socket. start starts the command: cmd.Start, or
// one that starts it in another mount namespace (env.inV1).
func startContainerd(bin, dir string, start func(*exec.Cmd) error) (*containerdProc, error) {
	conf := filepath.Join(dir, "config.toml")
	cfg := fmt.Sprintf("version = 2\nroot = %q\nstate = %q\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n[grpc]\n  address = %q\n",
		filepath.Join(dir, "root"), filepath.Join(dir, "state"), filepath.Join(dir, "containerd.sock"))
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "containerd.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--config", conf)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := start(cmd); err != nil {
		return nil, fmt.Errorf("start containerd: %w", err)
	}
	d := &containerdProc{cmd: cmd, dir: dir}
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(filepath.Join(dir, "containerd.sock")); err == nil {
			return d, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	d.stop()
	return nil, fmt.Errorf("containerd did not start (see %s)", logf.Name())
}

func (d *containerdProc) stop() {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
	}
	_ = exec.Command("umount", "-R", filepath.Join(d.dir, "state")).Run()
}
