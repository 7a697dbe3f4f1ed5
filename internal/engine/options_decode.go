package engine

import (
	"encoding/json"

	"github.com/tent-dev/tent/internal/jsonlite"
	"github.com/tent-dev/tent/internal/spec"
)

// unmarshalOptions is json.Unmarshal(b, &o) for a record's options, read
// field by field (internal/jsonlite) as marshalOptions writes them: a
// record's options are read on run -d's way to its monitor, and by ps
// --filter, inspect, stop for every record they look at. What jsonlite
// does not take (a float such as --cpus, a key in another case or
// unknown, null where a value was written) goes to encoding/json, for the
// same result. options_json_test.go compares the two.
func unmarshalOptions(b []byte) RunOptions {
	var o RunOptions
	d := jsonlite.NewDecoder(b)
	d.Object(func(k string) bool { return o.decodeField(d, k) || o.HostOptions.decodeField(d, k) })
	if d.OK() {
		return o
	}
	o = RunOptions{}
	_ = json.Unmarshal(b, &o)
	return o
}

// decodeField reads the field k; false: not one of RunOptions' own.
func (o *RunOptions) decodeField(d *jsonlite.Decoder, k string) bool {
	if p := o.stringField(k); p != nil {
		*p = d.String()
		return true
	}
	if p := o.stringsField(k); p != nil {
		*p = d.Strings()
		return true
	}
	if p := o.boolField(k); p != nil {
		*p = d.Bool()
		return true
	}
	switch k {
	case "entrypoint":
		e := d.Strings()
		o.Entrypoint = &e
	case "memory":
		o.Memory = d.Int(64)
	case "memorySwap":
		o.MemorySwap = d.Int(64)
	case "cpuShares":
		o.CPUShares = d.Uint(64)
	case "pidsLimit":
		o.PidsLimit = d.Int(64)
	case "healthRetries":
		o.HealthRetries = int(d.Int(0))
	case "stopTimeout":
		n := int(d.Int(0))
		o.StopTimeout = &n
	case "consoleSize":
		var c [2]uint16
		i := 0
		d.Array(func() {
			if i < len(c) {
				c[i] = uint16(d.Uint(16))
			} else {
				d.Skip()
			}
			i++
		})
		o.ConsoleSize = &c
	default:
		return false // cpus (a float) too: encoding/json reads it
	}
	return true
}

func (o *RunOptions) stringField(k string) *string {
	switch k {
	case "image":
		return &o.Image
	case "workdir":
		return &o.Workdir
	case "user":
		return &o.User
	case "hostname":
		return &o.Hostname
	case "name":
		return &o.Name
	case "network":
		return &o.Network
	case "detachKeys":
		return &o.DetachKeys
	case "stopSignal":
		return &o.StopSignal
	case "restart":
		return &o.Restart
	case "healthCmd":
		return &o.HealthCmd
	case "healthInterval":
		return &o.HealthInterval
	case "healthTimeout":
		return &o.HealthTimeout
	}
	return nil
}

func (o *RunOptions) stringsField(k string) *[]string {
	switch k {
	case "cmd":
		return &o.Cmd
	case "env":
		return &o.Env
	case "envFiles":
		return &o.EnvFiles
	case "volumes":
		return &o.Volumes
	case "ports":
		return &o.Ports
	case "attach":
		return &o.Attach
	case "logOpts":
		return &o.LogOpts
	case "capAdd":
		return &o.CapAdd
	case "capDrop":
		return &o.CapDrop
	case "securityOpt":
		return &o.SecurityOpt
	case "mounts":
		return &o.Mounts
	case "tmpfs":
		return &o.Tmpfs
	case "volumesFrom":
		return &o.VolumesFrom
	}
	return nil
}

func (o *RunOptions) boolField(k string) *bool {
	switch k {
	case "readOnly":
		return &o.ReadOnly
	case "init":
		return &o.Init
	case "publishAll":
		return &o.PublishAll
	case "tty":
		return &o.TTY
	case "interactive":
		return &o.Interactive
	case "detach":
		return &o.Detach
	case "rm":
		return &o.Rm
	case "noHealthcheck":
		return &o.NoHealthcheck
	case "privileged":
		return &o.Privileged
	case "trace":
		return &o.Trace
	}
	return nil
}

// decodeField reads the embedded HostOptions' field k.
func (h *HostOptions) decodeField(d *jsonlite.Decoder, k string) bool {
	if p := h.stringField(k); p != nil {
		*p = d.String()
		return true
	}
	switch k {
	case "labels":
		h.Labels = d.StringMap()
	case "sysctls":
		h.Sysctls = d.StringMap()
	case "addHosts":
		h.AddHosts = d.Strings()
	case "dns":
		h.DNS = d.Strings()
	case "dnsSearch":
		h.DNSSearch = d.Strings()
	case "dnsOptions":
		h.DNSOptions = d.Strings()
	case "devices":
		h.Devices = d.Strings()
	case "groupAdd":
		h.GroupAdd = d.Strings()
	case "ulimits":
		h.Ulimits = []spec.Ulimit{}
		d.Array(func() { h.Ulimits = append(h.Ulimits, decodeUlimit(d)) })
	case "shmSize":
		h.ShmSize = d.Int(64)
	case "cpuQuota":
		h.CPUQuota = d.Int(64)
	case "cpuPeriod":
		h.CPUPeriod = d.Uint(64)
	case "memoryReservation":
		h.MemoryReservation = d.Int(64)
	case "oomScoreAdj":
		n := int(d.Int(0))
		h.OOMScoreAdj = &n
	default:
		return false
	}
	return true
}

func (h *HostOptions) stringField(k string) *string {
	switch k {
	case "cpusetCpus":
		return &h.CpusetCpus
	case "cpusetMems":
		return &h.CpusetMems
	case "pid":
		return &h.PID
	case "ipc":
		return &h.IPC
	case "uts":
		return &h.UTS
	case "platform":
		return &h.Platform
	case "pull":
		return &h.Pull
	case "healthStartPeriod":
		return &h.HealthStartPeriod
	case "healthStartInterval":
		return &h.HealthStartInterval
	case "cidFile":
		return &h.CIDFile
	}
	return nil
}

// decodeUlimit reads {"Name","Hard","Soft"}; another key fails the
// decoder (encoding/json then reads the whole).
func decodeUlimit(d *jsonlite.Decoder) spec.Ulimit {
	var u spec.Ulimit
	d.Object(func(k string) bool {
		switch k {
		case "Name":
			u.Name = d.String()
		case "Hard":
			u.Hard = d.Int(64)
		case "Soft":
			u.Soft = d.Int(64)
		default:
			return false
		}
		return true
	})
	return u
}
