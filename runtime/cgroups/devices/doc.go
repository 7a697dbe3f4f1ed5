// Package devices controls device access on cgroup v2, where the v1
// devices controller does not exist: the kernel asks a
// BPF_PROG_TYPE_CGROUP_DEVICE program attached to the cgroup before every
// open and mknod of a device node, and refuses with EPERM when it returns 0.
//
// Program (pure) turns the runtime-spec's linux.resources.devices rules
// into that program's instructions, with the semantics of the v1
// controller: the last rule that matches a request decides; with no match
// the request is allowed (a v1 cgroup allows all until a rule says
// otherwise, and every real spec starts with "deny all"). An allow rule
// matches when it grants every access asked for ("rw" for an O_RDWR open);
// a deny rule matches when it refuses any of them. Rules are tested from
// the last to the first, and the output stops at a rule that matches
// everything ("a *:* rwm"), so Docker's list compiles to a handful of
// compares per rule and no default.
//
// Filter (Linux) loads the program (bpf(BPF_PROG_LOAD)) and attaches it to
// the cgroup's directory fd (bpf(BPF_PROG_ATTACH), BPF_CGROUP_DEVICE,
// BPF_F_ALLOW_MULTI so that a parent's program still applies). The
// attachment holds the program: its fd is closed at once, and the kernel
// frees it with the cgroup.
//
// The two calls are made directly, and the instructions (struct bpf_insn:
// loads, 64-bit ALU, conditional jumps with resolved offsets, exit) are
// encoded here (Insns.Encode): every tent run is a new process, and
// cilium/ebpf's loader probes kernel features once per process, its asm
// package costs its package inits and a first use. The tests compare the
// bytes with cilium/ebpf's asm output and decode them with it.
// Package cgroups only knows the DeviceFilter interface, so that the
// container's init (which links cgroups) does not carry this package.
package devices
