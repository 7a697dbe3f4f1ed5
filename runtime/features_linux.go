package runtime

import (
	"sort"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-spec/specs-go/features"

	"github.com/moby/sys/capability"

	"github.com/tent-dev/tent/rootfs"
)

// Features is what this runtime applies of a spec, in the runtime-spec's
// features schema (`runc features`), from the same tables the spec check
// and the init use: namespaces, capabilities, hooks, mount options, cgroup
// versions. LSMs, Intel RDT and idmapped mounts are false. The seccomp
// part is the compiler's (package runtime/seccomp), filled by the caller.
func Features() *features.Features {
	yes, no := true, false
	nss := make([]string, 0, len(namespaceKinds))
	for _, k := range namespaceKinds {
		nss = append(nss, string(k.typ))
	}
	sort.Strings(nss)
	hooks := make([]string, 0, len(runHookKinds))
	for _, k := range runHookKinds {
		hooks = append(hooks, string(k))
	}
	caps := []string{}
	for _, c := range capability.ListKnown() {
		caps = append(caps, "CAP_"+strings.ToUpper(c.String()))
	}
	return &features.Features{
		OCIVersionMin: "1.0.0",
		OCIVersionMax: specs.Version,
		Hooks:         hooks,
		MountOptions:  rootfs.KnownOptions(),
		Linux: &features.Linux{
			Namespaces:      nss,
			Capabilities:    caps,
			Cgroup:          &features.Cgroup{V1: &yes, V2: &yes, Systemd: &no, SystemdUser: &no, Rdma: &no},
			Apparmor:        &features.Apparmor{Enabled: &no},
			Selinux:         &features.Selinux{Enabled: &no},
			IntelRdt:        &features.IntelRdt{Enabled: &no},
			MountExtensions: &features.MountExtensions{IDMap: &features.IDMap{Enabled: &no}},
		},
	}
}
