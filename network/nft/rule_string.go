package nft

import (
	"strconv"
	"strings"
)

// String is the rule in nft(8)'s syntax, for logs:
//
//	postrouting ip saddr 10.120.0.0/16 oifname != "tent0" masquerade comment "tent:net:tent0"
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString(r.Chain)
	if r.SrcNet.IsValid() {
		b.WriteString(" ip saddr " + r.SrcNet.String())
	}
	if r.DstNet.IsValid() {
		b.WriteString(" ip daddr " + r.DstNet.String())
	}
	if r.IifName != "" {
		b.WriteString(` iifname "` + r.IifName + `"`)
	}
	if r.OifName != "" {
		op := " "
		if r.OifNot {
			op = " != "
		}
		b.WriteString(` oifname` + op + `"` + r.OifName + `"`)
	}
	if r.OifGlob != "" {
		b.WriteString(` oifname "` + r.OifGlob + `*"`)
	}
	if r.DstLocal {
		b.WriteString(" fib daddr type local")
	}
	if r.CtDNAT {
		b.WriteString(" ct status dnat")
	}
	if r.NotDNAT {
		b.WriteString(" ct status != dnat")
	}
	if r.DstIP.IsValid() {
		b.WriteString(" ip daddr " + r.DstIP.String())
	}
	if r.Proto != "" {
		b.WriteString(" " + r.Proto + " dport " + strconv.Itoa(int(r.DPort)))
	}
	switch r.Action {
	case Masquerade:
		b.WriteString(" masquerade")
	case DNAT:
		b.WriteString(" dnat to " + r.dnatTarget())
	case Drop:
		b.WriteString(" drop")
	}
	if r.Owner != "" {
		b.WriteString(` comment "` + r.Owner + `"`)
	}
	return b.String()
}

func (r Rule) dnatTarget() string {
	switch r.Map {
	case MapAny:
		return "meta l4proto . th dport map @" + r.Map
	case MapIP:
		return "ip daddr . meta l4proto . th dport map @" + r.Map
	}
	return r.ToAddr.String() + ":" + strconv.Itoa(int(r.ToPort))
}

// String is the element in nft(8)'s syntax, for logs:
//
//	ports tcp . 8080 : 10.88.0.2 . 80 comment "tent:ctr:abc"
func (e Elem) String() string {
	key := e.Proto + " . " + strconv.Itoa(int(e.HostPort))
	if e.Map == MapIP {
		key = e.HostIP.String() + " . " + key
	}
	return e.Map + " " + key + " : " + e.ToAddr.String() + " . " + strconv.Itoa(int(e.ToPort)) + ` comment "` + e.Owner + `"`
}
