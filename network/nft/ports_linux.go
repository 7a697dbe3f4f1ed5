package nft

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	"golang.org/x/sys/unix"
)

// Registers of a concatenated key and of a map's address . port value:
// NFT_REG_1 is the 32-bit registers 8 to 11, one per padded field.
const (
	reg1     = 1
	reg32Key = 8
)

var toType = nftables.MustConcatSetType(nftables.TypeIPAddr, nftables.TypeInetService)

func portMaps() []*nftables.Set {
	return []*nftables.Set{
		{Table: table, Name: MapAny, IsMap: true, Concatenation: true,
			KeyType: nftables.MustConcatSetType(nftables.TypeInetProto, nftables.TypeInetService), DataType: toType},
		{Table: table, Name: MapIP, IsMap: true, Concatenation: true,
			KeyType: nftables.MustConcatSetType(nftables.TypeIPAddr, nftables.TypeInetProto, nftables.TypeInetService), DataType: toType},
	}
}

// mapDNAT looks the packet's key up in r.Map and DNATs to the value.
func mapDNAT(r Rule) []expr.Any {
	reg := uint32(reg32Key)
	var e []expr.Any
	if r.Map == MapIP {
		e = append(e, &expr.Payload{DestRegister: reg, Base: expr.PayloadBaseNetworkHeader, Offset: 16, Len: 4})
		reg++
	}
	return append(e,
		&expr.Meta{Key: expr.MetaKeyL4PROTO, Register: reg},
		&expr.Payload{DestRegister: reg + 1, Base: expr.PayloadBaseTransportHeader, Offset: 2, Len: 2},
		&expr.Lookup{SourceRegister: reg1, DestRegister: reg1, IsDestRegSet: true, SetName: r.Map},
		&expr.NAT{Type: expr.NATTypeDestNAT, Family: unix.NFPROTO_IPV4, RegAddrMin: reg1, RegProtoMin: reg32Key + 1, Specified: true})
}

// pad4 appends b padded with zeros to a multiple of 4 bytes (a concatenation field).
func pad4(dst, b []byte) []byte {
	dst = append(dst, b...)
	for len(b)%4 != 0 {
		dst, b = append(dst, 0), append(b, 0)
	}
	return dst
}

func setElem(e Elem) (nftables.SetElement, error) {
	var proto byte
	switch e.Proto {
	case "tcp":
		proto = unix.IPPROTO_TCP
	case "udp":
		proto = unix.IPPROTO_UDP
	default:
		return nftables.SetElement{}, fmt.Errorf("nftables: protocol %q", e.Proto)
	}
	var key []byte
	if e.Map == MapIP {
		a := e.HostIP.As4()
		key = a[:]
	}
	key = pad4(pad4(key, []byte{proto}), binary.BigEndian.AppendUint16(nil, e.HostPort))
	to := e.ToAddr.As4()
	val := pad4(to[:], binary.BigEndian.AppendUint16(nil, e.ToPort))
	return nftables.SetElement{Key: key, Val: val, Comment: e.Owner}, nil
}

// queueElems queues the adding (or deleting) of elems, grouped by map.
func queueElems(c *nftables.Conn, elems []Elem, del bool) error {
	for _, s := range portMaps() {
		var vals []nftables.SetElement
		for _, e := range elems {
			if e.Map != s.Name {
				continue
			}
			v, err := setElem(e)
			if err != nil {
				return err
			}
			vals = append(vals, v)
		}
		if len(vals) == 0 {
			continue
		}
		op := c.SetAddElements
		if del {
			op = c.SetDeleteElements
		}
		if err := op(s, vals); err != nil {
			return fmt.Errorf("nftables: map %s: %w", s.Name, err)
		}
	}
	return nil
}

// AddPorts adds published ports to the maps in one batch; when that fails
// (no table or map yet), it declares them and sends the batch again.
func (c *Conn) AddPorts(elems []Elem) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(elems) == 0 {
		return nil
	}
	if err := queueElems(c.c, elems, false); err != nil {
		return err
	}
	if c.c.Flush() == nil {
		return nil
	}
	if err := c.reopen(); err != nil {
		return err
	}
	if err := declare(c.c); err != nil {
		return err
	}
	if err := queueElems(c.c, elems, false); err != nil {
		return err
	}
	if err := c.c.Flush(); err != nil {
		return fmt.Errorf("nftables: publish ports: %w", err)
	}
	return nil
}

// DeletePorts removes published ports from the maps in one batch, knowing
// their keys: nothing is listed. When one is missing (the kernel refuses the
// whole batch), it falls back to deleting every element of their owner.
func (c *Conn) DeletePorts(elems []Elem) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(elems) == 0 {
		return nil
	}
	if err := queueElems(c.c, elems, true); err != nil {
		return err
	}
	err := c.c.Flush()
	if err == nil {
		c.deleted = true
		return nil
	}
	if !errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("nftables: unpublish ports: %w", err)
	}
	if err := c.reopen(); err != nil {
		return err
	}
	n, err := delElems(c.c, elems[0].Owner, false)
	c.deleted = c.deleted || n > 0
	return err
}

// delElems deletes (or counts) the map elements of owner; no map, none.
func delElems(c *nftables.Conn, owner string, dryRun bool) (int, error) {
	n := 0
	for _, s := range portMaps() {
		vals, err := c.GetSetElements(s)
		if err != nil {
			continue // no table or map yet: nothing of ours
		}
		var mine []nftables.SetElement
		for _, v := range vals {
			if v.Comment == owner {
				mine = append(mine, nftables.SetElement{Key: v.Key})
			}
		}
		n += len(mine)
		if len(mine) > 0 && !dryRun {
			if err := c.SetDeleteElements(s, mine); err != nil {
				return n, fmt.Errorf("nftables: map %s: %w", s.Name, err)
			}
		}
	}
	if n == 0 || dryRun {
		return n, nil
	}
	if err := c.Flush(); err != nil {
		return n, fmt.Errorf("nftables: unpublish ports of %s: %w", owner, err)
	}
	return n, nil
}

// declare makes the table, its base chains and port maps (create, never
// flush) and, when they are not there yet, the map lookup rules.
func declare(c *nftables.Conn) error {
	c.AddTable(table)
	for _, ch := range chains() {
		c.AddChain(ch)
	}
	for _, s := range portMaps() {
		if err := c.AddSet(s, nil); err != nil {
			return fmt.Errorf("nftables: map %s: %w", s.Name, err)
		}
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("nftables: declare table %s: %w", Table, err)
	}
	n, err := del(c, PortsOwner, true, Prerouting)
	if err != nil || n > 0 {
		return err
	}
	return add(c, PortMapRules())
}
