package runtime

// Fail-closed specs: a spec asking for a setting this runtime cannot
// apply (an LSM label, user namespaces, a cgroup limit the manager does
// not write, a hook it does not run...) is refused before anything is
// made, with the field named, so a container never runs with less
// security or fewer limits than its spec asked for. Pure: checkSpec reads
// the spec only.

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
)

// ErrUnsupported is wrapped by every refusal of checkSpec.
var ErrUnsupported = errors.New("not supported by this runtime")

// UnsupportedError names the spec field (JSON path) that cannot be applied.
type UnsupportedError struct {
	Field string // e.g. "linux.intelRdt", "process.apparmorProfile"
	Why   string // optional detail
}

func (e *UnsupportedError) Error() string {
	if e.Why == "" {
		return fmt.Sprintf("spec field %s: %v", e.Field, ErrUnsupported)
	}
	return fmt.Sprintf("spec field %s: %s: %v", e.Field, e.Why, ErrUnsupported)
}

func (e *UnsupportedError) Unwrap() error { return ErrUnsupported }

func unsupported(field, why string, args ...any) error {
	return &UnsupportedError{Field: field, Why: fmt.Sprintf(why, args...)}
}

// checkSpec refuses a spec with a field the runtime would not apply.
// cgroupV2 says which cgroup manager will apply linux.resources.
func checkSpec(s *specs.Spec, cgroupV2 bool) error {
	switch {
	case s.Solaris != nil:
		return unsupported("solaris", "")
	case s.Windows != nil:
		return unsupported("windows", "")
	case s.VM != nil:
		return unsupported("vm", "")
	case s.ZOS != nil:
		return unsupported("zos", "")
	case s.FreeBSD != nil:
		return unsupported("freebsd", "")
	}
	if err := checkProcess("process", s.Process); err != nil {
		return err
	}
	if err := checkMounts(s.Mounts); err != nil {
		return err
	}
	return checkLinux(s.Linux, cgroupV2)
}

// checkProcess is also what Exec checks of the process it runs.
func checkProcess(field string, p *specs.Process) error {
	if p == nil {
		return nil
	}
	switch {
	case p.ApparmorProfile != "":
		return unsupported(field+".apparmorProfile", "no AppArmor support")
	case p.SelinuxLabel != "":
		return unsupported(field+".selinuxLabel", "no SELinux support")
	case p.Scheduler != nil:
		return unsupported(field+".scheduler", "")
	case p.IOPriority != nil:
		return unsupported(field+".ioPriority", "")
	case p.ExecCPUAffinity != nil:
		return unsupported(field+".execCPUAffinity", "")
	case p.CommandLine != "":
		return unsupported(field+".commandLine", "windows only")
	}
	for _, r := range p.Rlimits {
		if _, ok := RlimitResource(r.Type); !ok {
			return unsupported(field+".rlimits", "unknown type %q", r.Type)
		}
	}
	return nil
}

// unsupportedMountOpts are options runc gives a meaning that this runtime
// does not implement: passed on as filesystem data they would be ignored
// (binds) or misread. An array, not a map: static data, no code at
// package init.
var unsupportedMountOpts = [...]string{
	"idmap", "ridmap", "tmpcopyup", "nosymfollow", "rnosymfollow",
	"rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev",
	"rnoexec", "rexec", "rnodiratime", "rdiratime", "rrelatime",
	"rnorelatime", "rnoatime", "ratime", "rstrictatime", "rnostrictatime",
	"copy-symlink", "src-nofollow",
}

