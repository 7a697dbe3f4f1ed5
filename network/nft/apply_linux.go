package nft

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	"github.com/google/nftables/userdata"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// ctStatusDNAT is IPS_DST_NAT in the conntrack status bits.
const ctStatusDNAT = 1 << 5

var table = &nftables.Table{Family: nftables.TableFamilyIPv4, Name: Table}

func chains() []*nftables.Chain {
	nat := func(name string, hook *nftables.ChainHook, prio *nftables.ChainPriority) *nftables.Chain {
		return &nftables.Chain{Name: name, Table: table, Type: nftables.ChainTypeNAT, Hooknum: hook, Priority: prio}
	}
	return []*nftables.Chain{
		nat(Prerouting, nftables.ChainHookPrerouting, nftables.ChainPriorityNATDest),
		nat(Output, nftables.ChainHookOutput, nftables.ChainPriorityNATDest),
		nat(Postrouting, nftables.ChainHookPostrouting, nftables.ChainPriorityNATSource),
		{Name: Raw, Table: table, Type: nftables.ChainTypeFilter, Hooknum: nftables.ChainHookPrerouting, Priority: nftables.ChainPriorityRaw},
		{Name: Forward, Table: table, Type: nftables.ChainTypeFilter, Hooknum: nftables.ChainHookForward, Priority: nftables.ChainPriorityFilter},
	}
}

// Conn is a netlink connection to nftables kept open across calls. Closing
// a NETLINK_NETFILTER socket while the kernel still frees deleted rules
// (after an RCU grace period) waits for that work, in close(2) or in the
// process's exit; a Conn that deleted rules is best left to a process
// nobody waits for (File). Safe for concurrent use.
type Conn struct {
	mu      sync.Mutex
	c       *nftables.Conn
	nl      *netlink.Conn // c's socket, for File
	deleted bool          // a commit deleted rules or elements (Deleted)
}

// Deleted says whether the connection has deleted rules or map elements:
// whether closing its socket waits for the kernel to free them.
func (c *Conn) Deleted() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deleted
}

// NewConn opens a lasting connection.
func NewConn() (*Conn, error) {
	c := &Conn{}
	if err := c.reopen(); err != nil {
		return nil, err
	}
	return c, nil
}

