package network

import (
	"net"
	"os"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	vnetns "github.com/vishvananda/netns"

	"github.com/tent-dev/tent/network/netns"
)

// A container must not reach the host's loopback services through the
// gateway, which route_localnet on the bridge would otherwise allow
// (CVE-2020-8558): the container here routes 127.0.0.1 out of eth0 itself.
func TestContainerCannotReachHostLoopback(t *testing.T) {
	m := testManager(t)
	a := attach(t, m, AttachOpts{ContainerID: "sneaky"})
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ns, err := vnetns.GetFromPath(a.NetnsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	h, err := netlink.NewHandleAt(ns)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	// Without 127.0.0.1 on lo, 127.0.0.1 is not local in the container and
	// follows the default route to the gateway.
	lo, _ := h.LinkByName("lo")
	addr, _ := netlink.ParseAddr("127.0.0.1/8")
	if err := h.AddrDel(lo, addr); err != nil {
		t.Fatal(err)
	}
	err = netns.Do(a.NetnsPath, func() error {
		if err := os.WriteFile("/proc/sys/net/ipv4/conf/eth0/route_localnet", []byte("1"), 0o644); err != nil {
			return err
		}
		c, err := net.DialTimeout("tcp4", l.Addr().String(), time.Second)
		if err == nil {
			c.Close()
			t.Errorf("container reached the host's %s", l.Addr())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
