package network

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserNetworkHostsAndPing(t *testing.T) {
	dir := t.TempDir()
	hostsOf := func(id string) string { return filepath.Join(dir, id+".hosts") }
	m := testManager(t, WithHostsPath(hostsOf))
	n, err := m.CreateNetwork("appnet", "")
	if err != nil {
		t.Fatal(err)
	}
	if n.Subnet != "10.124.0.0/16" {
		t.Fatalf("user network got %s: the first candidate is the default network's", n.Subnet)
	}
	if _, err := m.CreateNetwork("appnet", ""); err == nil {
		t.Fatal("duplicate network created")
	}
	web := attach(t, m, AttachOpts{ContainerID: "webid000000000", Name: "web", Network: "appnet"})
	os.WriteFile(hostsOf("webid000000000"), Hosts("web", "webid0000000", web.IP, web.Peers), 0o644)
	ino := inode(t, hostsOf("webid000000000"))
	db := attach(t, m, AttachOpts{ContainerID: "dbid0000000000", Name: "db", Network: "appnet"})
	if db.Peers["web"] != web.IP {
		t.Fatalf("db's peers %v lack web %s", db.Peers, web.IP)
	}
	got, _ := os.ReadFile(hostsOf("webid000000000"))
	if !strings.Contains(string(got), db.IP+"\tdb\n") || inode(t, hostsOf("webid000000000")) != ino {
		t.Fatalf("web's hosts not rewritten in place:\n%s", got)
	}
	if out, err := inNetns(db.NetnsPath, "ping", "-c1", "-W2", web.IP).CombinedOutput(); err != nil {
		t.Fatalf("db → web: %v\n%s", err, out)
	}
	if err := m.RemoveNetwork("appnet"); err == nil || !strings.Contains(err.Error(), "active endpoints") {
		t.Fatalf("remove with members: %v", err)
	}
	if err := m.Detach("dbid0000000000"); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(hostsOf("webid000000000"))
	if strings.Contains(string(got), "\tdb\n") {
		t.Fatalf("db still in web's hosts after detach:\n%s", got)
	}
	_, members, err := m.Inspect("appnet")
	if err != nil || len(members) != 1 {
		t.Fatalf("inspect: %v %v", members, err)
	}
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return statIno(fi)
}
