package vm

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Kernel is the kernel a VM boots, and where it came from.
type Kernel struct {
	Path string
	Name string // e.g. "vmlinuz-6.1.0-57-amd64 (/boot)"
}

// HostKernel is the newest vmlinuz-* in bootDir (/boot) that this process
// can read, preferring the running release's.
func HostKernel(bootDir, release string) (Kernel, bool) {
	names, _ := filepath.Glob(filepath.Join(bootDir, "vmlinuz-*"))
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	if p := filepath.Join(bootDir, "vmlinuz-"+release); release != "" {
		names = append([]string{p}, names...)
	}
	for _, p := range names {
		if readable(p) {
			return Kernel{Path: p, Name: filepath.Base(p) + " (" + bootDir + ")"}, true
		}
	}
	return Kernel{}, false
}

// CachedKernel is the newest <cache>/linux-image-*/vmlinuz (FetchKernel's
// and tests/vm/kernel.sh's layout).
func CachedKernel(cache string) (Kernel, bool) {
	names, _ := filepath.Glob(filepath.Join(cache, "linux-image-*", "vmlinuz"))
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, p := range names {
		if readable(p) {
			return Kernel{Path: p, Name: filepath.Base(filepath.Dir(p)) + " (Debian, " + cache + ")"}, true
		}
	}
	return Kernel{}, false
}

// UserKernel is --kernel PATH, checked to be readable.
func UserKernel(p string) (Kernel, error) {
	f, err := os.Open(p)
	if err != nil {
		return Kernel{}, fmt.Errorf("--kernel: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return Kernel{}, fmt.Errorf("--kernel %s: not a regular file", p)
	}
	return Kernel{Path: p, Name: p + " (--kernel)"}, nil
}

func readable(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// ImagePackage is the versioned linux-image package that `apt-cache depends
// linux-image-amd64` names (its first "Depends: linux-image-<digit>…").
func ImagePackage(depends string) (string, error) {
	for _, l := range strings.Split(depends, "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && f[0] == "Depends:" && strings.HasPrefix(f[1], "linux-image-") &&
			len(f[1]) > len("linux-image-") && f[1][len("linux-image-")] >= '0' && f[1][len("linux-image-")] <= '9' {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("apt-cache knows no linux-image-amd64 dependency (run apt-get update)")
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func cutColon(l string) (k, v string, ok bool) {
	k, v, ok = strings.Cut(l, ":")
	return strings.TrimSpace(k), strings.TrimSpace(v), ok
}
