package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// runtimeArg is one -runtime flag: a name for the report and the binary.
type runtimeArg struct {
	Name, Path string
}

// parseRuntime reads "name=path" or "name" (looked up in PATH).
func parseRuntime(s string) (runtimeArg, error) {
	name, path, ok := strings.Cut(s, "=")
	if !ok {
		path = name
		name = filepath.Base(name)
	}
	if name == "" || path == "" {
		return runtimeArg{}, fmt.Errorf("-runtime %q: want NAME=PATH or NAME", s)
	}
	p, err := exec.LookPath(path)
	if err != nil {
		return runtimeArg{}, fmt.Errorf("-runtime %s: %w", s, err)
	}
	if p, err = filepath.Abs(p); err != nil {
		return runtimeArg{}, err
	}
	return runtimeArg{Name: name, Path: p}, nil
}

// wrapperScript is the RUNTIME the suite calls: the runtime with its own
// --root. For crun it also rewrites the bundle's ociVersion to 1.1.0 (crun
// 1.8 refuses newer) and, on a hybrid host, runs crun in a private mount
// namespace without /sys/fs/cgroup/unified (crun 1.8 refuses hybrid mode).
func wrapperScript(rt runtimeArg, root string, hybrid bool) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	exe := fmt.Sprintf("%q --root %q", rt.Path, root)
	if filepath.Base(rt.Path) == "crun" {
		b.WriteString(`prev=
for a in "$@"; do
	if [ "$prev" = --bundle ] || [ "$prev" = -b ]; then
		sed -i 's/"ociVersion": *"[^"]*"/"ociVersion":"1.1.0"/' "$a/config.json"
	fi
	prev=$a
done
`)
		if hybrid {
			fmt.Fprintf(&b, "exec unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec \"$0\" \"$@\"' %s \"$@\"\n", exe)
			return b.String()
		}
	}
	fmt.Fprintf(&b, "exec %s \"$@\"\n", exe)
	return b.String()
}

// writeWrapper writes rt's wrapper into dir and makes its root dir.
func writeWrapper(dir string, rt runtimeArg, hybrid bool) (string, error) {
	root := filepath.Join(dir, "root-"+rt.Name)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", err
	}
	p := filepath.Join(dir, "runtime-"+rt.Name)
	if err := os.WriteFile(p, []byte(wrapperScript(rt, root, hybrid)), 0o755); err != nil {
		return "", fmt.Errorf("write the %s wrapper: %w", rt.Name, err)
	}
	return p, nil
}

// hybridCgroups reports a cgroup v1 host with a cgroup2 mount at
// /sys/fs/cgroup/unified.
func hybridCgroups() bool {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		for i, x := range f {
			if x == "-" && i+1 < len(f) && len(f) > 4 && f[4] == "/sys/fs/cgroup/unified" && f[i+1] == "cgroup2" {
				return true
			}
		}
	}
	return false
}

// removeLeftovers force-deletes the containers a runtime still lists under
// its root: what a program that died or timed out midway left (a created
// container's init waits for start forever).
func removeLeftovers(name, wrapper string) {
	out, err := exec.Command(wrapper, "list", "-q").Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "validation: %s list: %v\n", name, err)
		return
	}
	for _, id := range strings.Fields(string(out)) {
		msg := "removed"
		if out, err := exec.Command(wrapper, "delete", "-f", id).CombinedOutput(); err != nil {
			msg = fmt.Sprintf("could not delete (%v: %s)", err, bytes.TrimSpace(out))
		}
		fmt.Fprintf(os.Stderr, "validation: %s: %s leftover container %s\n", name, msg, id)
	}
}
