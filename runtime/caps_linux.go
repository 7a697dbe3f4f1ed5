package runtime

import (
	"fmt"
	"strings"
	"sync"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// capSets are the five capability sets of the process, resolved from
// their "CAP_*" names.
type capSets struct {
	c                                                    capability.Capabilities
	bounding, effective, permitted, inheritable, ambient []capability.Cap
}

// capByName maps "CAP_CHOWN" to its number; built on first use, not at
// every start of tent and tent-init (~100 allocations).
var capByName = sync.OnceValue(func() map[string]capability.Cap {
	m := map[string]capability.Cap{}
	for _, c := range capability.ListKnown() {
		m["CAP_"+strings.ToUpper(c.String())] = c
	}
	return m
})

func capList(names []string) ([]capability.Cap, error) {
	last, _ := capability.LastCap()
	out := make([]capability.Cap, 0, len(names))
	for _, n := range names {
		c, ok := capByName()[strings.ToUpper(n)]
		if !ok {
			return nil, fmt.Errorf("capability %q: unknown", n)
		}
		if c > last {
			continue // not in this kernel: nothing to keep
		}
		out = append(out, c)
	}
	return out, nil
}

// newCapSets resolves the spec's sets (nil: no capabilities at all).
func newCapSets(pc *specs.LinuxCapabilities) (*capSets, error) {
	c, err := capability.NewPid2(0)
	if err != nil {
		return nil, fmt.Errorf("capabilities: %w", err)
	}
	s := &capSets{c: c}
	if pc == nil {
		return s, nil
	}
	lists := []struct {
		names []string
		dst   *[]capability.Cap
	}{{pc.Bounding, &s.bounding}, {pc.Effective, &s.effective}, {pc.Permitted, &s.permitted},
		{pc.Inheritable, &s.inheritable}, {pc.Ambient, &s.ambient}}
	for _, l := range lists {
		if *l.dst, err = capList(l.names); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// applyBounding drops every capability not in the bounding set
// (PR_CAPBSET_DROP; needs CAP_SETPCAP, so before the uid changes).
func (s *capSets) applyBounding() error {
	s.c.Clear(capability.BOUNDS)
	s.c.Set(capability.BOUNDING, s.bounding...)
	if err := s.c.Apply(capability.BOUNDS); err != nil {
		return fmt.Errorf("drop bounding capabilities: %w", err)
	}
	return nil
}

// apply sets effective, permitted, inheritable (capset) and ambient.
func (s *capSets) apply() error {
	s.c.Clear(capability.CAPS | capability.AMBS)
	s.c.Set(capability.EFFECTIVE, s.effective...)
	s.c.Set(capability.PERMITTED, s.permitted...)
	s.c.Set(capability.INHERITABLE, s.inheritable...)
	// The kernel raises an ambient capability only if it is permitted and
	// inheritable; others are skipped, as runc does (`runc spec` lists
	// ambient capabilities without inheritable ones).
	s.c.Set(capability.AMBIENT, raisable(s.ambient, s.permitted, s.inheritable)...)
	if err := s.c.Apply(capability.CAPS | capability.AMBS); err != nil {
		return fmt.Errorf("set capabilities: %w", err)
	}
	return nil
}

func raisable(ambient, permitted, inheritable []capability.Cap) []capability.Cap {
	in := func(c capability.Cap, set []capability.Cap) bool {
		for _, x := range set {
			if x == c {
				return true
			}
		}
		return false
	}
	var out []capability.Cap
	for _, c := range ambient {
		if in(c, permitted) && in(c, inheritable) {
			out = append(out, c)
		}
	}
	return out
}