func checkMounts(ms []specs.Mount) error {
	for i, m := range ms {
		field := fmt.Sprintf("mounts[%d]", i)
		if len(m.UIDMappings) > 0 || len(m.GIDMappings) > 0 {
			return unsupported(field+".uidMappings", "idmapped mounts")
		}
		for _, o := range m.Options {
			if slices.Contains(unsupportedMountOpts[:], o) {
				return unsupported(field+".options", "option %q", o)
			}
		}
		f := rootfs.ParseOptions(m.Options)
		bind := m.Type == "bind" || f.Flags&unix.MS_BIND != 0
		if bind {
			if o, ok := bareWord(f.Data); ok {
				// Not a flag tent knows and not a filesystem parameter: a
				// misspelt flag ("nosiud") must not be dropped silently.
				return unsupported(field+".options", "option %q on a bind mount", o)
			}
		}
		if !bind && m.Type == "" {
			return unsupported(field+".type", "empty type for %s", m.Destination)
		}
	}
	return nil
}

// bareWord is the first data option without "=". A bind ignores
// filesystem parameters ("mode=755", "size=1k": mount(2) drops the data
// with MS_BIND, runc and crun pass them too); planMounts leaves them out.
func bareWord(data []string) (string, bool) {
	for _, o := range data {
		if !strings.Contains(o, "=") {
			return o, true
		}
	}
	return "", false
}

func checkLinux(l *specs.Linux, cgroupV2 bool) error {
	if l == nil {
		return nil
	}
	switch {
	case len(l.UIDMappings) > 0 || len(l.GIDMappings) > 0:
		return unsupported("linux.uidMappings", "user namespaces")
	case len(l.NetDevices) > 0:
		return unsupported("linux.netDevices", "")
	case l.MountLabel != "":
		return unsupported("linux.mountLabel", "no SELinux support")
	case l.IntelRdt != nil:
		return unsupported("linux.intelRdt", "")
	case l.MemoryPolicy != nil:
		return unsupported("linux.memoryPolicy", "")
	case len(l.TimeOffsets) > 0:
		return unsupported("linux.timeOffsets", "time namespaces")
	case l.Personality != nil && (l.Personality.Domain != specs.PerLinux || len(l.Personality.Flags) > 0):
		return unsupported("linux.personality", "only LINUX without flags")
	}
	if l.RootfsPropagation != "" {
		if _, ok := rootfs.Propagation(l.RootfsPropagation); !ok {
			return unsupported("linux.rootfsPropagation", "unknown value %q", l.RootfsPropagation)
		}
	}
	for i, ns := range l.Namespaces {
		if _, ok := cloneFlag(ns.Type); !ok {
			return unsupported(fmt.Sprintf("linux.namespaces[%d]", i), "type %q", ns.Type)
		}
	}
	if err := checkSysctls(l.Sysctl, l.Namespaces); err != nil {
		return err
	}
	return checkResources(l.Resources, cgroupV2)
}

// checkSysctls allows only namespaced sysctls, each in a namespace the
// container does not share with the host (as runc and Docker): the IPC
// ones with an ipc namespace, the UTS ones with a uts namespace, net.*
// with a network namespace. Anything else would change the host.
func checkSysctls(sys map[string]string, nss []specs.LinuxNamespace) error {
	has := map[specs.LinuxNamespaceType]bool{}
	for _, ns := range nss {
		has[ns.Type] = true
	}
	keys := make([]string, 0, len(sys))
	for k := range sys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ns, ok := sysctlNamespace(k)
		if !ok {
			return unsupported("linux.sysctl", "%q is not namespaced", k)
		}
		if !has[ns] {
			return unsupported("linux.sysctl", "%q needs a %s namespace", k, ns)
		}
	}
	return nil
}

func sysctlNamespace(k string) (specs.LinuxNamespaceType, bool) {
	if k == "" || strings.ContainsAny(k, "/\x00") || strings.Contains(k, "..") ||
		strings.HasPrefix(k, ".") || strings.HasSuffix(k, ".") {
		return "", false
	}
	switch k {
	case "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
		"kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced":
		return specs.IPCNamespace, true
	case "kernel.hostname", "kernel.domainname":
		return specs.UTSNamespace, true
	}
	switch {
	case strings.HasPrefix(k, "fs.mqueue."):
		return specs.IPCNamespace, true
	case strings.HasPrefix(k, "net."):
		return specs.NetworkNamespace, true
	}
	return "", false
}
