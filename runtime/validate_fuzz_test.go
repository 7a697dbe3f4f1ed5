package runtime

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// FuzzCheckSpec feeds JSON into specs.Spec: checkSpec never panics, and a
// spec it accepts has none of the fields the runtime cannot apply.
func FuzzCheckSpec(f *testing.F) {
	files, _ := filepath.Glob("../internal/spec/testdata/*.json")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, false)
		}
	}
	f.Add([]byte(`{"process":{"apparmorProfile":"x"},"linux":{"intelRdt":{},"seccomp":{}}}`), true)
	f.Add([]byte(`{"linux":{"sysctl":{"kernel.core_pattern":"|x"},"namespaces":[{"type":"user"}]}}`), false)
	f.Add([]byte(`{"mounts":[{"destination":"/x","type":"bind","options":["rbind","mode=1"]}]}`), false)
	f.Fuzz(func(t *testing.T, data []byte, v2 bool) {
		var s specs.Spec
		if json.Unmarshal(data, &s) != nil {
			return
		}
		if checkSpec(&s, v2) != nil {
			return
		}
		if bad := unsupportedField(&s, v2); bad != "" {
			t.Fatalf("accepted a spec with %s set: %s", bad, data)
		}
	})
}

// unsupportedField is the fuzz oracle, written apart from checkSpec: the
// first field set that the runtime does not apply, or "".
func unsupportedField(s *specs.Spec, v2 bool) string {
	if s.Solaris != nil || s.Windows != nil || s.VM != nil || s.ZOS != nil || s.FreeBSD != nil {
		return "another platform"
	}
	if p := s.Process; p != nil && (p.ApparmorProfile != "" || p.SelinuxLabel != "" || p.Scheduler != nil ||
		p.IOPriority != nil || p.ExecCPUAffinity != nil) {
		return "a process LSM or scheduling field"
	}
	if h := s.Hooks; h != nil && len(h.CreateContainer)+len(h.StartContainer) > 0 {
		return "a hook run in the container"
	}
	for _, m := range s.Mounts {
		if len(m.UIDMappings)+len(m.GIDMappings) > 0 {
			return "an idmapped mount"
		}
	}
	l := s.Linux
	if l == nil {
		return ""
	}
	if len(l.UIDMappings)+len(l.GIDMappings) > 0 || l.MountLabel != "" || l.IntelRdt != nil ||
		l.MemoryPolicy != nil || len(l.TimeOffsets) > 0 || len(l.NetDevices) > 0 {
		return "a linux field"
	}
	for _, ns := range l.Namespaces {
		if ns.Type == specs.UserNamespace || ns.Type == specs.TimeNamespace {
			return "namespace " + string(ns.Type)
		}
	}
	for k := range l.Sysctl {
		if !strings.HasPrefix(k, "net.") && !strings.HasPrefix(k, "kernel.") && !strings.HasPrefix(k, "fs.mqueue.") {
			return "sysctl " + k
		}
	}
	if r := l.Resources; r != nil {
		if r.BlockIO != nil || len(r.HugepageLimits) > 0 || r.Network != nil || len(r.Rdma) > 0 || (!v2 && len(r.Unified) > 0) {
			return "a resource the cgroup manager does not write"
		}
	}
	return ""
}
