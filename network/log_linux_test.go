package network

import (
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/network/nft"
)

func TestLogsNothingByDefault(t *testing.T) {
	m, err := New(t.TempDir(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if m.opts.log.On() {
		t.Fatal("a manager made without WithLogger logs")
	}
}

// recRules records the calls that reach it.
type recRules struct {
	calls   []string
	deleted bool // what Deleted says
}

func (r *recRules) Add(rules []nft.Rule) error { r.calls = append(r.calls, "add"); return nil }
func (r *recRules) Delete(string) error        { r.calls = append(r.calls, "delete"); return errors.New("x") }
func (r *recRules) AddPorts([]nft.Elem) error  { r.calls = append(r.calls, "add-ports"); return nil }
func (r *recRules) File() (*os.File, error) {
	r.calls = append(r.calls, "file")
	return os.Open(os.DevNull)
}
func (r *recRules) Deleted() bool { return r.deleted }
func (r *recRules) DeletePorts([]nft.Elem) error {
	r.calls = append(r.calls, "delete-ports")
	return nil
}
func (r *recRules) Count(string, ...string) (int, error) {
	r.calls = append(r.calls, "count")
	return 3, nil
}

func TestLoggedRules(t *testing.T) {
	l, h := testutil.DebugLogger()
	inner := &recRules{}
	var rules nftRules = loggedRules{inner, debuglog.New(l)}
	es := nft.PortElems("abc", netip.MustParseAddr("10.88.0.2"), []nft.Port{{HostPort: 8080, Proto: "tcp", CtrPort: 80}})
	if err := rules.AddPorts(es); err != nil {
		t.Fatal(err)
	}
	if err := rules.DeletePorts(es); err != nil {
		t.Fatal(err)
	}
	if err := rules.Delete(nft.CtrOwner("abc")); err == nil {
		t.Fatal("Delete's error was lost")
	}
	if n, _ := rules.Count("x"); n != 3 {
		t.Fatalf("Count %d", n)
	}
	if got := strings.Join(inner.calls, " "); got != "add-ports delete-ports delete count" {
		t.Errorf("calls %q", got)
	}
	want := "nft add element: ports tcp . 8080 : 10.88.0.2 . 80 comment \"tent:ctr:abc\"\n" +
		"nft delete element: ports tcp . 8080 : 10.88.0.2 . 80 comment \"tent:ctr:abc\"\n" +
		"nft delete: the rules of tent:ctr:abc\n"
	if got := testutil.Messages(h); got != want {
		t.Errorf("logged\n%s\nwant\n%s", got, want)
	}
}

func TestLogsAttachDetach(t *testing.T) {
	l, h := testutil.DebugLogger()
	m := testManager(t, WithLogger(l))
	id := strings.Repeat("ab", 32)
	a := attach(t, m, AttachOpts{ContainerID: id, Ports: []PortMapping{{HostPort: 0, ContainerPort: 80, Proto: "tcp"}}})
	if err := m.Detach(id); err != nil {
		t.Fatal(err)
	}
	out := testutil.Messages(h)
	for _, want := range []string{
		"netns " + a.NetnsPath + ": created",
		"lease " + id[:12] + ": network bridge, " + a.IP + "/16 via " + a.Gateway,
		"bridge " + m.opts.bridge + ": created",
		"veth " + a.HostVeth + " (bridge " + m.opts.bridge,
		"netns " + a.NetnsPath + ": eth0 " + a.IP + "/16 up, lo up, default route via " + a.Gateway,
		"nft add: postrouting ip saddr ",
		"nft add element: ports tcp . ",
		"nft delete element: ports tcp . ",
		"detach " + id[:12] + `: network "bridge"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no line %q in\n%s", want, out)
		}
	}
}

// TestLingeringRules: after a delete (of rules or of port elements) that
// deleted something, the socket is handed to the holder, once; adds and
// deletes that found nothing hand nothing, and a delete's error is kept.
func TestLingeringRules(t *testing.T) {
	var held []string
	m, err := New(t.TempDir(), t.TempDir(), WithLinger(func(fs ...*os.File) error {
		for _, f := range fs {
			held = append(held, f.Name())
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	inner := &recRules{}
	var rules nftRules = lingeringRules{inner, m}
	es := nft.PortElems("abc", netip.MustParseAddr("10.88.0.2"), []nft.Port{{HostPort: 8080, Proto: "tcp", CtrPort: 80}})
	if err := rules.AddPorts(es); err != nil || len(held) != 0 {
		t.Fatalf("AddPorts: %v, held %v; want nothing held", err, held)
	}
	if err := rules.DeletePorts(es); err != nil || len(held) != 0 {
		t.Fatalf("DeletePorts that deleted nothing: %v, held %v; want nothing held", err, held)
	}
	inner.deleted = true
	if err := rules.DeletePorts(es); err != nil {
		t.Fatal(err)
	}
	if err := rules.Delete(nft.CtrOwner("abc")); err == nil {
		t.Fatal("Delete's error was lost")
	}
	if got := strings.Join(inner.calls, " "); got != "add-ports delete-ports delete-ports file delete" {
		t.Errorf("calls %q", got)
	}
	if len(held) != 1 || held[0] != os.DevNull {
		t.Errorf("held %v; want the socket's file once", held)
	}
}
