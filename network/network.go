package network

import (
	"context"
	"errors"
	"fmt"
	"github.com/tent-dev/tent/internal/trace"
	"os"
	"strings"
	"sync"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/network/ipam"
	"github.com/tent-dev/tent/network/nft"
)

// Network kinds a container can ask for besides a bridge network's name.
const (
	DefaultNetwork = "bridge" // tent0
	NoneNetwork    = "none"   // a netns with lo only
	HostNetwork    = "host"   // the host's netns: no netns file
	containerNS    = "container:"
)

// ErrNotFound is returned (wrapped) for an unknown network or container.
var ErrNotFound = errors.New("not found")

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
	Hostname    string        // the container's hostname (default: the first 12 chars of the id)
	Network     string        // "bridge" (default), a user-defined network, "none", "host", "container:<id|name>"
	Ports       []PortMapping // from ParsePorts; HostPort 0 means pick a free one
	ExtraHosts  []HostEntry   // --add-host lines, host-gateway resolved by Attach
	// Trace records the bridge attach's steps (netns, veth, address,
	// routes, nft rules) for tent run --trace; nil records nothing.
	Trace *trace.Tracer
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
	// Peers are the other containers on a user-defined network (name → IP)
	// at attach time, for the container's /etc/hosts (see Hosts).
	Peers map[string]string `json:"Peers,omitempty"`
	// ExtraHosts are the --add-host lines, host-gateway resolved; kept in
	// the lease so that a hosts file rewritten for new peers keeps them.
	ExtraHosts []HostEntry `json:"ExtraHosts,omitempty"`
}

// Option configures a Manager.
type Option func(*options)

type options struct {
	subnets   []string               // candidate subnets for new networks
	bridge    string                 // the default network's bridge name
	hostsPath func(id string) string // a container's bind-mounted /etc/hosts
	log       debuglog.Log
	linger    func(...*os.File) error // holds files past this process's exit

	configRoot string // where other engines' configs are read ("": /)
}

// WithSubnets sets the candidate subnets tried, in order, for new networks.
func WithSubnets(cidrs ...string) Option { return func(o *options) { o.subnets = cidrs } }

// WithBridgeName names the default network's bridge (default tent0).
func WithBridgeName(name string) Option { return func(o *options) { o.bridge = name } }

// WithHostsPath says where a container's hosts file is, so that Attach and
// Detach can rewrite the files of a user network's members in place.
func WithHostsPath(f func(id string) string) Option { return func(o *options) { o.hostsPath = f } }

// WithLogger logs the manager's decisions (netns, lease, veth, addresses,
// routes, bridges, sysctls, nftables rules, detach) at debug level to l; by
// default the manager logs nothing.
func WithLogger(l debuglog.Logger) Option { return func(o *options) { o.log = debuglog.New(l) } }

// WithLinger gives the manager a way to keep its nftables socket open past
// this process's exit (runtime.Linger): after deleting rules, closing the
// socket waits an RCU grace period, which the process's exit then skips.
func WithLinger(f func(...*os.File) error) Option { return func(o *options) { o.linger = f } }

// Manager owns tent's bridges, IPAM, nftables table and netns files.
type Manager struct {
	root  string // persistent state, e.g. /var/lib/tent/network
	state string // runtime files, e.g. /run/tent/netns
	opts  options

	nftOnce    sync.Once
	nftc       *nft.Conn
	nftErr     error
	lingerOnce sync.Once
}

// New returns a Manager keeping IPAM under root and netns files under state.
// Peers' hosts files are rewritten only when WithHostsPath says where they are.
func New(root, state string, opts ...Option) (*Manager, error) {
	if root == "" || state == "" {
		return nil, errors.New("network: root and state dirs are required")
	}
	o := options{subnets: ipam.DefaultCandidates, bridge: "tent0"}
	for _, f := range opts {
		f(&o)
	}
	return &Manager{root: root, state: state, opts: o}, nil
}

// Attach makes a netns (bind-mounted under the state dir) with the container's
// interface, address, routes, NAT and port rules. The runtime then joins
// Attachment.NetnsPath. It runs before and concurrently with rootfs setup.
// On error nothing of the container is left behind.
func (m *Manager) Attach(ctx context.Context, o AttachOpts) (*Attachment, error) {
	if err := validID(o.ContainerID); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A second Attach must not clean up (and so destroy) the first one's work.
	if _, err := os.Stat(m.leasePath(o.ContainerID)); err == nil {
		return nil, fmt.Errorf("container %s is already attached", short(o.ContainerID))
	}
	name := o.Network
	if name == "" {
		name = DefaultNetwork
	}
	switch {
	case name == HostNetwork:
		if len(o.Ports) > 0 {
			return nil, errors.New("network host: published ports make no sense, the container uses the host's ports")
		}
		return &Attachment{Network: HostNetwork}, nil
	case name == NoneNetwork:
		return m.attachNone(o)
	case strings.HasPrefix(name, containerNS):
		return m.attachContainer(o, strings.TrimPrefix(name, containerNS))
	}
	a, err := m.attachBridge(ctx, o, name)
	if err != nil {
		if dErr := m.Detach(o.ContainerID); dErr != nil {
			err = errors.Join(err, fmt.Errorf("clean up: %w", dErr))
		}
		return nil, fmt.Errorf("attach %s to network %s: %w", short(o.ContainerID), name, err)
	}
	return a, nil
}

func validID(id string) error {
	if id == "" || strings.ContainsAny(id, "/\x00") || id == "." || id == ".." || strings.HasPrefix(id, ".") {
		return fmt.Errorf("network: invalid container id %q", id)
	}
	return nil
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
