// Package nft plans and applies tent's NAT rules in one nftables table of its
// own ("table ip tent"). Planning is pure (Rule values); apply_linux.go turns
// rules into netlink messages. Every rule carries an owner comment
// ("tent:net:<bridge>" or "tent:ctr:<id>") so it can be found and deleted
// without touching anything else; nothing is ever flushed.
//
// Syscalls: a NETLINK_NETFILTER socket (google/nftables), on which each
// batch of NFT_MSG_NEWRULE / NFT_MSG_DELRULE messages (and NEWTABLE /
// NEWCHAIN when missing) is one atomic transaction, and GETRULE dumps list
// a chain's rules. The planning half makes none.
package nft
