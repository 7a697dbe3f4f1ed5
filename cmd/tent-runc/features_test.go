package main

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go/features"
)

// TestFeaturesJSON: the schema's fields, and the truth about what tent
// lacks.
func TestFeaturesJSON(t *testing.T) {
	b, err := json.Marshal(allFeatures())
	if err != nil {
		t.Fatal(err)
	}
	var f features.Features
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.OCIVersionMin != "1.0.0" || f.OCIVersionMax == "" {
		t.Errorf("versions %q..%q", f.OCIVersionMin, f.OCIVersionMax)
	}
	l := f.Linux
	switch {
	case l == nil || l.Seccomp == nil || l.Cgroup == nil:
		t.Fatalf("linux part missing: %s", b)
	case !slices.Contains(l.Namespaces, "pid") || slices.Contains(l.Namespaces, "user") || slices.Contains(l.Namespaces, "time"):
		t.Errorf("namespaces %v: pid yes, user and time no", l.Namespaces)
	case !slices.Contains(l.Capabilities, "CAP_SYS_ADMIN"):
		t.Errorf("capabilities %v", l.Capabilities)
	case *l.Apparmor.Enabled || *l.Selinux.Enabled || *l.Cgroup.Systemd || !*l.Cgroup.V1 || !*l.Cgroup.V2:
		t.Errorf("apparmor/selinux/systemd must be false, v1 and v2 true: %s", b)
	case slices.Contains(l.Seccomp.Actions, "SCMP_ACT_NOTIFY") || !slices.Contains(l.Seccomp.Actions, "SCMP_ACT_ERRNO"):
		t.Errorf("seccomp actions %v: no notify (no agent), errno yes", l.Seccomp.Actions)
	case !slices.Contains(l.Seccomp.Archs, "SCMP_ARCH_X86_64") || slices.Contains(l.Seccomp.Archs, "SCMP_ARCH_AARCH64"):
		t.Errorf("seccomp archs %v", l.Seccomp.Archs)
	case len(l.Seccomp.Operators) != 7:
		t.Errorf("seccomp operators %v", l.Seccomp.Operators)
	case !slices.Contains(f.MountOptions, "rbind") || slices.Contains(f.MountOptions, "idmap"):
		t.Errorf("mount options %v", f.MountOptions)
	case !slices.Equal(f.Hooks, []string{"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"}):
		t.Errorf("hooks %v", f.Hooks)
	}
}
