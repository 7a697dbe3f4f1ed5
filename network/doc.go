// Package network gives containers their network: a Linux bridge, a veth
// pair per container, addresses from a small IPAM, NAT and published ports
// through nftables, and network namespaces kept in files. Everything goes
// through netlink (vishvananda/netlink, google/nftables); tent never runs
// ip, iptables or nft.
//
// # The pieces
//
// A network namespace (netns) is a private copy of the network stack:
// interfaces, addresses, routes, sockets, netfilter rules. unshare(CLONE_NEWNET)
// makes one for the calling thread; tent bind-mounts
// /proc/self/task/<tid>/ns/net onto <state>/<id> so the namespace outlives
// the thread, and the container's init joins it by path (setns). Removing
// the file (umount + unlink) drops the last reference and the kernel tears
// the namespace down in its own cleanup work (package netns).
//
// A bridge is a virtual switch in the host's namespace: tent0 for the default
// network "bridge", tent-<8 hex> for user networks. It owns the subnet's
// gateway address (.1), so the host is the containers' router. Its alias
// (IFLA_IFALIAS "tent:<root>") says which tent root owns it: two roots never
// share a bridge, and a bridge whose root is gone is reclaimed.
//
// A veth pair is a virtual cable: what goes in one end comes out of the
// other. tent creates the pair with one RTM_NEWLINK message whose
// IFLA_LINKINFO/VETH_INFO_PEER carries IFLA_NET_NS_FD, so the peer is born
// inside the container's netns as eth0 (with a MAC derived from its IP,
// 02:42:a:b:c:d, as Docker does) and the host end (veth<8 hex>) is born
// enslaved to the bridge (IFLA_MASTER) and up. Creating the peer in place
// spares what creating it on the host and moving it (RTM_NEWLINK with
// IFLA_NET_NS_FD on an existing link) costs, mostly waits for RCU grace
// periods (docs/benchmarks.md, "Costs behind the design"). Inside the netns
// tent sends RTM_NEWADDR (the address), RTM_NEWLINK with IFF_UP (eth0 and
// lo) and RTM_NEWROUTE (default via the gateway), over a netlink socket
// opened inside the netns (netlink.NewHandleAt), so no thread of tent
// stays in the container's netns.
//
// IPAM (IP address management) is a lease file per container under
// <root>/leases/<id>.json, written under an flock on <root>/lock, so 30
// concurrent `tent run` processes get 30 distinct addresses. Addresses are
// handed out round-robin after the last one given (<root>/networks/<net>.last),
// so a just-freed address, whose old veth the kernel may still be
// destroying, is not reused at once. The netns is made in parallel with the
// locked reservation; Detach(id) needs no lease (it removes <state>/<id> and
// the rules by their owner comment), so a crash at any point leaves nothing
// it cannot remove. A lease whose netns is missing for
// over a minute (the CLI was killed mid-attach, the host rebooted and /run
// was emptied) is freed by the next allocation (gc), with its DNAT rules. Subnets are picked from a candidate list
// (10.120.0.0/16 first: no well-known engine's default, see
// ipam.DefaultCandidates), skipping anything that overlaps a host route or
// address, another tent network, or a subnet another engine is configured
// with: CNI's /etc/cni/net.d, podman's /etc/containers/networks, Docker's
// /etc/docker/daemon.json, and docker0's and podman's defaults when those
// engines are configured (configured.go, ipam.ConfiguredSubnets).
//
// # NAT
//
// All rules live in one table of tent's own, "table ip tent", with four
// base chains; rules carry a comment naming their owner (tent:net:<bridge>
// or tent:ctr:<id>) and are added and deleted one by one. tent never
// flushes a table or touches anyone else's rules (package nft).
//
//   - Masquerade (source NAT to the outgoing interface's address): packets
//     from the subnet leaving through any interface but the bridge, so
//     containers reach the outside with the host's address.
//   - DNAT (destination NAT) for -p HOST:CTR: in prerouting, packets from
//     other hosts to one of this host's addresses (fib daddr type local,
//     or the -p host address) and the host port get the container's
//     address and port. Conntrack rewrites the replies back.
//   - Connections the host makes itself do not pass prerouting, so the same
//     DNAT sits in the output chain too.
//   - Hairpin and route_localnet: a DNAT'd connection to 127.0.0.1 keeps its
//     source 127.0.0.1, which the kernel refuses to route out of a
//     non-loopback interface unless net.ipv4.conf.<bridge>.route_localnet=1,
//     and which the container could not answer anyway; so tent sets
//     route_localnet on the bridge and masquerades 127.0.0.0/8 sources going
//     into the bridge (they get the gateway's address). The host veth is in
//     hairpin mode so a container can reach its own published port.
//   - route_localnet has a cost: the bridge would also accept packets from
//     containers addressed to 127.0.0.1 and hand them to the host's
//     loopback-only services (CVE-2020-8558). A filter chain at raw
//     priority drops anything from the bridge to 127.0.0.0/8 (tested: without
//     the rule a container reaches a host 127.0.0.1 listener).
//   - Isolation, as Docker's: a forward filter rule per network drops what
//     goes from its bridge to any other tent bridge unless the connection
//     was DNAT'd to a published port.
//
// Why nftables and not a userland proxy (Docker's docker-proxy): tent has no
// daemon, so a proxy would be one more process per published port to start,
// supervise and clean up, and every byte would be copied through user space
// twice. The kernel's NAT needs no process, works for TCP and UDP alike,
// and keeps throughput at the direct path's (see the benchmark).
//
// Costs (figures in docs/benchmarks.md, "Costs behind the design"): adding
// a batch of rules is cheap, re-declaring the table and base chains in every
// batch is not, so they are declared only when a batch fails for want of
// them. Deleting rules is quick, but the kernel frees them later, after an
// RCU grace period, and the last close of a NETLINK_NETFILTER socket waits
// for that work, in close(2) or in the exit of the process holding it. So a
// Manager keeps one nftables connection open, and after its first delete
// hands a copy of the socket to a holder (WithLinger: runtime.Linger), which
// exits after this process: the socket's last close, and its wait, happen
// there, and a `tent run --rm -p` or `tent rm` exits without it.
// Detach skips the rule search when the lease says no ports were published.
//
// # Network modes
//
//   - bridge (default) and user networks: the above.
//   - none: Attach returns a fresh netns with only lo up (so --network none
//     and bridge both join a netns by path); Detach removes it.
//   - host: no netns (NetnsPath ""), the engine leaves the network
//     namespace out of the spec.
//   - container:<id|name>: the other container's NetnsPath, IP and MAC;
//     Detach of the joiner leaves the netns alone.
//
// # Names on user networks
//
// Containers on a user network find each other through /etc/hosts, not a
// DNS server: no daemon to run, nothing listening. Attach returns the
// current members in Attachment.Peers (the engine writes the new container's
// hosts file with Hosts), and Attach and Detach rewrite every member's hosts
// file in place (truncate + write, keeping the inode, since the file is
// bind-mounted into the container). resolv.conf comes from the host's with
// loopback resolvers (systemd-resolved's 127.0.0.53) replaced by the
// upstream ones or 8.8.8.8/8.8.4.4 (HostResolvConf, ResolvConf).
package network
