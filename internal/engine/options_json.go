package engine

import (
	"encoding/json"
	"math"

	"github.com/tent-dev/tent/internal/jsonlite"
	"github.com/tent-dev/tent/internal/spec"
)

// The run options go into every record as JSON (RunOptions.Opts), written
// field by field (internal/jsonlite) byte for byte as json.Marshal writes
// them: encoding/json's first Marshal of RunOptions in a new process
// builds its encoder by reflection, on run -d's way to its monitor.
// options_json_test.go compares the two on options filled at random.

// marshalOptions is json.Marshal(o).
func marshalOptions(o RunOptions) ([]byte, error) {
	if math.IsNaN(o.CPUs) || math.IsInf(o.CPUs, 0) {
		return json.Marshal(o) // its error
	}
	b := append(make([]byte, 0, 512), '{')
	b = jsonlite.AppendString(jsonlite.AppendKey(b, "image"), o.Image)
	b = jsonlite.OptStrings(b, "cmd", o.Cmd)
	if o.Entrypoint != nil {
		b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "entrypoint"), *o.Entrypoint)
	}
	b = jsonlite.OptStrings(b, "env", o.Env)
	b = jsonlite.OptStrings(b, "envFiles", o.EnvFiles)
	b = jsonlite.OptString(b, "workdir", o.Workdir)
	b = jsonlite.OptString(b, "user", o.User)
	b = jsonlite.OptString(b, "hostname", o.Hostname)
	b = jsonlite.OptString(b, "name", o.Name)
	b = jsonlite.OptBool(b, "readOnly", o.ReadOnly)
	b = jsonlite.OptStrings(b, "volumes", o.Volumes)
	b = jsonlite.OptBool(b, "init", o.Init)
	b = jsonlite.OptString(b, "network", o.Network)
	b = jsonlite.OptStrings(b, "ports", o.Ports)
	b = jsonlite.OptBool(b, "publishAll", o.PublishAll)
	b = jsonlite.OptIntValue(b, "memory", o.Memory)
	b = jsonlite.OptIntValue(b, "memorySwap", o.MemorySwap)
	if o.CPUs != 0 {
		b = jsonlite.AppendFloat64(jsonlite.AppendKey(b, "cpus"), o.CPUs)
	}
	b = jsonlite.OptUintValue(b, "cpuShares", o.CPUShares)
	b = jsonlite.OptIntValue(b, "pidsLimit", o.PidsLimit)
	b = jsonlite.OptBool(b, "tty", o.TTY)
	b = jsonlite.OptBool(b, "interactive", o.Interactive)
	b = jsonlite.OptBool(b, "detach", o.Detach)
	b = jsonlite.OptStrings(b, "attach", o.Attach)
	b = jsonlite.OptString(b, "detachKeys", o.DetachKeys)
	if c := o.ConsoleSize; c != nil {
		b = jsonlite.AppendUint(append(jsonlite.AppendKey(b, "consoleSize"), '['), uint64(c[0]))
		b = append(jsonlite.AppendUint(append(b, ','), uint64(c[1])), ']')
	}
	b = jsonlite.OptBool(b, "rm", o.Rm)
	b = jsonlite.OptString(b, "stopSignal", o.StopSignal)
	b = jsonlite.OptInt(b, "stopTimeout", o.StopTimeout)
	b = jsonlite.OptString(b, "restart", o.Restart)
	b = jsonlite.OptStrings(b, "logOpts", o.LogOpts)
	b = jsonlite.OptString(b, "healthCmd", o.HealthCmd)
	b = jsonlite.OptString(b, "healthInterval", o.HealthInterval)
	b = jsonlite.OptString(b, "healthTimeout", o.HealthTimeout)
	b = jsonlite.OptIntValue(b, "healthRetries", o.HealthRetries)
	b = jsonlite.OptBool(b, "noHealthcheck", o.NoHealthcheck)
	b = jsonlite.OptStrings(b, "capAdd", o.CapAdd)
	b = jsonlite.OptStrings(b, "capDrop", o.CapDrop)
	b = jsonlite.OptBool(b, "privileged", o.Privileged)
	b = jsonlite.OptStrings(b, "securityOpt", o.SecurityOpt)
	b = appendHostOptions(b, &o.HostOptions)
	b = jsonlite.OptBool(b, "trace", o.Trace)
	b = jsonlite.OptStrings(b, "mounts", o.Mounts)
	b = jsonlite.OptStrings(b, "tmpfs", o.Tmpfs)
	b = jsonlite.OptStrings(b, "volumesFrom", o.VolumesFrom)
	return append(b, '}'), nil
}

// appendHostOptions writes the embedded HostOptions' fields in place, as
// encoding/json does.
func appendHostOptions(b []byte, h *HostOptions) []byte {
	if len(h.Labels) > 0 {
		b = jsonlite.AppendStringMap(jsonlite.AppendKey(b, "labels"), h.Labels)
	}
	b = jsonlite.OptStrings(b, "addHosts", h.AddHosts)
	b = jsonlite.OptStrings(b, "dns", h.DNS)
	b = jsonlite.OptStrings(b, "dnsSearch", h.DNSSearch)
	b = jsonlite.OptStrings(b, "dnsOptions", h.DNSOptions)
	if len(h.Ulimits) > 0 {
		b = jsonlite.AppendList(jsonlite.AppendKey(b, "ulimits"), h.Ulimits, func(b []byte, u spec.Ulimit) []byte {
			b = jsonlite.AppendString(jsonlite.AppendKey(append(b, '{'), "Name"), u.Name)
			b = jsonlite.AppendInt(jsonlite.AppendKey(b, "Hard"), u.Hard)
			return append(jsonlite.AppendInt(jsonlite.AppendKey(b, "Soft"), u.Soft), '}')
		})
	}
	b = jsonlite.OptStrings(b, "devices", h.Devices)
	b = jsonlite.OptIntValue(b, "shmSize", h.ShmSize)
	if len(h.Sysctls) > 0 {
		b = jsonlite.AppendStringMap(jsonlite.AppendKey(b, "sysctls"), h.Sysctls)
	}
	b = jsonlite.OptString(b, "cpusetCpus", h.CpusetCpus)
	b = jsonlite.OptString(b, "cpusetMems", h.CpusetMems)
	b = jsonlite.OptIntValue(b, "cpuQuota", h.CPUQuota)
	b = jsonlite.OptUintValue(b, "cpuPeriod", h.CPUPeriod)
	b = jsonlite.OptIntValue(b, "memoryReservation", h.MemoryReservation)
	b = jsonlite.OptInt(b, "oomScoreAdj", h.OOMScoreAdj)
	b = jsonlite.OptStrings(b, "groupAdd", h.GroupAdd)
	b = jsonlite.OptString(b, "pid", h.PID)
	b = jsonlite.OptString(b, "ipc", h.IPC)
	b = jsonlite.OptString(b, "uts", h.UTS)
	b = jsonlite.OptString(b, "platform", h.Platform)
	b = jsonlite.OptString(b, "pull", h.Pull)
	b = jsonlite.OptString(b, "healthStartPeriod", h.HealthStartPeriod)
	b = jsonlite.OptString(b, "healthStartInterval", h.HealthStartInterval)
	return jsonlite.OptString(b, "cidFile", h.CIDFile)
}
