package vm

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// FetchKernel downloads Debian's current linux-image deb into cache with
// `apt-get download` (nothing is installed) and extracts its
// boot/vmlinuz-* to <cache>/<package>/vmlinuz, reading the deb's data
// through `dpkg-deb --fsys-tarfile`. apt-get's output goes to log.
func FetchKernel(ctx context.Context, cache string, log io.Writer) (Kernel, error) {
	out, err := exec.CommandContext(ctx, "apt-cache", "depends", "linux-image-amd64").Output()
	if err != nil {
		return Kernel{}, fmt.Errorf("fetch kernel: apt-cache depends linux-image-amd64: %w", err)
	}
	pkg, err := ImagePackage(string(out))
	if err != nil {
		return Kernel{}, fmt.Errorf("fetch kernel: %w", err)
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return Kernel{}, fmt.Errorf("fetch kernel: %w", err)
	}
	debs, _ := filepath.Glob(filepath.Join(cache, pkg+"_*.deb"))
	if len(debs) == 0 {
		dl := exec.CommandContext(ctx, "apt-get", "download", "-q", pkg)
		dl.Dir, dl.Stdout, dl.Stderr = cache, log, log
		if err := dl.Run(); err != nil {
			return Kernel{}, fmt.Errorf("fetch kernel: apt-get download %s: %w", pkg, err)
		}
		if debs, _ = filepath.Glob(filepath.Join(cache, pkg+"_*.deb")); len(debs) == 0 {
			return Kernel{}, fmt.Errorf("fetch kernel: apt-get download %s left no deb in %s", pkg, cache)
		}
	}
	dir := filepath.Join(cache, pkg)
	if err := extractVmlinuz(ctx, debs[0], dir); err != nil {
		return Kernel{}, fmt.Errorf("fetch kernel: %s: %w", debs[0], err)
	}
	k, _ := CachedKernel(cache)
	return k, nil
}

// extractVmlinuz writes the deb's ./boot/vmlinuz-* to dir/vmlinuz (through
// a temp file renamed at the end: no half-written kernel stays).
func extractVmlinuz(ctx context.Context, deb, dir string) error {
	cmd := exec.CommandContext(ctx, "dpkg-deb", "--fsys-tarfile", deb)
	r, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("dpkg-deb: %w", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("no boot/vmlinuz-* in it")
		}
		if err != nil {
			return fmt.Errorf("read its data: %w", err)
		}
		if h.Typeflag == tar.TypeReg && strings.HasPrefix(strings.TrimPrefix(h.Name, "./"), "boot/vmlinuz-") {
			return writeFile(filepath.Join(dir, "vmlinuz"), tr)
		}
	}
}

func writeFile(p string, r io.Reader) error {
	f, err := os.CreateTemp(filepath.Dir(p), ".vmlinuz-")
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
