// Package nft plans and applies tent's NAT rules in one nftables table of its
// own ("table ip tent"). Planning is pure (Rule and Elem values);
// apply_linux.go and ports_linux.go turn them into netlink messages. Every
// rule carries an owner comment ("tent:net:<bridge>" for a network's rules,
// "tent:ports" for the port map lookups) so it can be found and deleted
// without touching anything else; nothing is ever flushed.
//
// Published ports are not rules: they are elements of two maps made with the
// table (MapAny keyed by proto . port, MapIP by address . proto . port, both
// to address . port), each element commented "tent:ctr:<id>". Four DNAT rules
// made once look the maps up, so a container's ports come and go as one batch
// of element changes, deleted by key, with no chain to list.
//
// Syscalls: a NETLINK_NETFILTER socket (google/nftables), on which each
// batch of NFT_MSG_NEWRULE / NFT_MSG_DELRULE or NEWSETELEM / DELSETELEM
// messages (and NEWTABLE / NEWCHAIN / NEWSET when missing) is one atomic
// transaction; GETRULE and GETSETELEM dumps list a chain's rules and a map's
// elements. The planning half makes none.
package nft
