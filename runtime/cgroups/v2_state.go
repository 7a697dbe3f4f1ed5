package cgroups

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Stats reads cpu.stat, memory.current minus inactive file cache (as
// Docker shows it), memory.max, pids.* and memory.events' oom_kill.
// Files of controllers not enabled are skipped.
func (m *v2) Stats() (*Stats, error) {
	var s Stats
	var err error
	dir := m.dir()
	get := func(dst *uint64, f func() (uint64, error)) {
		if err != nil {
			return
		}
		*dst, err = f()
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
	}
	get(&s.CPUUsageNanos, func() (uint64, error) { return readKey(dir, "cpu.stat", "usage_usec") })
	s.CPUUsageNanos *= 1000
	get(&s.MemoryUsage, func() (uint64, error) { return readUint(dir, "memory.current") })
	get(&s.MemoryLimit, func() (uint64, error) { return readUint(dir, "memory.max") })
	get(&s.Pids, func() (uint64, error) { return readUint(dir, "pids.current") })
	get(&s.PidsLimit, func() (uint64, error) { return readUint(dir, "pids.max") })
	get(&s.OOMKills, func() (uint64, error) { return readKey(dir, "memory.events", "oom_kill") })
	var inactive uint64
	get(&inactive, func() (uint64, error) { return readKey(dir, "memory.stat", "inactive_file") })
	if inactive < s.MemoryUsage {
		s.MemoryUsage -= inactive
	}
	if err != nil {
		return nil, fmt.Errorf("stats of cgroup %s: %w", m.path, err)
	}
	return &s, nil
}

func (m *v2) OOMKilled() (bool, error) {
	n, err := readKey(m.dir(), "memory.events", "oom_kill")
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	return n > 0, nil
}

func (m *v2) Freeze() error { return m.freeze("1") }
func (m *v2) Thaw() error   { return m.freeze("0") }

// Frozen: cgroup.events says "frozen 1".
func (m *v2) Frozen() (bool, error) {
	n, err := readKey(m.dir(), "cgroup.events", "frozen")
	if err != nil {
		return false, fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	return n == 1, nil
}

// freeze writes cgroup.freeze and waits for cgroup.events to say "frozen <v>".
func (m *v2) freeze(v string) error {
	if err := writeFile(m.dir(), "cgroup.freeze", v); err != nil {
		return fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	for i := 0; i < 1000; i++ {
		n, err := readKey(m.dir(), "cgroup.events", "frozen")
		if err != nil {
			return fmt.Errorf("cgroup %s: %w", m.path, err)
		}
		if fmt.Sprint(n) == v {
			return nil
		}
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("cgroup %s: cgroup.events did not reach frozen %s", m.path, v)
}

// Kill writes cgroup.kill (Linux 5.14+); older kernels get freeze, signal, thaw.
func (m *v2) Kill() error {
	err := writeFile(m.dir(), "cgroup.kill", "1")
	if err == nil {
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("kill cgroup %s: %w", m.path, err)
	}
	frozen := m.Freeze() == nil
	pids, err := m.Pids()
	if err == nil {
		err = signalAll(pids)
	}
	if frozen {
		if terr := m.Thaw(); err == nil {
			err = terr
		}
	}
	if err != nil {
		return fmt.Errorf("kill cgroup %s: %w", m.path, err)
	}
	return nil
}
