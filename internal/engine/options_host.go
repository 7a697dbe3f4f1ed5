package engine

import (
	"fmt"
	"os"
	goruntime "runtime"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/network"
)

// HostOptions are the run flags of Docker's HostConfig (and a few of its
// Config) beyond the first ones: labels, /etc files, limits, devices,
// host namespaces, the pull policy and platform. RunOptions embeds them.
type HostOptions struct {
	Labels            map[string]string `json:"labels,omitempty"`     // -l, --label-file
	AddHosts          []string          `json:"addHosts,omitempty"`   // --add-host NAME:IP|host-gateway
	DNS               []string          `json:"dns,omitempty"`        // --dns
	DNSSearch         []string          `json:"dnsSearch,omitempty"`  // --dns-search
	DNSOptions        []string          `json:"dnsOptions,omitempty"` // --dns-option
	Ulimits           []spec.Ulimit     `json:"ulimits,omitempty"`
	Devices           []string          `json:"devices,omitempty"` // host[:container[:rwm]]
	ShmSize           int64             `json:"shmSize,omitempty"` // bytes
	Sysctls           map[string]string `json:"sysctls,omitempty"`
	CpusetCpus        string            `json:"cpusetCpus,omitempty"`
	CpusetMems        string            `json:"cpusetMems,omitempty"`
	CPUQuota          int64             `json:"cpuQuota,omitempty"`
	CPUPeriod         uint64            `json:"cpuPeriod,omitempty"`
	MemoryReservation int64             `json:"memoryReservation,omitempty"`
	OOMScoreAdj       *int              `json:"oomScoreAdj,omitempty"`
	GroupAdd          []string          `json:"groupAdd,omitempty"`
	PID               string            `json:"pid,omitempty"` // "" or host
	IPC               string            `json:"ipc,omitempty"` // "", private, shareable or host
	UTS               string            `json:"uts,omitempty"` // "" or host
	Platform          string            `json:"platform,omitempty"`
	Pull              string            `json:"pull,omitempty"` // always|missing (""), never
	HealthStartPeriod string            `json:"healthStartPeriod,omitempty"`
	// HealthStartInterval: --health-start-interval, checks during the start period.
	HealthStartInterval string `json:"healthStartInterval,omitempty"`
	CIDFile             string `json:"cidFile,omitempty"` // --cidfile: written once the record exists
}

// checkHostOptions refuses what Docker refuses, before anything is made.
func checkHostOptions(o RunOptions) error {
	if err := checkAttach(o); err != nil {
		return err
	}
	for _, c := range []struct{ flag, v string }{{"--pid", o.PID}, {"--uts", o.UTS}} {
		if c.v != "" && c.v != "host" && c.v != "private" {
			return fmt.Errorf("invalid %s %q: only host and private are supported", c.flag, c.v)
		}
	}
	switch o.IPC {
	case "", "host", "private", "shareable":
	default:
		return fmt.Errorf("invalid --ipc %q: only host, private and shareable are supported", o.IPC)
	}
	if strings.HasPrefix(o.Network, "container:") && (len(o.AddHosts) > 0 || len(o.DNS) > 0 || len(o.DNSSearch) > 0 || len(o.DNSOptions) > 0) {
		return fmt.Errorf("conflicting options: --add-host/--dns* and --network container: (its /etc files are the other container's)")
	}
	if o.UTS == "host" && o.Hostname != "" {
		return fmt.Errorf("conflicting options: --hostname and --uts host")
	}
	switch o.Pull {
	case "", "missing", "always", "never":
	default:
		return fmt.Errorf("invalid --pull %q: want always, missing or never", o.Pull)
	}
	if err := checkPlatform(o.Platform); err != nil {
		return err
	}
	for _, h := range o.AddHosts {
		if _, err := network.ParseExtraHost(h); err != nil {
			return err
		}
	}
	for _, d := range o.Devices {
		if _, err := spec.ParseDevice(d); err != nil {
			return err
		}
	}
	for _, d := range [][2]string{{"--health-start-period", o.HealthStartPeriod}, {"--health-start-interval", o.HealthStartInterval}} {
		if _, err := durationFlag(d[0], d[1], 0); err != nil {
			return err
		}
	}
	if err := checkRaiseLimits(o); err != nil {
		return err
	}
	return dnsOf(o).Validate()
}

