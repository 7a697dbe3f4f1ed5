package devices

import (
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Filter attaches device programs to v2 cgroups; it is the
// cgroups.DeviceFilter the runtime gets from its caller.
type Filter struct{}

// Attach loads the program for rules and attaches it to the cgroup whose
// directory fd is dirFD. The program fd is closed on return: the
// attachment keeps the program until the cgroup is freed.
func (Filter) Attach(dirFD int, rules []specs.LinuxDeviceCgroup) error {
	insns, err := Program(rules)
	if err != nil {
		return err
	}
	prog, err := ebpf.NewProgramWithOptions(&ebpf.ProgramSpec{
		Name:         "tent_devices",
		Type:         ebpf.CGroupDevice,
		AttachType:   ebpf.AttachCGroupDevice,
		Instructions: insns,
		License:      "Apache-2.0",
	}, ebpf.ProgramOptions{})
	if err != nil {
		return fmt.Errorf("load device program (%d instructions): %w", len(insns), err)
	}
	defer prog.Close()
	err = link.RawAttachProgram(link.RawAttachProgramOptions{
		Target: dirFD, Program: prog, Attach: ebpf.AttachCGroupDevice, Flags: unix.BPF_F_ALLOW_MULTI})
	if err != nil {
		return fmt.Errorf("attach device program: %w", err)
	}
	return nil
}
