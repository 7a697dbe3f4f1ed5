package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// apply is runc's exec without --process: the container's own process
// (env, user, caps, rlimits...) with args and the flags on top.
func (o *execFlags) apply(base *specs.Process, args []string) (*specs.Process, error) {
	p := *base
	p.Args = args
	p.Terminal = o.tty
	p.ConsoleSize = nil
	if o.cwd != "" {
		p.Cwd = o.cwd
	}
	p.Env = append(slices.Clone(base.Env), o.env...)
	if o.user != "" {
		uid, gid, err := parseUser(o.user)
		if err != nil {
			return nil, err
		}
		p.User = specs.User{UID: uid, GID: gid}
	}
	if len(o.additionalGids) > 0 {
		p.User.AdditionalGids = nil
		for _, g := range o.additionalGids {
			p.User.AdditionalGids = append(p.User.AdditionalGids, uint32(g))
		}
	}
	if o.noNewPrivs {
		p.NoNewPrivileges = true
	}
	if len(o.caps) > 0 {
		p.Capabilities = addCaps(base.Capabilities, o.caps)
	}
	return &p, nil
}

// parseUser reads UID[:GID] (numbers: runc exec resolves no names).
func parseUser(s string) (uint32, uint32, error) {
	u, g, hasGID := strings.Cut(s, ":")
	uid, err := strconv.ParseUint(u, 10, 32)
	if err != nil {
		return 0, 0, fmt.Errorf("--user %q: UID[:GID] as numbers", s)
	}
	var gid uint64
	if hasGID {
		if gid, err = strconv.ParseUint(g, 10, 32); err != nil {
			return 0, 0, fmt.Errorf("--user %q: UID[:GID] as numbers", s)
		}
	}
	return uint32(uid), uint32(gid), nil
}

// addCaps adds caps (CAP_ prefix optional) to the bounding, effective
// and permitted sets, as runc exec --cap does.
func addCaps(base *specs.LinuxCapabilities, caps []string) *specs.LinuxCapabilities {
	c := &specs.LinuxCapabilities{}
	if base != nil {
		*c = *base
	}
	sets := []*[]string{&c.Bounding, &c.Effective, &c.Permitted}
	for _, s := range sets {
		*s = slices.Clone(*s)
	}
	for _, name := range caps {
		name = strings.ToUpper(name)
		if !strings.HasPrefix(name, "CAP_") {
			name = "CAP_" + name
		}
		for _, s := range sets {
			if !slices.Contains(*s, name) {
				*s = append(*s, name)
			}
		}
	}
	return c
}
