package network

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
)

// HostGateway in --add-host NAME:host-gateway stands for the address of
// the container's gateway on the host (its network's bridge), as Docker's.
const HostGateway = "host-gateway"

// HostEntry is one --add-host NAME:IP line of the container's /etc/hosts.
type HostEntry struct {
	Name string `json:"Name"`
	IP   string `json:"IP"`
}

// ParseExtraHost parses --add-host NAME:IP (or NAME=IP); IP is an IPv4 or
// IPv6 address, or HostGateway.
func ParseExtraHost(s string) (HostEntry, error) {
	name, ip, ok := strings.Cut(s, "=")
	if !ok {
		name, ip, ok = strings.Cut(s, ":")
	}
	ip = strings.TrimSuffix(strings.TrimPrefix(ip, "["), "]")
	switch {
	case !ok || name == "" || ip == "":
		return HostEntry{}, fmt.Errorf("invalid --add-host %q: want NAME:IP", s)
	case strings.ContainsAny(name, " \t\n#"):
		return HostEntry{}, fmt.Errorf("invalid --add-host %q: bad host name %q", s, name)
	case ip == HostGateway:
		return HostEntry{Name: name, IP: ip}, nil
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return HostEntry{}, fmt.Errorf("invalid --add-host %q: %q is not an IP address", s, ip)
	}
	return HostEntry{Name: name, IP: a.String()}, nil
}

// ResolveExtraHosts replaces HostGateway by gateway ("": the container has
// no gateway, and host-gateway is refused).
func ResolveExtraHosts(entries []HostEntry, gateway string) ([]HostEntry, error) {
	out := make([]HostEntry, 0, len(entries))
	for _, e := range entries {
		if e.IP == HostGateway {
			if gateway == "" {
				return nil, fmt.Errorf("--add-host %s:%s: the container has no gateway on this network", e.Name, HostGateway)
			}
			e.IP = gateway
		}
		out = append(out, e)
	}
	return out, nil
}

// DNSConfig are --dns, --dns-search and --dns-option: each one given
// replaces the host's lines of its kind, as Docker's. A search "." means
// no search domain.
type DNSConfig struct {
	Servers, Search, Options []string
}

// Validate checks the --dns servers are IP addresses.
func (c DNSConfig) Validate() error {
	for _, s := range c.Servers {
		if _, err := netip.ParseAddr(s); err != nil {
			return fmt.Errorf("invalid --dns %q: not an IP address", s)
		}
	}
	return nil
}

// ResolvConfWith is ResolvConf with the lines c replaces.
func ResolvConfWith(hostResolv []byte, c DNSConfig) []byte {
	base := ResolvConf(hostResolv)
	if len(c.Servers) == 0 && len(c.Search) == 0 && len(c.Options) == 0 {
		return base
	}
	var out bytes.Buffer
	for _, line := range strings.Split(strings.TrimSuffix(string(base), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 ||
			(f[0] == "nameserver" && len(c.Servers) > 0) ||
			((f[0] == "search" || f[0] == "domain") && len(c.Search) > 0) ||
			(f[0] == "options" && len(c.Options) > 0) {
			continue
		}
		out.WriteString(line + "\n")
	}
	if len(c.Search) > 0 && !(len(c.Search) == 1 && c.Search[0] == ".") {
		out.WriteString("search " + strings.Join(c.Search, " ") + "\n")
	}
	for _, s := range c.Servers {
		out.WriteString("nameserver " + s + "\n")
	}
	if len(c.Options) > 0 {
		out.WriteString("options " + strings.Join(c.Options, " ") + "\n")
	}
	return out.Bytes()
}
