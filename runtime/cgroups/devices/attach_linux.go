package devices

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"unsafe"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Filter attaches device programs to v2 cgroups; it is the
// cgroups.DeviceFilter the runtime gets from its caller.
type Filter struct{}

// progLoadAttr is the head of union bpf_attr for BPF_PROG_LOAD (up to
// expected_attach_type, Linux 4.17+); the kernel zero-fills the rest.
type progLoadAttr struct {
	progType           uint32
	insnCnt            uint32
	insns              uint64
	license            uint64
	logLevel           uint32
	logSize            uint32
	logBuf             uint64
	kernVersion        uint32
	progFlags          uint32
	progName           [16]byte
	progIfindex        uint32
	expectedAttachType uint32
}

// progAttachAttr is union bpf_attr for BPF_PROG_ATTACH.
type progAttachAttr struct {
	targetFd     uint32
	attachBpfFd  uint32
	attachType   uint32
	attachFlags  uint32
	replaceBpfFd uint32
}

// Attach loads the program for rules (bpf(BPF_PROG_LOAD)) and attaches it
// to the cgroup whose directory fd is dirFD (bpf(BPF_PROG_ATTACH),
// BPF_F_ALLOW_MULTI). The program fd is closed on return: the attachment
// keeps the program until the cgroup is freed. The two calls are made
// directly rather than through cilium/ebpf's loader, which probes kernel
// features in every new process, and the instructions are encoded here,
// not by its asm package (costs: docs/benchmarks.md).
func (Filter) Attach(dirFD int, rules []specs.LinuxDeviceCgroup) error {
	insns, err := Program(rules)
	if err != nil {
		return err
	}
	code := insns.Encode(binary.NativeEndian)
	fd, err := load(code, 0, nil)
	if err != nil {
		// Load again with the verifier's log, for the error only.
		log := make([]byte, 64<<10)
		_, _ = load(code, 1, log)
		return fmt.Errorf("load device program (%d instructions): %w: %s", len(insns), err, bytes.TrimRight(log, "\x00\n"))
	}
	defer unix.Close(fd)
	attr := progAttachAttr{targetFd: uint32(dirFD), attachBpfFd: uint32(fd),
		attachType: unix.BPF_CGROUP_DEVICE, attachFlags: unix.BPF_F_ALLOW_MULTI}
	if _, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_PROG_ATTACH, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr)); errno != 0 {
		return fmt.Errorf("attach device program: %w", errno)
	}
	return nil
}

var license = []byte("Apache-2.0\x00")

func load(code []byte, logLevel uint32, log []byte) (int, error) {
	attr := progLoadAttr{
		progType:           unix.BPF_PROG_TYPE_CGROUP_DEVICE,
		insnCnt:            uint32(len(code) / 8),
		insns:              uint64(uintptr(unsafe.Pointer(&code[0]))),
		license:            uint64(uintptr(unsafe.Pointer(&license[0]))),
		expectedAttachType: unix.BPF_CGROUP_DEVICE,
	}
	copy(attr.progName[:], "tent_devices")
	if logLevel != 0 {
		attr.logLevel, attr.logSize, attr.logBuf = logLevel, uint32(len(log)), uint64(uintptr(unsafe.Pointer(&log[0])))
	}
	var fd uintptr
	var errno unix.Errno
	for {
		fd, _, errno = unix.Syscall(unix.SYS_BPF, unix.BPF_PROG_LOAD, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
		// The verifier returns EAGAIN when a signal interrupts it (Linux
		// 4.20+); a slow or loaded machine makes that likelier.
		if errno != unix.EAGAIN {
			break
		}
	}
	runtime.KeepAlive(code)
	runtime.KeepAlive(log)
	if errno != 0 {
		return -1, errno
	}
	unix.CloseOnExec(int(fd))
	return int(fd), nil
}
