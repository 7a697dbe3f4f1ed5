// Package nft plans and applies tent's NAT rules in one nftables table of its
// own ("table ip tent"). Planning is pure (Rule values); apply_linux.go turns
// rules into netlink messages. Every rule carries an owner comment
// ("tent:net:<bridge>" or "tent:ctr:<id>") so it can be found and deleted
// without touching anything else; nothing is ever flushed.
package nft
