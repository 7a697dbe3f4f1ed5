package main

import (
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestExecProcess(t *testing.T) {
	base := &specs.Process{Args: []string{"init"}, Env: []string{"PATH=/bin"}, Cwd: "/", Terminal: true,
		User:         specs.User{UID: 5, GID: 5},
		Capabilities: &specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}, Effective: []string{"CAP_KILL"}, Permitted: []string{"CAP_KILL"}}}
	o := &execFlags{cwd: "/tmp", env: []string{"A=1"}, user: "1000:100", caps: []string{"net_admin", "CAP_KILL"}, additionalGids: []uint{7}}
	p, err := o.apply(base, []string{"sh", "-c", "id"})
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !slices.Equal(p.Args, []string{"sh", "-c", "id"}) || p.Cwd != "/tmp" || p.Terminal:
		t.Errorf("args/cwd/terminal %+v", p)
	case !slices.Equal(p.Env, []string{"PATH=/bin", "A=1"}) || len(base.Env) != 1:
		t.Errorf("env %v (base %v)", p.Env, base.Env)
	case p.User.UID != 1000 || p.User.GID != 100 || !slices.Equal(p.User.AdditionalGids, []uint32{7}):
		t.Errorf("user %+v", p.User)
	case !slices.Equal(p.Capabilities.Bounding, []string{"CAP_KILL", "CAP_NET_ADMIN"}) || len(base.Capabilities.Bounding) != 1:
		t.Errorf("caps %+v (base %+v)", p.Capabilities, base.Capabilities)
	}
	for _, u := range []string{"root", "1:x", ""} {
		if _, _, err := parseUser(u); err == nil {
			t.Errorf("parseUser(%q): no error", u)
		}
	}
	for _, bad := range []*execFlags{{preserveFDs: 1}, {processLabel: "x"}, {apparmor: "p"}} {
		if _, err := bad.processFor(nil, []string{"sh"}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
