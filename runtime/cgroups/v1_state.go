package cgroups

import (
	"fmt"
	"time"
)

// Stats reads usage the way Docker shows it: memory is usage minus
// inactive file cache; missing controllers leave their fields 0.
func (m *v1) Stats() (*Stats, error) {
	var s Stats
	var err error
	get := func(ctrl, file string, dst *uint64) {
		if err == nil && m.has(ctrl) {
			*dst, err = readUint(m.dir(ctrl), file)
		}
	}
	get("cpuacct", "cpuacct.usage", &s.CPUUsageNanos)
	get("memory", "memory.usage_in_bytes", &s.MemoryUsage)
	get("memory", "memory.limit_in_bytes", &s.MemoryLimit)
	get("pids", "pids.current", &s.Pids)
	get("pids", "pids.max", &s.PidsLimit)
	if err == nil && m.has("memory") {
		var inactive uint64
		if inactive, err = readKey(m.dir("memory"), "memory.stat", "total_inactive_file"); err == nil && inactive < s.MemoryUsage {
			s.MemoryUsage -= inactive
		}
		if err == nil {
			s.OOMKills, err = readKey(m.dir("memory"), "memory.oom_control", "oom_kill")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("stats of cgroup %s: %w", m.path, err)
	}
	return &s, nil
}

// OOMKilled: memory.oom_control's oom_kill counter (memory.failcnt counts
// reclaim hits at the limit, not kills).
func (m *v1) OOMKilled() (bool, error) {
	if !m.has("memory") {
		return false, nil
	}
	n, err := readKey(m.dir("memory"), "memory.oom_control", "oom_kill")
	if err != nil {
		return false, fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	return n > 0, nil
}

func (m *v1) Freeze() error { return m.freezer("FROZEN") }
func (m *v1) Thaw() error   { return m.freezer("THAWED") }

// Frozen: freezer.state is FROZEN (FREEZING counts as not yet); false
// without the freezer controller.
func (m *v1) Frozen() (bool, error) {
	if !m.has("freezer") {
		return false, nil
	}
	cur, err := readFile(m.dir("freezer"), "freezer.state")
	if err != nil {
		return false, fmt.Errorf("cgroup %s: %w", m.path, err)
	}
	return cur == "FROZEN", nil
}

// freezer writes freezer.state and waits until the kernel reports it
// (FREEZING -> FROZEN can take a moment); it rewrites while waiting.
func (m *v1) freezer(state string) error {
	if !m.has("freezer") {
		return fmt.Errorf("cgroup %s: freezer controller not mounted", m.path)
	}
	dir := m.dir("freezer")
	for i := 0; i < 1000; i++ {
		if err := writeFile(dir, "freezer.state", state); err != nil {
			return fmt.Errorf("cgroup %s: %w", m.path, err)
		}
		cur, err := readFile(dir, "freezer.state")
		if err != nil {
			return fmt.Errorf("cgroup %s: %w", m.path, err)
		}
		if cur == state {
			return nil
		}
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("cgroup %s: freezer.state did not become %s", m.path, state)
}

// Kill freezes the cgroup so nobody forks while it signals, then thaws so
// the kill is delivered. An empty cgroup costs one read.
func (m *v1) Kill() error {
	pids, err := m.Pids()
	if err != nil || len(pids) == 0 {
		return err
	}
	frozen := m.has("freezer") && m.Freeze() == nil
	if frozen {
		pids, err = m.Pids()
	}
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
