package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/pflag"
)

func updateCmd() *command {
	var o updateFlags
	return &command{
		name: "update", usage: "[--resources FILE|-] [flags] <container-id>", minArgs: 1, maxArgs: 1,
		short: "change a running container's cgroup limits",
		flags: func(f *pflag.FlagSet) { o.register(f) },
		run: func(g *globals, args []string) error {
			res, err := o.resources(os.Stdin)
			if err != nil {
				return err
			}
			rt, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			if err := needRunning(c); err != nil {
				return err
			}
			return rt.Update(args[0], res)
		},
	}
}

// updateFlags are runc update's: --resources, or one flag per limit.
type updateFlags struct {
	file                                    string
	memory, memorySwap, memoryReservation   string
	cpuShares, cpuPeriod                    uint64
	cpuQuota, pidsLimit                     int64
	cpusetCpus, cpusetMems                  string
	set                                     func(name string) bool
	blkioWeight                             uint16
	kernelMemory, kernelMemoryTCP, l3Schema string
}

func (o *updateFlags) register(f *pflag.FlagSet) {
	f.StringVarP(&o.file, "resources", "r", "", "JSON linux resources (runtime-spec LinuxResources) from FILE, or - for stdin")
	f.StringVar(&o.memory, "memory", "", "memory limit (bytes, or with k, m, g; -1: unlimited)")
	f.StringVar(&o.memorySwap, "memory-swap", "", "memory plus swap limit (-1: unlimited)")
	f.StringVar(&o.memoryReservation, "memory-reservation", "", "memory soft limit")
	f.Uint64Var(&o.cpuShares, "cpu-shares", 0, "CPU shares (relative weight)")
	f.Uint64Var(&o.cpuPeriod, "cpu-period", 0, "CFS period in µs")
	f.Int64Var(&o.cpuQuota, "cpu-quota", 0, "CFS quota in µs per period (-1: none)")
	f.StringVar(&o.cpusetCpus, "cpuset-cpus", "", "CPUs allowed (0-3, 0,1)")
	f.StringVar(&o.cpusetMems, "cpuset-mems", "", "memory nodes allowed")
	f.Int64Var(&o.pidsLimit, "pids-limit", 0, "maximum number of pids (-1: unlimited)")
	f.Uint16Var(&o.blkioWeight, "blkio-weight", 0, "not supported by tent-runc")
	f.StringVar(&o.kernelMemory, "kernel-memory", "", "not supported (deprecated by the kernel)")
	f.StringVar(&o.kernelMemoryTCP, "kernel-memory-tcp", "", "not supported (deprecated by the kernel)")
	f.StringVar(&o.l3Schema, "l3-cache-schema", "", "not supported (Intel RDT)")
	o.set = func(name string) bool { return f.Changed(name) }
}

// resources is --resources' JSON with the single flags on top.
func (o *updateFlags) resources(stdin io.Reader) (*specs.LinuxResources, error) {
	res := &specs.LinuxResources{}
	if o.file != "" {
		if err := readResources(o.file, stdin, res); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"blkio-weight", "kernel-memory", "kernel-memory-tcp", "l3-cache-schema"} {
		if o.set(name) {
			return nil, fmt.Errorf("--%s: not supported by tent-runc", name)
		}
	}
	if err := o.memoryFlags(res); err != nil {
		return nil, err
	}
	o.cpuFlags(res)
	if o.set("pids-limit") {
		res.Pids = &specs.LinuxPids{Limit: &o.pidsLimit}
	}
	return res, nil
}

func readResources(file string, stdin io.Reader, res *specs.LinuxResources) error {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(stdin)
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return fmt.Errorf("read resources: %w", err)
	}
	if err := json.Unmarshal(b, res); err != nil {
		return fmt.Errorf("resources: %w", err)
	}
	return nil
}