// File is a new file (a dup(2)) of the connection's socket: a process
// holding it keeps the socket open (see runtime.Linger).
func (c *Conn) File() (*os.File, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rc, err := c.nl.SyscallConn()
	if err != nil {
		return nil, fmt.Errorf("nftables socket: %w", err)
	}
	fd, derr := -1, error(nil)
	if err := rc.Control(func(s uintptr) { fd, derr = unix.FcntlInt(s, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, fmt.Errorf("nftables socket: %w", err)
	}
	if derr != nil {
		return nil, fmt.Errorf("dup nftables socket: %w", derr)
	}
	return os.NewFile(uintptr(fd), "nftables"), nil
}

// Close closes the connection.
func (c *Conn) Close() error { return c.c.CloseLasting() }

// Add appends rules in one atomic batch (see the package function Add).
func (c *Conn) Add(rules []Rule) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(rules) == 0 {
		return nil
	}
	if err := add(c.c, rules); err == nil {
		return nil
	}
	// No table or chain yet (or a broken connection): start afresh, so no
	// stale acknowledgement or error is left on the lasting socket.
	if err := c.reopen(); err != nil {
		return err
	}
	if err := declare(c.c); err != nil {
		return err
	}
	return add(c.c, rules)
}

// reopen replaces the connection by a fresh one.
func (c *Conn) reopen() error {
	if c.c != nil {
		c.c.CloseLasting()
	}
	var nl *netlink.Conn
	fresh, err := nftables.New(nftables.AsLasting(), nftables.WithSockOptions(func(n *netlink.Conn) error {
		nl = n
		return nil
	}))
	if err != nil {
		return fmt.Errorf("nftables: %w", err)
	}
	c.c, c.nl = fresh, nl
	return nil
}

// Delete removes every rule and port map element of owner.
func (c *Conn) Delete(owner string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := del(c.c, owner, false)
	c.deleted = c.deleted || n > 0
	if err != nil {
		return err
	}
	n, err = delElems(c.c, owner, false)
	c.deleted = c.deleted || n > 0
	return err
}

// Count is the number of rules of owner in the given chains (all if none
// given); each chain is one netlink dump.
func (c *Conn) Count(owner string, in ...string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return del(c.c, owner, true, in...)
}

func oneShot[T any](f func(*Conn) (T, error)) (T, error) {
	var zero T
	c, err := NewConn()
	if err != nil {
		return zero, err
	}
	defer c.Close()
	return f(c)
}

// Add appends rules in one atomic batch. It first sends the rules alone:
// re-declaring the table and base chains in every batch costs kernel time
// (hook re-registration checks and an RCU grace period), so
// only when that fails (no table or chain yet) is the batch sent again
// with them (create, never flush).
func Add(rules []Rule) error {
	_, err := oneShot(func(c *Conn) (struct{}, error) { return struct{}{}, c.Add(rules) })
	return err
}

func add(c *nftables.Conn, rules []Rule) error {
	byName := map[string]*nftables.Chain{}
	for _, ch := range chains() {
		byName[ch.Name] = ch
	}
	for _, r := range rules {
		ch, ok := byName[r.Chain]
		if !ok {
			return fmt.Errorf("nftables: unknown chain %q", r.Chain)
		}
		ex, err := exprs(r)
		if err != nil {
			return err
		}
		c.AddRule(&nftables.Rule{Table: table, Chain: ch, Exprs: ex,
			UserData: userdata.AppendString(nil, userdata.TypeComment, r.Owner)})
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("nftables: add rules: %w", err)
	}
	return nil
}

// Count is the number of rules of owner in the given chains (all if none given).
func Count(owner string, in ...string) (int, error) {
	return oneShot(func(c *Conn) (int, error) { return c.Count(owner, in...) })
}

// Delete removes every rule of owner in tent's table. No table, no error.
func Delete(owner string) error {
	_, err := oneShot(func(c *Conn) (struct{}, error) { return struct{}{}, c.Delete(owner) })
	return err
}

func del(c *nftables.Conn, owner string, dryRun bool, in ...string) (int, error) {
	n := 0
	for _, ch := range chains() {
		if len(in) > 0 && !slices.Contains(in, ch.Name) {
			continue
		}
		rules, err := c.GetRules(table, ch)
		if err != nil {
			continue // no table or chain yet: nothing of ours
		}
		for _, r := range rules {
			if s, ok := userdata.GetString(r.UserData, userdata.TypeComment); ok && s == owner {
				n++
				if !dryRun {
					if err := c.DelRule(r); err != nil {
						return n, fmt.Errorf("nftables: delete rule: %w", err)
					}
				}
			}
		}
	}
	if n == 0 || dryRun {
		return n, nil
	}
	if err := c.Flush(); err != nil {
		return n, fmt.Errorf("nftables: delete rules of %s: %w", owner, err)
	}
	return n, nil
}

func exprs(r Rule) ([]expr.Any, error) {
	var e []expr.Any
	if r.SrcNet.IsValid() {
		e = append(e, matchNet(12, r.SrcNet)...)
	}
	if r.DstNet.IsValid() {
		e = append(e, matchNet(16, r.DstNet)...)
	}
	if r.IifName != "" {
		e = append(e, &expr.Meta{Key: expr.MetaKeyIIFNAME, Register: 1},
			&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: ifname(r.IifName)})
	}
	if r.DstIP.IsValid() {
		e = append(e, matchNet(16, netipPrefix32(r.DstIP))...)
	}
	if r.DstLocal {
		e = append(e, &expr.Fib{Register: 1, FlagDADDR: true, ResultADDRTYPE: true},
			&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binary.NativeEndian.AppendUint32(nil, unix.RTN_LOCAL)})
	}
	if r.CtDNAT || r.NotDNAT {
		op := expr.CmpOpNeq
		if r.NotDNAT {
			op = expr.CmpOpEq
		}
		e = append(e, &expr.Ct{Key: expr.CtKeySTATUS, Register: 1},
			&expr.Bitwise{SourceRegister: 1, DestRegister: 1, Len: 4,
				Mask: binary.NativeEndian.AppendUint32(nil, ctStatusDNAT), Xor: make([]byte, 4)},
			&expr.Cmp{Op: op, Register: 1, Data: make([]byte, 4)})
	}
	if r.OifGlob != "" { // a prefix: compare only its bytes, no NUL
		e = append(e, &expr.Meta{Key: expr.MetaKeyOIFNAME, Register: 1},
			&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte(r.OifGlob)})
	}
	if r.OifName != "" {
		op := expr.CmpOpEq
		if r.OifNot {
			op = expr.CmpOpNeq
		}
		e = append(e, &expr.Meta{Key: expr.MetaKeyOIFNAME, Register: 1},
			&expr.Cmp{Op: op, Register: 1, Data: ifname(r.OifName)})
	}
	if r.Proto != "" {
		pm, err := matchPort(r.Proto, r.DPort)
		if err != nil {
			return nil, err
		}
		e = append(e, pm...)
	}
	switch r.Action {
	case Masquerade:
		return append(e, &expr.Masq{}), nil
	case Drop:
		return append(e, &expr.Verdict{Kind: expr.VerdictDrop}), nil
	case DNAT:
		if r.Map != "" {
			return append(e, mapDNAT(r)...), nil
		}
		a := r.ToAddr.As4()
		return append(e,
			&expr.Immediate{Register: 1, Data: a[:]},
			&expr.Immediate{Register: 2, Data: binary.BigEndian.AppendUint16(nil, r.ToPort)},
			&expr.NAT{Type: expr.NATTypeDestNAT, Family: unix.NFPROTO_IPV4, RegAddrMin: 1, RegProtoMin: 2, Specified: true}), nil
	}
	return nil, fmt.Errorf("nftables: unknown action %d", r.Action)
}
