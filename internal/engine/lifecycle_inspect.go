package engine

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/network"
)

// Inspect is `tent inspect`'s view of a container, shaped like docker inspect's.
type Inspect struct {
	ID              string          `json:"Id"`
	Created         time.Time       `json:"Created"`
	Path            string          `json:"Path"`
	Args            []string        `json:"Args"`
	State           InspectState    `json:"State"`
	Image           string          `json:"Image"`
	ResolvConfPath  string          `json:"ResolvConfPath"`
	HostnamePath    string          `json:"HostnamePath"`
	HostsPath       string          `json:"HostsPath"`
	LogPath         string          `json:"LogPath"`
	Name            string          `json:"Name"`
	RestartCount    int             `json:"RestartCount"`
	Driver          string          `json:"Driver"`
	Platform        string          `json:"Platform"`
	HostConfig      HostConfig      `json:"HostConfig"`
	Mounts          []MountPoint    `json:"Mounts"`
	Config          InspectConfig   `json:"Config"`
	NetworkSettings NetworkSettings `json:"NetworkSettings"`
}

// Health is the state of a container's health check.
type Health = container.Health

// InspectState is State in docker inspect.
type InspectState struct {
	Status     string    `json:"Status"`
	Running    bool      `json:"Running"`
	Paused     bool      `json:"Paused"`
	Restarting bool      `json:"Restarting"`
	OOMKilled  bool      `json:"OOMKilled"`
	Dead       bool      `json:"Dead"`
	Pid        int       `json:"Pid"`
	ExitCode   int       `json:"ExitCode"`
	Error      string    `json:"Error"`
	StartedAt  time.Time `json:"StartedAt"`
	FinishedAt time.Time `json:"FinishedAt"`
	Health     *Health   `json:"Health,omitempty"`
	// MonitorPid is tent's own: the detached container's monitor process.
	MonitorPid int `json:"MonitorPid,omitempty"`
}

// InspectConfig is Config in docker inspect.
type InspectConfig struct {
	Hostname   string            `json:"Hostname"`
	User       string            `json:"User"`
	Tty        bool              `json:"Tty"`
	OpenStdin  bool              `json:"OpenStdin"`
	Env        []string          `json:"Env"`
	Cmd        []string          `json:"Cmd"`
	Image      string            `json:"Image"`
	WorkingDir string            `json:"WorkingDir"`
	Entrypoint []string          `json:"Entrypoint"`
	Labels     map[string]string `json:"Labels"`
	StopSignal string            `json:"StopSignal,omitempty"`
	// ExposedPorts and Healthcheck: lifecycle_inspect_host.go.
	ExposedPorts map[string]struct{} `json:"ExposedPorts"`
	Healthcheck  *HealthcheckConfig  `json:"Healthcheck,omitempty"`
}

// RestartPolicy is HostConfig.RestartPolicy.
type RestartPolicy struct {
	Name              string `json:"Name"`
	MaximumRetryCount int    `json:"MaximumRetryCount"`
}

// HostConfig is the subset of docker inspect's HostConfig tent has.
type HostConfig struct {
	Binds          []string          `json:"Binds"`
	NetworkMode    string            `json:"NetworkMode"`
	PortBindings   map[string][]Bind `json:"PortBindings"`
	RestartPolicy  RestartPolicy     `json:"RestartPolicy"`
	AutoRemove     bool              `json:"AutoRemove"`
	ReadonlyRootfs bool              `json:"ReadonlyRootfs"`
	Init           bool              `json:"Init"`
	Memory         int64             `json:"Memory"`
	MemorySwap     int64             `json:"MemorySwap"`
	NanoCpus       int64             `json:"NanoCpus"`
	CPUShares      uint64            `json:"CpuShares"`
	PidsLimit      int64             `json:"PidsLimit"`
	LogConfig      map[string]any    `json:"LogConfig"`
	CapAdd         []string          `json:"CapAdd"`
	CapDrop        []string          `json:"CapDrop"`
	Privileged     bool              `json:"Privileged"`
	SecurityOpt    []string          `json:"SecurityOpt"`
	HostConfigMore                   // lifecycle_inspect_host.go
}

// Bind is one published port's host side.
type Bind struct {
	HostIP   string `json:"HostIp"`
	HostPort string `json:"HostPort"`
}

// MountPoint is one entry of Mounts.
type MountPoint struct {
	Type        string `json:"Type"`
	Name        string `json:"Name,omitempty"`
	Source      string `json:"Source"`
	Destination string `json:"Destination"`
	Mode        string `json:"Mode"`
	RW          bool   `json:"RW"`
	Propagation string `json:"Propagation"`
	Driver      string `json:"Driver,omitempty"`
}

// NetworkSettings is docker inspect's, flattened to tent's one network.
type NetworkSettings struct {
	IPAddress   string            `json:"IPAddress"`
	IPPrefixLen int               `json:"IPPrefixLen"`
	Gateway     string            `json:"Gateway"`
	MacAddress  string            `json:"MacAddress"`
	SandboxKey  string            `json:"SandboxKey"`
	Ports       map[string][]Bind `json:"Ports"`
	Networks    map[string]any    `json:"Networks"`
}

