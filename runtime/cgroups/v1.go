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

// v1Controllers are the hierarchies tent uses, each mounted at root/<name>.
// cpu and cpuacct may be one mount (cpu,cpuacct with symlinks) or two.
var v1Controllers = []string{"memory", "cpu", "cpuacct", "pids", "cpuset", "devices", "freezer", "blkio"}

type v1 struct {
	root  string
	path  string
	probe sync.Once
	ctrls []string // mounted controllers, in v1Controllers order: see controllers
	rmdir func(string) error
	log   debuglog.Log
	tr    *trace.Laps // Create's steps (WithTrace)
}

// mountedV1 caches, per root, which controllers are mounted: found once.
var mountedV1 sync.Map // root -> []string

func newV1(root, path string) *v1 {
	m := &v1{root: root, path: path, rmdir: unix.Rmdir}
	if cs, ok := mountedV1.Load(root); ok {
		m.ctrls = cs.([]string)
		m.probe.Do(func() {})
	}
	return m
}

// controllers lists the mounted controllers. Unless the process already
// knows them (or Create found them while making the dirs), it stats each
// root/<ctrl> once.
func (m *v1) controllers() []string {
	m.probe.Do(func() { m.ctrls = probeV1(m.root) })
	return m.ctrls
}

func probeV1(root string) []string {
	var cs []string
	for _, c := range v1Controllers {
		if exists(filepath.Join(root, c)) {
			cs = append(cs, c)
		}
	}
	v, _ := mountedV1.LoadOrStore(root, cs)
	return v.([]string)
}

func (m *v1) Path() string { return m.path }
func (m *v1) Mode() Mode   { return V1 }

func (m *v1) dir(ctrl string) string { return filepath.Join(m.root, ctrl, m.path) }

func (m *v1) has(ctrl string) bool {
	for _, c := range m.controllers() {
		if c == ctrl {
			return true
		}
	}
	return false
}

func (m *v1) exists() bool {
	cs := m.controllers()
	return len(cs) > 0 && exists(m.dir(cs[0]))
}

func (m *v1) Create(r *specs.LinuxResources) error {
	ws, err := planV1(r)
	if err != nil {
		return fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	if err := m.mkdirs(); err != nil {
		_ = m.Destroy()
		return fmt.Errorf("create cgroup %s: %w", m.path, err)
	}
	if m.log.On() {
		m.log.Debugf("v1 %s: mkdir in %s under %s", m.path, strings.Join(m.controllers(), ","), m.root)
	}
	if m.tr.On() {
		m.tr.Step(fmt.Sprintf("cgroup v1: mkdir in %d hierarchies", len(m.controllers())))
	}
	if err := m.apply(ws); err != nil {
		_ = m.Destroy()
		return fmt.Errorf("create cgroup %s: %w", m.path, err)
	}
	return nil
}

// apply executes a plan through one fileWriter (a run of writes to one
// file, the device rules, shares an open). On a live cgroup, raising memory
// above the current memory+swap limit needs memsw first: retry the pair in
// that order.
func (m *v1) apply(ws []write) error {
	var fw fileWriter
	err := m.applyWith(&fw, ws)
	if cerr := fw.close(); err == nil {
		err = cerr
	}
	return err
}

func (m *v1) applyWith(fw *fileWriter, ws []write) error {
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		err := m.write(fw, w)
		if err != nil && w.file == "memory.limit_in_bytes" && i+1 < len(ws) &&
			ws[i+1].file == "memory.memsw.limit_in_bytes" && errors.Is(err, unix.EINVAL) {
			if err = m.write(fw, ws[i+1]); err == nil {
				err = m.write(fw, w)
			}
			i++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (m *v1) write(fw *fileWriter, w write) error {
	if !m.has(w.ctrl) {
		if w.optional {
			return nil
		}
		return fmt.Errorf("write %s=%s: controller %s not mounted", w.file, w.value, w.ctrl)
	}
	err := fw.write(m.dir(w.ctrl), w.file, w.value)
	if err == nil && m.tr.On() {
		m.tr.Step("cgroup write " + w.file + " = " + oneLine(w.value))
	}
	if w.optional && errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err == nil && m.log.On() {
		m.log.Debugf("%s/%s ← %s", m.dir(w.ctrl), w.file, w.value)
	}
	return err
}

func (m *v1) Update(r *specs.LinuxResources) error {
	ws, err := planV1(r)
	if err == nil {
		err = m.apply(ws)
	}
	if err != nil {
		return fmt.Errorf("update cgroup %s: %w", m.path, err)
	}
	return nil
}

func (m *v1) Apply(pid int) error {
	for _, c := range m.controllers() {
		if err := writeFile(m.dir(c), "cgroup.procs", strconv.Itoa(pid)); err != nil {
			return fmt.Errorf("join cgroup %s (%s): %w", m.path, c, err)
		}
	}
	if m.log.On() {
		m.log.Debugf("v1 %s: cgroup.procs ← %d in %s", m.path, pid, strings.Join(m.controllers(), ","))
	}
	return nil
}

func (m *v1) FD() (int, bool, error) { return -1, false, nil }

func (m *v1) ThreadFiles() []string {
	cs := m.controllers()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = filepath.Join(m.dir(c), "tasks")
	}
	return out
}

// procsDir is where Pids reads the member list: any joined hierarchy works.
func (m *v1) procsDir() (string, error) {
	cs := m.controllers()
	if len(cs) == 0 {
		return "", fmt.Errorf("cgroup %s: no v1 controllers mounted under %s", m.path, m.root)
	}
	if m.has("pids") {
		return m.dir("pids"), nil
	}
	return m.dir(cs[0]), nil
}

func (m *v1) Pids() ([]int, error) {
	d, err := m.procsDir()
	if err != nil {
		return nil, err
	}
	return readPids(d)
}

func (m *v1) Destroy() error {
	if m.log.On() {
		m.log.Debugf("v1 %s: rmdir in %s", m.path, strings.Join(m.controllers(), ","))
	}
	var errs []error
	for _, c := range m.controllers() {
		if err := removeCgroup(m.dir(c), m.rmdir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
