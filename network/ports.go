package network

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ParsePorts turns -p specs and, with publishAll (-P), the image's exposed
// ports ("80/tcp") into mappings. Forms, as Docker's:
//
//	-p 8080:80             host port 8080 on every address → container 80/tcp
//	-p 127.0.0.1:8080:80   only on that host address
//	-p 127.0.0.1::80       that address, a free host port
//	-p 80  or  -p 53/udp   a free host port
//
// HostPort 0 means "pick a free one" (Attach does). Exposed ports that -p
// already publishes are not published again.
func ParsePorts(specs []string, exposed []string, publishAll bool) ([]PortMapping, error) {
	var out []PortMapping
	seen := map[string]bool{}
	for _, s := range specs {
		p, err := parsePort(s)
		if err != nil {
			return nil, err
		}
		seen[fmt.Sprintf("%d/%s", p.ContainerPort, p.Proto)] = true
		out = append(out, p)
	}
	if !publishAll {
		return out, nil
	}
	for _, e := range exposed {
		port, proto, err := portProto(e)
		if err != nil {
			return nil, fmt.Errorf("exposed port %q: %w", e, err)
		}
		if key := fmt.Sprintf("%d/%s", port, proto); !seen[key] {
			seen[key] = true
			out = append(out, PortMapping{ContainerPort: port, Proto: proto})
		}
	}
	return out, nil
}

func parsePort(s string) (PortMapping, error) {
	bad := func(err error) (PortMapping, error) {
		return PortMapping{}, fmt.Errorf("invalid port spec %q: %w", s, err)
	}
	if strings.HasPrefix(s, "[") {
		return bad(fmt.Errorf("IPv6 host addresses are not supported"))
	}
	rest, protoPart, _ := strings.Cut(s, "/")
	parts := strings.Split(rest, ":")
	var hostIP, hostPort, ctrPort string
	switch len(parts) {
	case 1:
		ctrPort = parts[0]
	case 2:
		hostPort, ctrPort = parts[0], parts[1]
	case 3:
		hostIP, hostPort, ctrPort = parts[0], parts[1], parts[2]
	default:
		return bad(fmt.Errorf("want [hostip:][hostport:]containerport[/proto]"))
	}
	m := PortMapping{}
	var err error
	if m.ContainerPort, m.Proto, err = portProto(ctrPort + "/" + protoPart); err != nil {
		return bad(err)
	}
	if hostPort != "" {
		if m.HostPort, err = port(hostPort); err != nil {
			return bad(err)
		}
	}
	if hostIP != "" {
		a, err := netip.ParseAddr(hostIP)
		if err != nil || !a.Is4() {
			return bad(fmt.Errorf("host address %q is not an IPv4 address", hostIP))
		}
		m.HostIP = a.String()
	}
	return m, nil
}

// portProto parses "80", "80/tcp" or "53/udp"; "80/" is tcp.
func portProto(s string) (uint16, string, error) {
	num, proto, _ := strings.Cut(s, "/")
	switch proto = strings.ToLower(proto); proto {
	case "":
		proto = "tcp"
	case "tcp", "udp":
	default:
		return 0, "", fmt.Errorf("protocol %q: want tcp or udp", proto)
	}
	p, err := port(num)
	return p, proto, err
}

func port(s string) (uint16, error) {
	if strings.Contains(s, "-") {
		return 0, fmt.Errorf("port ranges (%s) are not supported", s)
	}
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("port %q: want 1-65535", s)
	}
	return uint16(n), nil
}