// Inspect describes a container.
func (e *Engine) Inspect(ref string) (*Inspect, error) {
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return nil, err
	}
	o := recordOptions(rec)
	in := &Inspect{
		ID: rec.ID, Created: rec.Created, Path: rec.Path, Args: nonNil(rec.Args),
		State: inspectState(rec.State),
		Image: rec.ImageID, Name: "/" + rec.Name, RestartCount: rec.RestartCount,
		ResolvConfPath: e.Layout.ResolvConfFile(rec.ID), HostnamePath: e.Layout.HostnameFile(rec.ID),
		HostsPath: e.Layout.HostsFile(rec.ID), LogPath: e.Layout.LogFile(rec.ID),
		Driver: "overlay", Platform: "linux",
		HostConfig: hostConfig(o), Mounts: mountPoints(rec.Mounts), Config: e.inspectConfig(rec, o),
		NetworkSettings: networkSettings(rec.Network, firstNonEmpty(o.Network, "bridge")),
	}
	return in, nil
}

func inspectState(s container.State) InspectState {
	return InspectState{
		Status: pausedStatus(s), Running: s.Status == container.StatusRunning, Paused: s.Paused, Restarting: s.Status == container.StatusRestarting,
		OOMKilled: s.OOMKilled, Dead: s.Status == container.StatusDead, Pid: s.Pid, ExitCode: s.ExitCode,
		Error: s.Error, StartedAt: s.StartedAt, FinishedAt: s.FinishedAt, Health: s.Health, MonitorPid: s.MonitorPid,
	}
}

func (e *Engine) inspectConfig(rec *container.Record, o RunOptions) InspectConfig {
	c := InspectConfig{Image: rec.Image, Tty: o.TTY, OpenStdin: o.Interactive, Cmd: o.Cmd, User: o.User,
		StopSignal: o.StopSignal}
	img, err := e.Images.Resolve(firstNonEmpty(rec.ImageID, rec.Image))
	if err != nil {
		img = nil
	}
	c.Labels, c.ExposedPorts, c.Healthcheck = labelsOf(img, o), exposedPortsOf(img, o), healthcheckOf(img, o)
	if img != nil {
		ic := img.Config.Config
		c.Entrypoint, c.Env, c.WorkingDir = ic.Entrypoint, ic.Env, ic.WorkingDir
		c.User, c.StopSignal = firstNonEmpty(o.User, ic.User), firstNonEmpty(o.StopSignal, ic.StopSignal)
		if len(o.Cmd) == 0 && o.Entrypoint == nil {
			c.Cmd = ic.Cmd
		}
	}
	if o.Entrypoint != nil {
		c.Entrypoint = *o.Entrypoint
	}
	if spec, err := loadSpec(e.Layout.SpecFile(rec.ID)); err == nil {
		c.Hostname, c.Env, c.WorkingDir = spec.Hostname, spec.Process.Env, spec.Process.Cwd
	}
	if c.Hostname == "" {
		c.Hostname = firstNonEmpty(o.Hostname, container.ShortID(rec.ID))
	}
	return c
}

func hostConfig(o RunOptions) HostConfig {
	p, _ := monitor.ParsePolicy(o.Restart)
	h := HostConfig{
		Binds: o.Volumes, NetworkMode: firstNonEmpty(o.Network, "bridge"), AutoRemove: o.Rm,
		RestartPolicy:  RestartPolicy{Name: p.Name, MaximumRetryCount: p.MaxRetries},
		ReadonlyRootfs: o.ReadOnly, Init: o.Init, Memory: o.Memory, MemorySwap: o.MemorySwap,
		NanoCpus: int64(o.CPUs * 1e9), CPUShares: o.CPUShares, PidsLimit: o.PidsLimit,
		PortBindings: portBindings(o), HostConfigMore: hostConfigMore(o),
		CapAdd: o.CapAdd, CapDrop: o.CapDrop, Privileged: o.Privileged, SecurityOpt: o.SecurityOpt,
		LogConfig: map[string]any{"Type": "json-file", "Config": logConfigMap(o.LogOpts)},
	}
	return h
}

func logConfigMap(opts []string) map[string]string {
	m := map[string]string{}
	for _, kv := range opts {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

// mountPoints are the record's mounts as docker inspect shows them.
func mountPoints(ms []container.Mount) []MountPoint {
	out := []MountPoint{}
	for _, m := range ms {
		mp := MountPoint{Type: m.Type, Name: m.Name, Source: m.Source, Destination: m.Destination, Mode: "ro", RW: m.RW,
			Propagation: m.Propagation}
		if m.RW {
			mp.Mode = "rw"
		}
		if m.Type == spec.MountVolume {
			mp.Driver, mp.Mode = "local", "z"
		}
		out = append(out, mp)
	}
	return out
}

func networkSettings(raw []byte, name string) NetworkSettings {
	ns := NetworkSettings{Ports: map[string][]Bind{}, Networks: map[string]any{}}
	var a network.Attachment
	if len(raw) == 0 || json.Unmarshal(raw, &a) != nil {
		return ns
	}
	ns.IPAddress, ns.IPPrefixLen, ns.Gateway, ns.MacAddress, ns.SandboxKey = a.IP, a.PrefixLen, a.Gateway, a.MAC, a.NetnsPath
	for _, p := range a.Ports {
		k := strconv.Itoa(int(p.ContainerPort)) + "/" + firstNonEmpty(p.Proto, "tcp")
		ns.Ports[k] = append(ns.Ports[k], Bind{HostIP: firstNonEmpty(p.HostIP, "0.0.0.0"), HostPort: strconv.Itoa(int(p.HostPort))})
	}
	ns.Networks[firstNonEmpty(a.Network, name)] = map[string]any{
		"IPAddress": a.IP, "IPPrefixLen": a.PrefixLen, "Gateway": a.Gateway, "MacAddress": a.MAC,
	}
	return ns
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
