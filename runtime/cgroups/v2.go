package cgroups

import (
	"errors"
	"fmt"
	"github.com/tent-dev/tent/internal/trace"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/debuglog"
)

// v2Wanted are the controllers tent enables down to its cgroups.
var v2Wanted = []string{"cpu", "cpuset", "io", "memory", "pids"}

type v2 struct {
	root    string
	path    string
	rmdir   func(string) error
	log     debuglog.Log
	devices DeviceFilter // nil: Create refuses device rules (v2_devices.go)
	tr      *trace.Laps  // Create's steps (WithTrace)
}

func newV2(root, path string) *v2 { return &v2{root: root, path: path, rmdir: unix.Rmdir} }

func (m *v2) Path() string { return m.path }
func (m *v2) Mode() Mode   { return V2 }
func (m *v2) dir() string  { return filepath.Join(m.root, m.path) }
func (m *v2) exists() bool { return exists(m.dir()) }

func (m *v2) Create(r *specs.LinuxResources) error {
	ws, err := planV2(r)
	if err != nil {
		return fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	if err := m.mkdirs(); err != nil {
		return fmt.Errorf("create cgroup %s: %w", m.path, err)
	}
	if m.log.On() {
		m.log.Debugf("v2 %s: mkdir %s", m.path, m.dir())
	}
	m.tr.Step("cgroup v2: mkdir, enable controllers")
	if err := m.apply(ws); err != nil {
		_ = m.Destroy()
		return fmt.Errorf("create cgroup %s: %w", m.path, err)
	}
	if r != nil {
		if err := m.attachDevices(r.Devices); err != nil {
			_ = m.Destroy()
			return fmt.Errorf("create cgroup %s: %w", m.path, err)
		}
		m.tr.Step("cgroup v2: device filter (bpf load + attach)")
	}
	return nil
}

// mkdirs makes each level and enables the controllers in every ancestor's
// cgroup.subtree_control (root first: a level can only enable what its
// parent enabled). Fast path: the parent already enables them all.
func (m *v2) mkdirs() error {
	want, err := m.available()
	if err != nil {
		return err
	}
	parent := filepath.Dir(m.dir())
	if cur, err := readFile(parent, "cgroup.subtree_control"); err == nil && hasAll(cur, want) {
		return mkdir(m.dir())
	}
	dir := m.root
	for _, l := range levels(m.path) {
		if dir != m.root {
			if err := mkdir(dir); err != nil {
				return err
			}
		}
		if err := enable(dir, want); err != nil {
			return err
		}
		dir = filepath.Join(dir, l)
	}
	return mkdir(dir)
}

func mkdir(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return nil
}

// enable writes "+cpu +cpuset ..." in one go; if the kernel refuses the set,
// it enables them one by one, skipping those it refuses (a limit on one of
// those then fails naming its missing file).
func enable(dir string, ctrls []string) error {
	if len(ctrls) == 0 {
		return nil
	}
	err := writeFile(dir, "cgroup.subtree_control", "+"+strings.Join(ctrls, " +"))
	if err == nil {
		return nil
	}
	ok := 0
	for _, c := range ctrls {
		if writeFile(dir, "cgroup.subtree_control", "+"+c) == nil {
			ok++
		}
	}
	if ok == 0 {
		return fmt.Errorf("enable controllers in %s: %w", dir, err)
	}
	return nil
}

func hasAll(list string, want []string) bool {
	have := strings.Fields(list)
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}

// rootCtrls caches, per root, the wanted controllers the kernel offers.
var rootCtrls sync.Map // root -> []string

func (m *v2) available() ([]string, error) {
	if v, ok := rootCtrls.Load(m.root); ok {
		return v.([]string), nil
	}
	s, err := readFile(m.root, "cgroup.controllers")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, w := range v2Wanted {
		if hasAll(s, []string{w}) {
			out = append(out, w)
		}
	}
	rootCtrls.Store(m.root, out)
	return out, nil
}

func (m *v2) apply(ws []write) error {
	for _, w := range ws {
		err := writeFile(m.dir(), w.file, w.value)
		if err != nil && !(w.optional && errors.Is(err, os.ErrNotExist)) {
			return err
		}
		if err == nil && m.log.On() {
			m.log.Debugf("%s/%s ← %s", m.dir(), w.file, w.value)
		}
		if err == nil && m.tr.On() {
			m.tr.Step("cgroup write " + w.file + " = " + oneLine(w.value))
		}
	}
	return nil
}

func (m *v2) Update(r *specs.LinuxResources) error {
	ws, err := planV2(r)
	if err == nil {
		err = m.apply(ws)
	}
	if err != nil {
		return fmt.Errorf("update cgroup %s: %w", m.path, err)
	}
	return nil
}

func (m *v2) Apply(pid int) error {
	if err := writeFile(m.dir(), "cgroup.procs", strconv.Itoa(pid)); err != nil {
		return fmt.Errorf("join cgroup %s: %w", m.path, err)
	}
	if m.log.On() {
		m.log.Debugf("%s/cgroup.procs ← %d", m.dir(), pid)
	}
	return nil
}

// FD opens the cgroup dir for clone3(CLONE_INTO_CGROUP)
// (SysProcAttr.UseCgroupFD + CgroupFD); the caller closes it.
func (m *v2) ThreadFiles() []string { return nil }

func (m *v2) FD() (int, bool, error) {
	fd, err := unix.Open(m.dir(), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, false, fmt.Errorf("open cgroup %s: %w", m.dir(), err)
	}
	return fd, true, nil
}

func (m *v2) Pids() ([]int, error) { return readPids(m.dir()) }

func (m *v2) Destroy() error {
	if m.log.On() {
		m.log.Debugf("v2 %s: rmdir %s", m.path, m.dir())
	}
	return removeCgroup(m.dir(), m.rmdir)
}
