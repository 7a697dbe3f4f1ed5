package seccomp

import (
	"testing"

	"golang.org/x/sys/unix"
)

const auditArchAarch64 = 0xc00000b7

// TestDefaultProfile runs Docker's default profile, compiled for Docker's
// default capabilities, over seccomp_data inputs in x/net/bpf's VM.
func TestDefaultProfile(t *testing.T) {
	p, err := DefaultProfile(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	vm := newVM(t, prog)
	const newuser = unix.CLONE_NEWUSER
	const sigchld = 17
	const addrNoRandomize = 0x0040000
	const fork = unix.CLONE_VM | unix.CLONE_FS | unix.CLONE_FILES | unix.CLONE_SIGHAND | unix.CLONE_THREAD | unix.CLONE_SYSVSEM
	eperm, enosys := errno(unix.EPERM), errno(unix.ENOSYS)
	x64, x86, x32 := archX86_64, archX86, archX32
	for _, tc := range []struct {
		arch *archInfo
		name string
		args []uint64
		want uint32
	}{
		{x64, "getpid", nil, retAllow},
		{x64, "read", nil, retAllow},
		{x64, "keyctl", nil, eperm},
		{x64, "add_key", nil, eperm},
		{x64, "request_key", nil, eperm},
		{x64, "unshare", []uint64{newuser}, eperm},
		{x64, "setns", nil, eperm},
		{x64, "mount", nil, eperm},
		{x64, "io_uring_setup", nil, eperm},
		{x64, "bpf", nil, eperm},
		{x64, "perf_event_open", nil, eperm},
		{x64, "userfaultfd", nil, eperm},
		{x64, "kexec_load", nil, eperm},
		{x64, "clone3", nil, enosys},
		{x64, "clone", []uint64{fork}, retAllow},
		{x64, "clone", []uint64{sigchld}, retAllow},
		{x64, "clone", []uint64{sigchld | newuser}, eperm},
		{x64, "clone", []uint64{unix.CLONE_NEWNET}, eperm},
		{x64, "clone", []uint64{1<<32 | sigchld}, retAllow}, // the mask has no high bits
		{x64, "personality", []uint64{0}, retAllow},
		{x64, "personality", []uint64{0xffffffff}, retAllow},
		{x64, "personality", []uint64{addrNoRandomize}, eperm},
		{x64, "personality", []uint64{1 << 32}, eperm}, // high word counts on x86_64
		{x64, "socket", []uint64{unix.AF_INET}, retAllow},
		{x64, "socket", []uint64{unix.AF_UNIX}, retAllow},
		{x64, "socket", []uint64{1<<32 | unix.AF_INET}, eperm},
		{x64, "socket", []uint64{unix.AF_DECnet}, eperm},
		{x64, "ptrace", nil, retAllow}, // minKernel 4.8
		{x32, "getpid", nil, retAllow},
		{x32, "readv", nil, retAllow},
		{x32, "keyctl", nil, eperm},
		{x32, "clone3", nil, enosys},
		{x32, "clone", []uint64{sigchld | newuser}, eperm},
		{x86, "getpid", nil, retAllow},
		{x86, "socketcall", nil, retAllow},
		{x86, "_llseek", nil, retAllow},
		{x86, "keyctl", nil, eperm},
		{x86, "io_uring_setup", nil, eperm},
		{x86, "clone3", nil, enosys},
		{x86, "clone", []uint64{sigchld}, retAllow},
		{x86, "clone", []uint64{sigchld | newuser}, eperm},
		{x86, "personality", []uint64{0xffffffff}, retAllow},
	} {
		nr := mustNr(t, tc.arch, tc.name)
		if got := runVM(t, vm, seccompData(tc.arch.audit, nr, tc.args...)); got != tc.want {
			t.Errorf("%s %s(%#x) = %#x, want %#x", tc.arch.name, tc.name, tc.args, got, tc.want)
		}
	}
	for _, tc := range []struct {
		what     string
		arch, nr uint32
		want     uint32
	}{
		{"x86_64 unknown syscall", auditArchX86_64, 1000, eperm},
		{"x86_64 number -1", auditArchX86_64, 0xffffffff, eperm},
		{"i386 unknown syscall", auditArchI386, 1000, eperm},
		{"i386 250 is fadvise64, not keyctl", auditArchI386, 250, retAllow},
		{"x86_64 20 is writev, not getpid", auditArchX86_64, 20, retAllow},
		{"aarch64: not in the filter", auditArchAarch64, 172, badArchAction},
		{"no arch", 0, 39, badArchAction},
	} {
		if got := runVM(t, vm, seccompData(tc.arch, tc.nr)); got != tc.want {
			t.Errorf("%s: got %#x, want %#x", tc.what, got, tc.want)
		}
	}
}

// TestDefaultProfileCaps checks the capability-conditioned rules.
func TestDefaultProfileCaps(t *testing.T) {
	for _, tc := range []struct {
		caps []string
		name string
		args []uint64
		want uint32
	}{
		{[]string{"SYS_ADMIN"}, "unshare", []uint64{unix.CLONE_NEWUSER}, retAllow},
		{[]string{"sys_admin"}, "mount", nil, retAllow},
		{[]string{"CAP_SYS_ADMIN"}, "clone", []uint64{unix.CLONE_NEWUSER}, retAllow},
		{[]string{"CAP_SYS_ADMIN"}, "clone3", nil, retAllow},
		{nil, "clone3", nil, errno(unix.ENOSYS)},
		{[]string{"CAP_SYS_PTRACE"}, "kcmp", nil, retAllow},
		{nil, "kcmp", nil, errno(unix.EPERM)},
		{[]string{"CAP_BPF"}, "bpf", nil, retAllow},
		{[]string{"CAP_PERFMON"}, "perf_event_open", nil, retAllow},
		{[]string{"CAP_SYS_TIME"}, "settimeofday", nil, retAllow},
		{dockerCaps, "settimeofday", nil, errno(unix.EPERM)},
	} {
		p, err := DefaultProfile(tc.caps)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := Compile(p)
		if err != nil {
			t.Fatalf("caps %v: %v", tc.caps, err)
		}
		vm := newVM(t, prog)
		nr := mustNr(t, archX86_64, tc.name)
		if got := runVM(t, vm, seccompData(auditArchX86_64, nr, tc.args...)); got != tc.want {
			t.Errorf("caps %v: %s(%#x) = %#x, want %#x", tc.caps, tc.name, tc.args, got, tc.want)
		}
	}
}

// TestAllCaps: every capability at once still compiles (no rules conflict).
func TestAllCaps(t *testing.T) {
	var all []string
	for c := 0; c <= int(unix.CAP_LAST_CAP); c++ {
		all = append(all, capName(c))
	}
	p, err := DefaultProfile(all)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(p); err != nil {
		t.Fatal(err)
	}
}

var capNames = []string{"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
	"SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
	"IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
	"SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
	"AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
	"BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE"}

func capName(c int) string { return "CAP_" + capNames[c] }
