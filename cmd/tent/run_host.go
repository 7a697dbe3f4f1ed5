package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/spec"
)

// hostFlags are the HostOptions flags that need conversion.
type hostFlags struct {
	labels, labelFiles, ulimits, sysctls []string
	shmSize, memoryReservation           string
	oomScoreAdj                          int
}

func addHostRunFlags(fs *pflag.FlagSet, o *engine.RunOptions, f *hostFlags) {
	stringArrayVarP(fs, &f.labels, "label", "l", "set a label KEY=VALUE")
	stringArrayVar(fs, &f.labelFiles, "label-file", "read labels from a file of KEY=VALUE lines")
	stringArrayVar(fs, &o.AddHosts, "add-host", "add a line to /etc/hosts: NAME:IP or NAME:host-gateway")
	stringArrayVar(fs, &o.DNS, "dns", "set a DNS server")
	stringArrayVar(fs, &o.DNSSearch, "dns-search", "set a DNS search domain (. for none)")
	stringArrayVar(fs, &o.DNSOptions, "dns-option", "set a resolv.conf option")
	stringArrayVar(fs, &f.ulimits, "ulimit", "set a ulimit: NAME=SOFT[:HARD]")
	stringArrayVar(fs, &o.Devices, "device", "add a host device: HOST[:CONTAINER[:rwm]]")
	fs.StringVar(&f.shmSize, "shm-size", "", "size of /dev/shm (default 64m)")
	stringArrayVar(fs, &f.sysctls, "sysctl", "set a namespaced sysctl KEY=VALUE")
	fs.StringVar(&o.CpusetCpus, "cpuset-cpus", "", "CPUs the container may run on (0-3, 0,1)")
	fs.StringVar(&o.CpusetMems, "cpuset-mems", "", "memory nodes the container may use (0-3, 0,1)")
	fs.Int64Var(&o.CPUQuota, "cpu-quota", 0, "CFS quota in µs per period")
	fs.Uint64Var(&o.CPUPeriod, "cpu-period", 0, "CFS period in µs")
	fs.StringVar(&f.memoryReservation, "memory-reservation", "", "memory soft limit")
	fs.IntVar(&f.oomScoreAdj, "oom-score-adj", 0, "tune the container's OOM preference (-1000 to 1000)")
	stringArrayVar(fs, &o.GroupAdd, "group-add", "add a supplementary group")
	fs.StringVar(&o.PID, "pid", "", "PID namespace: host to share the host's")
	fs.StringVar(&o.IPC, "ipc", "", "IPC namespace: host to share the host's")
	fs.StringVar(&o.UTS, "uts", "", "UTS namespace: host to share the host's")
	fs.StringVar(&o.CIDFile, "cidfile", "", "write the container id to this file (must not exist)")
	fs.StringVar(&o.Platform, "platform", "", "platform of the image (only this host's: "+engine.HostPlatform()+")")
	fs.StringVar(&o.Pull, "pull", "missing", "pull the image: always, missing or never")
	fs.StringVar(&o.HealthStartPeriod, "health-start-period", "", "time before failed health checks count")
	fs.StringVar(&o.HealthStartInterval, "health-start-interval", "", "time between health checks during the start period")
}

// apply converts the host flags.
func (f *hostFlags) apply(fs *pflag.FlagSet, o *engine.RunOptions) error {
	var err error
	labels := []string{}
	for _, file := range f.labelFiles {
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("--label-file: %w", err)
		}
		labels = append(labels, spec.ParseLabelFile(b)...)
	}
	if o.Labels, err = spec.ParseLabels(append(labels, f.labels...)); err != nil {
		return err
	}
	for _, u := range f.ulimits {
		ul, err := spec.ParseUlimit(u)
		if err != nil {
			return err
		}
		o.Ulimits = append(o.Ulimits, ul)
	}
	for _, s := range f.sysctls {
		k, v, err := spec.ParseSysctl(s)
		if err != nil {
			return err
		}
		if o.Sysctls == nil {
			o.Sysctls = map[string]string{}
		}
		o.Sysctls[k] = v
	}
	if fs.Changed("shm-size") {
		if o.ShmSize, err = spec.ParseBytes(f.shmSize); err != nil || o.ShmSize <= 0 {
			return fmt.Errorf("invalid --shm-size %q: want a size greater than 0", f.shmSize)
		}
	}
	if o.MemoryReservation, err = spec.ParseBytes(f.memoryReservation); err != nil {
		return fmt.Errorf("invalid --memory-reservation: %w", err)
	}
	if fs.Changed("oom-score-adj") {
		o.OOMScoreAdj = &f.oomScoreAdj
	}
	return nil
}
