package vmbench

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// applets the payload runs; the rootfs holds busybox and links to it.
var applets = []string{"sh", "echo", "sleep"}

// makeRootfs writes dir/rootfs: the static busybox, its applet links and
// the dirs a runtime mounts onto.
func makeRootfs(dir, busybox string) (string, error) {
	root := filepath.Join(dir, "rootfs")
	for _, d := range []string{"bin", "proc", "sys", "dev", "tmp", "etc"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return "", fmt.Errorf("rootfs: %w", err)
		}
	}
	data, err := os.ReadFile(busybox)
	if err != nil {
		return "", fmt.Errorf("rootfs: %w", err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin", "busybox"), data, 0o755); err != nil {
		return "", fmt.Errorf("rootfs: %w", err)
	}
	for _, a := range applets {
		if err := os.Symlink("busybox", filepath.Join(root, "bin", a)); err != nil {
			return "", fmt.Errorf("rootfs: %w", err)
		}
	}
	return root, nil
}

// makeBundle writes dir/<runtime>/config.json from the runtime's own
// `spec` (its defaults: namespaces, mounts, capabilities, masks), running
// argv without a terminal on the shared read-only rootfs.
func makeBundle(dir, runtime, rootfs string, argv []string) (string, error) {
	b := filepath.Join(dir, filepath.Base(runtime))
	if err := os.MkdirAll(b, 0o755); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	cmd := exec.Command(runtime, "spec")
	cmd.Dir = b
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("bundle: %s spec: %w: %s", runtime, err, out)
	}
	p := filepath.Join(b, "config.json")
	raw, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	var s specs.Spec
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("bundle: %s spec: %w", runtime, err)
	}
	if s.Process == nil {
		return "", fmt.Errorf("bundle: %s spec has no process", runtime)
	}
	s.Process.Terminal, s.Process.Args = false, argv
	s.Root = &specs.Root{Path: rootfs, Readonly: true}
	if raw, err = json.MarshalIndent(&s, "", "  "); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	return b, os.WriteFile(p, raw, 0o644)
}
