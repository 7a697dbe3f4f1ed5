package network

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

type portKey struct {
	proto string
	port  uint16
}

// leasedPorts maps every host port held by a lease to its host address.
func leasedPorts(all []lease) map[portKey][]string {
	out := map[portKey][]string{}
	for _, l := range all {
		for _, p := range l.Ports {
			k := portKey{p.Proto, p.HostPort}
			out[k] = append(out[k], p.HostIP)
		}
	}
	return out
}

// resolvePorts checks that every requested host port is free (neither
// another container's nor bound by a host socket) and picks free ones for
// HostPort 0. Caller holds the lock, so two containers never get one port.
func resolvePorts(req []PortMapping, taken map[portKey][]string) ([]PortMapping, error) {
	out := make([]PortMapping, 0, len(req))
	for _, p := range req {
		if p.HostPort == 0 {
			var err error
			if p.HostPort, err = freePort(p, taken); err != nil {
				return nil, err
			}
		} else if err := checkPort(p, taken); err != nil {
			return nil, err
		}
		k := portKey{p.Proto, p.HostPort}
		taken[k] = append(taken[k], p.HostIP)
		out = append(out, p)
	}
	return out, nil
}

func checkPort(p PortMapping, taken map[portKey][]string) error {
	for _, ip := range taken[portKey{p.Proto, p.HostPort}] {
		if ip == "" || p.HostIP == "" || ip == p.HostIP {
			return fmt.Errorf("bind for %s:%d/%s failed: port is already allocated", hostOrAny(p.HostIP), p.HostPort, p.Proto)
		}
	}
	c, err := bindProbe(p.Proto, p.HostIP, p.HostPort)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("bind for %s:%d/%s failed: address already in use on the host", hostOrAny(p.HostIP), p.HostPort, p.Proto)
		}
		return fmt.Errorf("check host port %d/%s: %w", p.HostPort, p.Proto, err)
	}
	c.Close()
	return nil
}

// freePort asks the kernel for a free port (bind to port 0) that no container holds.
func freePort(p PortMapping, taken map[portKey][]string) (uint16, error) {
	for i := 0; i < 20; i++ {
		c, err := bindProbe(p.Proto, p.HostIP, 0)
		if err != nil {
			return 0, fmt.Errorf("pick a host port for %d/%s: %w", p.ContainerPort, p.Proto, err)
		}
		port := localPort(c)
		c.Close()
		if len(taken[portKey{p.Proto, port}]) == 0 {
			return port, nil
		}
	}
	return 0, fmt.Errorf("pick a host port for %d/%s: none free", p.ContainerPort, p.Proto)
}

type closer interface{ Close() error }

func bindProbe(proto, ip string, port uint16) (closer, error) {
	addr := net.JoinHostPort(ip, strconv.Itoa(int(port)))
	if proto == "udp" {
		return net.ListenPacket("udp4", addr)
	}
	return net.Listen("tcp4", addr)
}

func localPort(c closer) uint16 {
	switch c := c.(type) {
	case net.Listener:
		return uint16(c.Addr().(*net.TCPAddr).Port)
	case net.PacketConn:
		return uint16(c.LocalAddr().(*net.UDPAddr).Port)
	}
	return 0
}

func hostOrAny(ip string) string {
	if ip == "" {
		return "0.0.0.0"
	}
	return ip
}