// HostPlatform is the only platform tent runs: os/arch of this binary.
func HostPlatform() string { return goruntime.GOOS + "/" + goruntime.GOARCH }

// checkPlatform accepts --platform os[/arch[/variant]] naming this host.
func checkPlatform(p string) error {
	if p == "" {
		return nil
	}
	parts := strings.Split(strings.ToLower(p), "/")
	ok := parts[0] == goruntime.GOOS && (len(parts) < 2 || parts[1] == goruntime.GOARCH || (parts[1] == "x86_64" && goruntime.GOARCH == "amd64"))
	if !ok || len(parts) > 3 {
		return fmt.Errorf("--platform %q: this host runs only %s (no emulation)", p, HostPlatform())
	}
	return nil
}

func dnsOf(o RunOptions) network.DNSConfig {
	return network.DNSConfig{Servers: o.DNS, Search: o.DNSSearch, Options: o.DNSOptions}
}

// extraHostsOf parses --add-host (checked by checkHostOptions).
func extraHostsOf(o RunOptions) []network.HostEntry {
	var out []network.HostEntry
	for _, h := range o.AddHosts {
		if e, err := network.ParseExtraHost(h); err == nil {
			out = append(out, e)
		}
	}
	return out
}

// hostSpecOptions are the spec options of HostOptions; c.Devices holds the
// --device nodes read from the host.
func hostSpecOptions(o RunOptions, c SpecContext) []spec.Option {
	opts := []spec.Option{
		spec.WithUlimits(o.Ulimits...), spec.WithGroupAdd(o.GroupAdd...), spec.WithSysctls(o.Sysctls),
		spec.WithShmSize(o.ShmSize), spec.WithDevices(c.Devices...),
	}
	if o.OOMScoreAdj != nil {
		opts = append(opts, spec.WithOOMScoreAdj(*o.OOMScoreAdj))
	}
	return append(opts, hostNamespaceOptions(o)...)
}

// hostNamespaceOptions are --pid, --ipc and --uts host as spec options.
func hostNamespaceOptions(o RunOptions) []spec.Option {
	var opts []spec.Option
	for _, ns := range []struct {
		mode string
		t    specs.LinuxNamespaceType
	}{{o.PID, specs.PIDNamespace}, {o.IPC, specs.IPCNamespace}, {o.UTS, specs.UTSNamespace}} {
		if ns.mode == "host" {
			opts = append(opts, spec.WithoutNamespace(ns.t))
		}
	}
	return opts
}

// hostDeviceNodes stats each --device host path: a character or block
// device (through a symlink, as Docker) gives the node made in the container.
func hostDeviceNodes(devs []string) ([]spec.Device, error) {
	var out []spec.Device
	for _, s := range devs {
		d, err := spec.ParseDevice(s)
		if err != nil {
			return nil, err
		}
		var st unix.Stat_t
		if err := unix.Stat(d.Host, &st); err != nil {
			return nil, fmt.Errorf("--device %s: %w", d.Host, err)
		}
		typ := map[uint32]string{unix.S_IFCHR: "c", unix.S_IFBLK: "b"}[st.Mode&unix.S_IFMT]
		if typ == "" {
			return nil, fmt.Errorf("--device %s: not a character or block device", d.Host)
		}
		mode := os.FileMode(st.Mode & 0o777)
		d.Node = specs.LinuxDevice{Type: typ, Major: int64(unix.Major(st.Rdev)), Minor: int64(unix.Minor(st.Rdev)),
			FileMode: &mode, UID: &st.Uid, GID: &st.Gid}
		out = append(out, d)
	}
	return out, nil
}
