package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

const (
	rtModule  = "github.com/opencontainers/runtime-tools"
	rtVersion = "v0.9.0"
	// The suite predates go.mod: these versions build it. runtime-spec
	// v1.2.1 is the last whose types it compiles against (v1.3 made the
	// pids limit a pointer) once state.Status is converted.
	suiteGoMod = `module rtval

go 1.22

require (
	github.com/opencontainers/runtime-tools v0.9.0
	github.com/opencontainers/runtime-spec v1.2.1
	github.com/opencontainers/selinux v1.8.2
)

replace github.com/opencontainers/runtime-tools => ./rt
`
	suiteImports = `package rtval

import (
	_ "github.com/opencontainers/runtime-tools/cmd/runtimetest"
	_ "github.com/opencontainers/runtime-tools/validation/util"
)
`
)

// statusFix is the one source change: runtime-spec v1.2 types the state's
// status (specs.ContainerState), the suite indexes a string map with it.
var statusFix = [2]string{"lifecycleStatusMap[state.Status]", "lifecycleStatusMap[string(state.Status)]"}

// suite is a built validation suite: its programs and where they run.
type suite struct {
	dir   string   // holds runtimetest and the rootfs tarball: the programs' cwd
	tests []string // program names, sorted
	// cgroup names the programs that put their container in the suite's
	// fixed cgroup (/cgrouptest, or testdir/cgrouptest/container under the
	// runtime's parent): two of them at once, of any runtime or any run,
	// share it.
	cgroup map[string]bool
}

// buildSuite copies runtime-tools from the module cache to dir/rt, makes it
// buildable and builds runtimetest and every validation program into dir/bin.
func buildSuite(gobin, dir string) (*suite, error) {
	src, err := moduleDir(gobin, dir)
	if err != nil {
		return nil, err
	}
	rt := filepath.Join(dir, "rt")
	if err := copyTree(src, rt); err != nil {
		return nil, fmt.Errorf("copy %s: %w", src, err)
	}
	files := map[string]string{
		filepath.Join(rt, "go.mod"):   "module " + rtModule + "\n",
		filepath.Join(dir, "go.mod"):  suiteGoMod,
		filepath.Join(dir, "deps.go"): suiteImports,
	}
	for p, s := range files {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			return nil, err
		}
	}
	if err := patchFile(filepath.Join(rt, "validation/util/test.go"), statusFix); err != nil {
		return nil, err
	}
	if _, err := goCmd(gobin, dir, "mod", "tidy"); err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "bin")
	if _, err := goCmd(gobin, dir, "build", "-o", bin+"/", rtModule+"/cmd/runtimetest", rtModule+"/validation/..."); err != nil {
		return nil, err
	}
	tarball := "rootfs-amd64.tar.gz"
	data, err := os.ReadFile(filepath.Join(rt, tarball))
	if err != nil {
		return nil, fmt.Errorf("the suite's busybox rootfs: %w", err)
	}
	if err := os.WriteFile(filepath.Join(bin, tarball), data, 0o644); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(bin)
	if err != nil {
		return nil, err
	}
	s := &suite{dir: bin, cgroup: map[string]bool{}}
	for _, e := range ents {
		if n := e.Name(); n != "runtimetest" && n != tarball {
			s.tests = append(s.tests, n)
			if s.cgroup[n], err = usesFixedCgroup(filepath.Join(rt, "validation", n)); err != nil {
				return nil, err
			}
		}
	}
	sort.Strings(s.tests)
	return s, nil
}

// usesFixedCgroup reports whether the program whose sources are in dir
// sets the suite's fixed cgroups path (AbsCgroupPath or RelCgroupPath).
func usesFixedCgroup(dir string) (bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return false, fmt.Errorf("the sources of %s: none found (%v)", filepath.Base(dir), err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return false, err
		}
		if bytes.Contains(data, []byte("AbsCgroupPath")) || bytes.Contains(data, []byte("RelCgroupPath")) {
			return true, nil
		}
	}
	return false, nil
}

// moduleDir downloads runtime-tools into the module cache (the proxy, or
// the cache when offline) and returns its dir.
func moduleDir(gobin, dir string) (string, error) {
	out, err := goCmd(gobin, dir, "mod", "download", "-json", rtModule+"@"+rtVersion)
	if err != nil {
		return "", err
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: no dir in %q", rtModule, rtVersion, out)
	}
	return m.Dir, nil
}

func goCmd(gobin, dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

// copyTree copies the regular files and dirs of src to dst, writable (the
// module cache is read-only).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		}
		return nil
	})
}

// patchFile replaces fix[0] by fix[1] in path, and fails if fix[0] is not
// there (another version of the suite).
func patchFile(path string, fix [2]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Contains(data, []byte(fix[0])) {
		return fmt.Errorf("patch %s: %q not found", path, fix[0])
	}
	return os.WriteFile(path, bytes.ReplaceAll(data, []byte(fix[0]), []byte(fix[1])), 0o644)
}
