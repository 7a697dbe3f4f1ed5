package tests

import (
	"net"
	"os"
	"strings"
	"testing"
)

// CVE-2020-13401: neither a container's netns nor its bridge on the host
// accept IPv6 router advertisements, so a container cannot announce
// itself as a router to its neighbours or the host.
func TestAcceptRAOff(t *testing.T) {
	if _, err := os.Stat("/proc/sys/net/ipv6"); err != nil {
		t.Skip("IPv6 is disabled on this host")
	}
	r := tent(t, "run", "--rm", busyboxImage(t), "sh", "-c",
		"cat /proc/sys/net/ipv6/conf/all/accept_ra /proc/sys/net/ipv6/conf/default/accept_ra /proc/sys/net/ipv6/conf/eth0/accept_ra; ip -o -4 route show default")
	mustSucceed(t, r)
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 4 || lines[0] != "0" || lines[1] != "0" || lines[2] != "0" {
		t.Fatalf("accept_ra (all, default, eth0) in the container, want 0 0 0:\n%s", r)
	}
	f := strings.Fields(lines[3]) // default via GW dev eth0
	if len(f) < 3 || f[1] != "via" {
		t.Fatalf("no default route in the container:\n%s", r)
	}
	br := bridgeWith(t, net.ParseIP(f[2]))
	b, err := os.ReadFile("/proc/sys/net/ipv6/conf/" + br + "/accept_ra")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(b)) != "0" {
		t.Fatalf("bridge %s accept_ra = %q, want 0", br, b)
	}
}

// bridgeWith names the host interface that holds ip (the containers' gateway).
func bridgeWith(t *testing.T, ip net.IP) string {
	t.Helper()
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ifs {
		addrs, _ := i.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
				return i.Name
			}
		}
	}
	t.Fatalf("no host interface has %s", ip)
	return ""
}
