package engine

import (
	"fmt"
	"os"
	goruntime "runtime"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
)

// Info is what `tent info` shows, in docker info's terms.
type Info struct {
	Containers, ContainersRunning, ContainersStopped int
	Images                                           int
	StorageDriver                                    string
	CgroupDriver                                     string
	CgroupVersion                                    string
	// SecurityOptions as docker info lists them: "name=seccomp,profile=builtin".
	SecurityOptions []string
	KernelVersion   string
	OSType          string
	Architecture    string
	NCPU            int
	MemTotal        int64
	RootDir         string
	StateDir        string
}

// Info gathers the host's and the stores' facts.
func (e *Engine) Info() (Info, error) {
	in := Info{StorageDriver: "overlay", CgroupDriver: "cgroupfs", OSType: "linux", NCPU: goruntime.NumCPU(),
		SecurityOptions: []string{"name=seccomp,profile=builtin"},
		RootDir:         e.Layout.Root, StateDir: e.Layout.State}
	if e.Images == nil || e.Containers == nil {
		return in, fmt.Errorf("info: stores not open")
	}
	recs, err := e.Containers.List()
	if err != nil {
		return in, err
	}
	for _, r := range recs {
		in.Containers++
		if r.State.Status == container.StatusRunning {
			in.ContainersRunning++
		} else {
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
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		in.KernelVersion = unix.ByteSliceToString(u.Release[:])
		in.Architecture = unix.ByteSliceToString(u.Machine[:])
	}
	var si unix.Sysinfo_t
	if unix.Sysinfo(&si) == nil {
		in.MemTotal = int64(si.Totalram) * int64(si.Unit)
	}
	if os.Geteuid() != 0 {
		in.SecurityOptions = append(in.SecurityOptions, "name=rootless")
	}
	return in, nil
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
