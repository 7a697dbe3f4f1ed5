package ipam

import (
	"encoding/json"
	"net/netip"
	"strings"
)

// Well-known engines' default subnets, taken whenever the engine is
// configured on the host even when it has not made its bridge yet.
var (
	DockerDefaultBridge  = netip.MustParsePrefix("172.17.0.0/16") // docker0 without "bip"
	PodmanDefaultNetwork = netip.MustParsePrefix("10.88.0.0/16")  // podman's "podman" network (no file)
)

// EngineConfigs are other engines' network config files as read from the
// host: CNI (/etc/cni/net.d/*.conflist, *.conf), podman
// (/etc/containers/networks/*.json) and Docker (/etc/docker/daemon.json).
// HasDocker and HasPodman say whether the engine is configured at all
// (its config directory exists).
type EngineConfigs struct {
	CNI, Podman          [][]byte
	DockerDaemon         []byte
	HasDocker, HasPodman bool
}

// ConfiguredSubnets are the subnets the configs claim: every "subnet" of
// CNI and podman files (at any depth: CNI's ipam.subnet and ranges,
// podman's subnets[].subnet), Docker's bip, fixed-cidr and
// default-address-pools bases, and the engines' defaults when they are
// configured. Unparseable files and values are skipped.
func ConfiguredSubnets(c EngineConfigs) []netip.Prefix {
	var out []netip.Prefix
	for _, b := range append(append([][]byte{}, c.CNI...), c.Podman...) {
		var v any
		if json.Unmarshal(b, &v) == nil {
			out = append(out, subnetValues(v)...)
		}
	}
	if c.HasPodman {
		out = append(out, PodmanDefaultNetwork)
	}
	if c.HasDocker || len(c.DockerDaemon) > 0 {
		out = append(out, dockerSubnets(c.DockerDaemon)...)
	}
	return out
}

// subnetValues collects the values of "subnet" keys anywhere in v.
func subnetValues(v any) []netip.Prefix {
	var out []netip.Prefix
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && strings.EqualFold(k, "subnet") {
				if p, ok := parsePrefix(s); ok {
					out = append(out, p)
				}
				continue
			}
			out = append(out, subnetValues(val)...)
		}
	case []any:
		for _, val := range x {
			out = append(out, subnetValues(val)...)
		}
	}
	return out
}

// dockerSubnets are daemon.json's bip (else 172.17/16), fixed-cidr and
// default-address-pools bases.
func dockerSubnets(daemon []byte) []netip.Prefix {
	var d struct {
		Bip       string `json:"bip"`
		FixedCIDR string `json:"fixed-cidr"`
		Pools     []struct {
			Base string `json:"base"`
		} `json:"default-address-pools"`
	}
	_ = json.Unmarshal(daemon, &d)
	out := []netip.Prefix{DockerDefaultBridge}
	if p, ok := parsePrefix(d.Bip); ok {
		out[0] = p
	}
	if p, ok := parsePrefix(d.FixedCIDR); ok {
		out = append(out, p)
	}
	for _, pool := range d.Pools {
		if p, ok := parsePrefix(pool.Base); ok {
			out = append(out, p)
		}
	}
	return out
}

func parsePrefix(s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}
