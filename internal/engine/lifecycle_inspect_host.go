package engine

import (
	"strconv"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/network"
)

// HostConfigMore are the docker inspect HostConfig fields of HostOptions
// (HostConfig embeds them).
type HostConfigMore struct {
	DNS               []string          `json:"Dns"`
	DNSSearch         []string          `json:"DnsSearch"`
	DNSOptions        []string          `json:"DnsOptions"`
	ExtraHosts        []string          `json:"ExtraHosts"`
	Ulimits           []spec.Ulimit     `json:"Ulimits"`
	Devices           []DeviceMapping   `json:"Devices"`
	Sysctls           map[string]string `json:"Sysctls,omitempty"`
	ShmSize           int64             `json:"ShmSize"`
	CpusetCpus        string            `json:"CpusetCpus"`
	CpusetMems        string            `json:"CpusetMems"`
	CPUQuota          int64             `json:"CpuQuota"`
	CPUPeriod         uint64            `json:"CpuPeriod"`
	MemoryReservation int64             `json:"MemoryReservation"`
	OomScoreAdj       int               `json:"OomScoreAdj"`
	GroupAdd          []string          `json:"GroupAdd"`
	PidMode           string            `json:"PidMode"`
	IpcMode           string            `json:"IpcMode"`
	UTSMode           string            `json:"UTSMode"`
	ContainerIDFile   string            `json:"ContainerIDFile"`
	PublishAllPorts   bool              `json:"PublishAllPorts"`
}

// DeviceMapping is one HostConfig.Devices entry.
type DeviceMapping struct {
	PathOnHost        string `json:"PathOnHost"`
	PathInContainer   string `json:"PathInContainer"`
	CgroupPermissions string `json:"CgroupPermissions"`
}

// HealthcheckConfig is Config.Healthcheck (durations in nanoseconds, as Docker's).
type HealthcheckConfig struct {
	Test        []string `json:"Test"`
	Interval    int64    `json:"Interval,omitempty"`
	Timeout     int64    `json:"Timeout,omitempty"`
	StartPeriod int64    `json:"StartPeriod,omitempty"`
	Retries     int      `json:"Retries,omitempty"`
	// StartInterval: --health-start-interval.
	StartInterval int64 `json:"StartInterval,omitempty"`
}

func hostConfigMore(o RunOptions) HostConfigMore {
	h := HostConfigMore{
		DNS: nonNil(o.DNS), DNSSearch: nonNil(o.DNSSearch), DNSOptions: nonNil(o.DNSOptions),
		ExtraHosts: o.AddHosts, Ulimits: o.Ulimits, Sysctls: o.Sysctls, ShmSize: o.ShmSize,
		CpusetCpus: o.CpusetCpus, CpusetMems: o.CpusetMems, CPUQuota: o.CPUQuota, CPUPeriod: o.CPUPeriod,
		MemoryReservation: o.MemoryReservation, GroupAdd: o.GroupAdd, PidMode: o.PID, UTSMode: o.UTS,
		IpcMode: firstNonEmpty(o.IPC, "private"), ContainerIDFile: o.CIDFile, PublishAllPorts: o.PublishAll,
		Devices: []DeviceMapping{},
	}
	if h.ShmSize == 0 && o.IPC != "host" {
		h.ShmSize = 64 << 20
	}
	if h.Ulimits == nil {
		h.Ulimits = []spec.Ulimit{}
	}
	if o.OOMScoreAdj != nil {
		h.OomScoreAdj = *o.OOMScoreAdj
	}
	for _, s := range o.Devices {
		if d, err := spec.ParseDevice(s); err == nil {
			h.Devices = append(h.Devices, DeviceMapping{PathOnHost: d.Host, PathInContainer: d.Container, CgroupPermissions: d.Access})
		}
	}
	return h
}

// portBindings is HostConfig.PortBindings: the -p flags as given (HostIp
// and HostPort "" when left to pick).
func portBindings(o RunOptions) map[string][]Bind {
	out := map[string][]Bind{}
	ports, err := network.ParsePorts(o.Ports, nil, false)
	if err != nil {
		return out
	}
	for _, p := range ports {
		k := strconv.Itoa(int(p.ContainerPort)) + "/" + firstNonEmpty(p.Proto, "tcp")
		b := Bind{HostIP: p.HostIP}
		if p.HostPort != 0 {
			b.HostPort = strconv.Itoa(int(p.HostPort))
		}
		out[k] = append(out[k], b)
	}
	return out
}

// exposedPortsOf is Config.ExposedPorts: the image's and the -p ones.
func exposedPortsOf(img *image.Image, o RunOptions) map[string]struct{} {
	out := map[string]struct{}{}
	if img != nil {
		for p := range img.Config.Config.ExposedPorts {
			out[p] = struct{}{}
		}
	}
	for k := range portBindings(o) {
		out[k] = struct{}{}
	}
	return out
}

// healthcheckOf is Config.Healthcheck: the flags over the image's; nil
// when there is none.
func healthcheckOf(img *image.Image, o RunOptions) *HealthcheckConfig {
	if o.NoHealthcheck {
		return &HealthcheckConfig{Test: []string{"NONE"}}
	}
	h, err := healthFromOptions(img, o)
	if err != nil || h == nil {
		return nil
	}
	test := append([]string{"CMD"}, h.Test...)
	if o.HealthCmd != "" {
		test = []string{"CMD-SHELL", o.HealthCmd}
	} else if img != nil && img.Config.Config.Healthcheck != nil {
		test = img.Config.Config.Healthcheck.Test
	}
	return &HealthcheckConfig{Test: test, Interval: int64(h.Interval), Timeout: int64(h.Timeout),
		StartPeriod: int64(h.StartPeriod), Retries: h.Retries, StartInterval: int64(h.StartInterval)}
}

// labelsOf are Config.Labels: the image's, then -l/--label-file.
func labelsOf(img *image.Image, o RunOptions) map[string]string {
	out := map[string]string{}
	if img != nil {
		for k, v := range img.Config.Config.Labels {
			out[k] = v
		}
	}
	for k, v := range o.Labels {
		out[k] = v
	}
	return out
}
