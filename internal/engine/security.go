package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime/seccomp"
)

// seccompProfiles gives the spec package Docker's profiles (runtime/seccomp).
type seccompProfiles struct{}

func (seccompProfiles) Default(caps []string) (*specs.LinuxSeccomp, error) {
	return seccomp.DefaultProfile(caps)
}

func (seccompProfiles) Parse(data []byte, caps []string) (*specs.LinuxSeccomp, error) {
	return seccomp.ParseProfile(data, caps)
}

// securityOptions are the spec options of --cap-add, --cap-drop,
// --privileged and --security-opt; the seccomp profile is Docker's default
// for the final capabilities unless they say otherwise.
func securityOptions(o RunOptions, c SpecContext) []spec.Option {
	profiles := c.SeccompProfiles
	if profiles == nil {
		profiles = seccompProfiles{}
	}
	opts := []spec.Option{
		spec.WithSeccompProfiles(profiles), spec.WithCapAdd(o.CapAdd...), spec.WithCapDrop(o.CapDrop...),
		spec.WithPrivileged(o.Privileged), spec.WithSecurityOpts(o.SecurityOpt...),
	}
	if c.HostCapabilities != nil {
		opts = append(opts, spec.WithHostCapabilities(c.HostCapabilities))
	}
	if c.HostDevices != nil {
		opts = append(opts, spec.WithHostDevices(c.HostDevices))
	}
	return opts
}

// wantsAllCapabilities: --privileged or --cap-add ALL, for which "all" is
// the host's bounding set (hostCapabilities).
func wantsAllCapabilities(o RunOptions) bool {
	if o.Privileged {
		return true
	}
	for _, c := range o.CapAdd {
		if strings.EqualFold(strings.TrimSpace(c), "ALL") {
			return true
		}
	}
	return false
}

// hostCapabilities are the capabilities in tent's own bounding set, those
// a container can be given ("CAP_" names).
func hostCapabilities() ([]string, error) {
	c, err := capability.NewPid2(0)
	if err == nil {
		err = c.Load()
	}
	if err != nil {
		return nil, fmt.Errorf("read tent's capabilities: %w", err)
	}
	last, err := capability.LastCap()
	if err != nil {
		return nil, fmt.Errorf("read tent's capabilities: %w", err)
	}
	out := []string{}
	for _, k := range capability.ListKnown() {
		if k <= last && c.Get(capability.BOUNDING, k) {
			out = append(out, "CAP_"+strings.ToUpper(k.String()))
		}
	}
	return out, nil
}

// hostDevices are the host's device nodes under dir (/dev), which a
// privileged container gets, as Docker's: char and block devices, not
// those under pts, shm, mqueue, fd or hidden dirs, nor console and ptmx
// (the container's own pty's).
func hostDevices(dir string) ([]specs.LinuxDevice, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("host devices: %w", err)
	}
	var out []specs.LinuxDevice
	for _, ent := range ents {
		name, p := ent.Name(), filepath.Join(dir, ent.Name())
		if ent.IsDir() {
			if name == "pts" || name == "shm" || name == "mqueue" || name == "fd" || strings.HasPrefix(name, ".") {
				continue
			}
			sub, err := hostDevices(p)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
			continue
		}
		if name == "console" || name == "ptmx" || ent.Type()&(os.ModeDevice) == 0 {
			continue
		}
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			continue // gone meanwhile
		}
		typ := "c"
		if st.Mode&unix.S_IFMT == unix.S_IFBLK {
			typ = "b"
		}
		mode, uid, gid := os.FileMode(st.Mode&0o777), st.Uid, st.Gid
		out = append(out, specs.LinuxDevice{Path: p, Type: typ, Major: int64(unix.Major(st.Rdev)),
			Minor: int64(unix.Minor(st.Rdev)), FileMode: &mode, UID: &uid, GID: &gid})
	}
	return out, nil
}
