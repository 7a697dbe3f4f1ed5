package engine

import (
	"fmt"
	"os"
	goruntime "runtime"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/version"
)

// Info is what `tent info` shows, with docker info's names (so that
// --format templates written for docker info work).
type Info struct {
	Name                                                               string // the host's name
	Containers, ContainersRunning, ContainersPaused, ContainersStopped int
	Images                                                             int
	Driver                                                             string      // storage driver
	DriverStatus                                                       [][2]string // [["Backing Filesystem", "extfs"]]
	CgroupDriver                                                       string
	CgroupVersion                                                      string
	// SecurityOptions as docker info lists them: "name=seccomp,profile=builtin".
	SecurityOptions []string
	Networks        []string               // bridge, host, none and user networks
	Runtimes        map[string]RuntimeInfo // tent, and tent-runc when it is beside tent
	DefaultRuntime  string
	KernelVersion   string
	OperatingSystem string
	OSType          string
	Architecture    string
	NCPU            int
	MemTotal        int64
	ServerVersion   string
	DockerRootDir   string // the data root (--root), docker info's name for it
	StateDir        string // the runtime state root (--state)
}

// RuntimeInfo is one Info.Runtimes entry.
type RuntimeInfo struct {
	Path string `json:"path"`
}

// Info gathers the host's and the stores' facts.
func (e *Engine) Info() (Info, error) {
	in := Info{Driver: "overlay", CgroupDriver: "cgroupfs", OSType: "linux", NCPU: goruntime.NumCPU(),
		DefaultRuntime: "tent", ServerVersion: version.Get().Version,
		DockerRootDir: e.Layout.Root, StateDir: e.Layout.State}
	if e.Images == nil || e.Containers == nil {
		return in, fmt.Errorf("info: stores not open")
	}
	recs, err := e.Containers.List()
	if err != nil {
		return in, err
	}
	for _, r := range recs {
		in.Containers++
		switch {
		case r.State.Status == container.StatusRunning && r.State.Paused:
			in.ContainersPaused++
		case r.State.Status == container.StatusRunning:
			in.ContainersRunning++
		default:
			in.ContainersStopped++
		}
	}
	imgs, err := e.Images.List()
	if err != nil {
		return in, err
	}
	in.Images = len(imgs)
	if v, err := e.Runtime.CgroupVersion(); err == nil {
		in.CgroupVersion = fmt.Sprint(v)
	}
	in.Name, _ = os.Hostname()
	hostFacts(&in)
	in.DriverStatus = [][2]string{{"Backing Filesystem", backingFS(e.Layout.Root)}}
	in.SecurityOptions = infoSecurityOptions(readFileString("/proc/self/status"), os.Geteuid() == 0)
	in.Networks = e.networkNames()
	in.Runtimes = runtimes()
	return in, nil
}

// hostFacts are uname's, sysinfo's and os-release's.
func hostFacts(in *Info) {
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		in.KernelVersion = unix.ByteSliceToString(u.Release[:])
		in.Architecture = unix.ByteSliceToString(u.Machine[:])
	}
	var si unix.Sysinfo_t
	if unix.Sysinfo(&si) == nil {
		in.MemTotal = int64(si.Totalram) * int64(si.Unit)
	}
	in.OperatingSystem = osRelease(readFileString("/etc/os-release"))
}

// SecurityOption splits "name=seccomp,profile=builtin" into its name and
// its other key=value pairs, as docker info prints them.
func SecurityOption(s string) (name string, kv [][2]string) {
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(part, "=")
		if k == "name" {
			name = v
			continue
		}
		kv = append(kv, [2]string{k, v})
	}
	return name, kv
}
