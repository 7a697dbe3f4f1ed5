package cgroups

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// errNotMounted: root/<ctrl> is not there, so neither is the controller.
var errNotMounted = errors.New("not mounted")

func notMounted(ctrl string) error { return fmt.Errorf("controller %s: %w", ctrl, errNotMounted) }

// mkdirs makes the group in every mounted hierarchy. The first Create of a
// process also finds out which are mounted, for free: a mkdir that fails
// with ENOENT is the only case that needs a look at root/<ctrl>.
func (m *v1) mkdirs() error {
	probed := false
	var err error
	m.probe.Do(func() {
		probed = true
		m.ctrls, err = m.mkdirsProbing()
	})
	if probed {
		return err
	}
	for _, c := range m.ctrls {
		if err := m.mkdir(c); err != nil {
			return err
		}
	}
	return nil
}

// mkdirsProbing makes the dirs of v1Controllers, skipping the unmounted,
// and returns the mounted. On an error, the list comes from probeV1, so
// that Destroy still sees every hierarchy.
func (m *v1) mkdirsProbing() ([]string, error) {
	var cs []string
	for _, c := range v1Controllers {
		err := m.mkdir(c)
		if errors.Is(err, errNotMounted) {
			continue
		}
		if err != nil {
			return probeV1(m.root), err
		}
		cs = append(cs, c)
	}
	v, _ := mountedV1.LoadOrStore(m.root, cs)
	return v.([]string), nil
}

// mkdir makes root/ctrl/path: one mkdir(2) when the parent (/tent) is
// there, as it is after the first container; os.MkdirAll otherwise.
func (m *v1) mkdir(ctrl string) error {
	if ctrl == "cpuset" {
		return m.mkCpuset()
	}
	dir := m.dir(ctrl)
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) && !exists(filepath.Join(m.root, ctrl)) {
		return notMounted(ctrl)
	}
	if err != nil { // parents missing, or dir there (fine if a dir)
		return os.MkdirAll(dir, 0o755)
	}
	return nil
}

// mkdirOnce makes dir and says whether it did; an existing one is fine.
func mkdirOnce(dir string) (made bool, err error) {
	err = os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	return err == nil, err
}

// cpusetFiles are what a new v1 cpuset needs before it takes tasks.
var cpusetFiles = [2]string{"cpuset.cpus", "cpuset.mems"}

// mkCpuset makes every level below root/cpuset and copies cpuset.cpus and
// cpuset.mems down from the parent where they are empty: v1 refuses tasks
// in a cpuset with no cpus or mems. Each file is read once per level at
// most: a level's value, read or copied, is the next level's parent value,
// and a level made just now is known empty.
func (m *v1) mkCpuset() error {
	dir := filepath.Join(m.root, "cpuset")
	var vals [2]string // dir's cpus and mems, "" until read or written
	for i, l := range levels(m.path) {
		parent := dir
		dir = filepath.Join(dir, l)
		made, err := mkdirOnce(dir)
		if i == 0 && errors.Is(err, fs.ErrNotExist) {
			return notMounted("cpuset")
		}
		if err != nil {
			return err
		}
		for j, f := range cpusetFiles {
			if vals[j], err = fillCpuset(parent, dir, f, vals[j], made); err != nil {
				return err
			}
		}
	}
	return nil
}

// fillCpuset returns dir's value of file, first copying the parent's
// (pv, or read when "") if dir's is empty.
func fillCpuset(parent, dir, file, pv string, made bool) (string, error) {
	if !made {
		cur, err := readFile(dir, file)
		if err != nil || cur != "" {
			return cur, err
		}
	}
	if pv == "" {
		var err error
		if pv, err = readFile(parent, file); err != nil {
			return "", err
		}
	}
	return pv, writeFile(dir, file, pv)
}

// levels splits "/tent/abc" into ["tent", "abc"].
func levels(p string) []string {
	var out []string
	for p != "/" && p != "." && p != "" {
		out = append([]string{filepath.Base(p)}, out...)
		p = filepath.Dir(p)
	}
	return out
}
