package network

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"sort"
	"strings"
)

// DefaultDNS are the resolvers a container gets when the host has only
// loopback ones it could not reach (Docker's defaults).
var DefaultDNS = []string{"8.8.8.8", "8.8.4.4"}

// HostResolvConf reads the host's resolv.conf (etc, normally
// /etc/resolv.conf). When it names only loopback resolvers (systemd-resolved's
// 127.0.0.53 stub) and the upstream file (normally
// /run/systemd/resolve/resolv.conf) exists, it returns that one, as Docker does.
func HostResolvConf(etc, upstream string) ([]byte, error) {
	b, err := os.ReadFile(etc)
	if err != nil {
		return nil, fmt.Errorf("read host resolv.conf: %w", err)
	}
	if !onlyLoopback(b) {
		return b, nil
	}
	if u, err := os.ReadFile(upstream); err == nil {
		return u, nil
	}
	return b, nil
}

func onlyLoopback(b []byte) bool {
	ns := nameservers(b)
	for _, a := range ns {
		if !a.IsLoopback() {
			return false
		}
	}
	return len(ns) > 0
}

func nameservers(b []byte) []netip.Addr {
	var out []netip.Addr
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "nameserver" {
			if a, err := netip.ParseAddr(f[1]); err == nil {
				out = append(out, a)
			}
		}
	}
	return out
}

// ResolvConf makes a container's resolv.conf from the host's: search and
// options lines are kept; loopback and IPv6 nameservers (unreachable from
// the container's netns) are dropped; if none is left, DefaultDNS is used.
func ResolvConf(hostResolv []byte) []byte {
	var out bytes.Buffer
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(hostResolv))
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
			continue
		}
		if f[0] == "nameserver" {
			a, err := netip.ParseAddr(strings.SplitN(f[len(f)-1], "%", 2)[0])
			if len(f) < 2 || err != nil || a.IsLoopback() || !a.Is4() {
				continue
			}
			n++
		}
		out.WriteString(strings.Join(f, " ") + "\n")
	}
	if n == 0 {
		for _, d := range DefaultDNS {
			out.WriteString("nameserver " + d + "\n")
		}
	}
	return out.Bytes()
}

// Hosts makes a container's /etc/hosts: localhost lines, its own address
// with hostname and name, and peers (name → IP, other containers on a user
// network) sorted by name. An empty ip leaves out the container's own line.
func Hosts(name, hostname, ip string, peers map[string]string) []byte {
	return HostsWith(name, hostname, ip, peers, nil)
}

// HostsWith is Hosts with the --add-host lines after the default ones, as Docker's.
func HostsWith(name, hostname, ip string, peers map[string]string, extra []HostEntry) []byte {
	var b strings.Builder
	b.WriteString("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
	b.WriteString("fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n")
	for _, e := range extra {
		b.WriteString(e.IP + "\t" + e.Name + "\n")
	}
	if ip != "" {
		names := hostname
		if name != "" && name != hostname {
			names += " " + name
		}
		if names != "" {
			b.WriteString(ip + "\t" + strings.TrimSpace(names) + "\n")
		}
	}
	keys := make([]string, 0, len(peers))
	for k := range peers {
		if k != name && k != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(peers[k] + "\t" + k + "\n")
	}
	return []byte(b.String())
}
