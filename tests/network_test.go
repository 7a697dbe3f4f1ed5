package tests

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tent-dev/tent/network/netns"
)

// netServer is a container running busybox httpd on port 80 in the foreground
// (tent run --rm --init), serving "hello <tag>".
type netServer struct {
	IP  string
	cmd *exec.Cmd
}

var ipLine = regexp.MustCompile(`inet (\d+\.\d+\.\d+\.\d+)/`)

func netServe(t *testing.T, tag string, pre ...string) *netServer {
	t.Helper()
	www := t.TempDir()
	os.WriteFile(filepath.Join(www, "index.html"), []byte("hello "+tag), 0o644)
	args := append([]string{"run", "--rm", "--init", "-v", www + ":/www"}, pre...)
	args = append(args, busyboxImage(t), "sh", "-c", "ip -o -4 addr show eth0; exec httpd -f -p 80 -h /www")
	cmd := tentCmd(t, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &netServer{cmd: cmd}
	t.Cleanup(s.stop)
	line, _ := bufio.NewReader(out).ReadString('\n')
	m := ipLine.FindStringSubmatch(line)
	if m == nil {
		cmd.Wait()
		t.Fatalf("server %s: no address in %q; stderr:\n%s", tag, line, stderr.String())
	}
	s.IP = m[1]
	go io.Copy(io.Discard, out)
	netWaitHTTP(t, "http://"+s.IP+":80/", "hello "+tag)
	return s
}

func (s *netServer) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
	}
}

func netGet(url string) (string, error) {
	r, err := (&http.Client{Timeout: 2 * time.Second}).Get(url)
	if err != nil {
		return "", err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	return string(b), err
}

func netWaitHTTP(t *testing.T, url, want string) {
	t.Helper()
	var got string
	var err error
	for i := 0; i < 100; i++ {
		if got, err = netGet(url); err == nil && got == want {
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	t.Fatalf("GET %s = %q, %v; want %q", url, got, err, want)
}

func netFreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// netInspect returns `tent network inspect NAME`'s gateway and bridge.
func netInspect(t *testing.T, name string) (gateway, bridge string) {
	t.Helper()
	r := tent(t, "network", "inspect", name)
	mustSucceed(t, r)
	var v []struct{ Gateway, Bridge string }
	if err := json.Unmarshal([]byte(r.Stdout), &v); err != nil || len(v) != 1 {
		t.Fatalf("inspect %s: %v\n%s", name, err, r)
	}
	return v[0].Gateway, v[0].Bridge
}

func TestNetworkPublishedPortFromHost(t *testing.T) {
	port := netFreePort(t)
	s := netServe(t, "pub", "--name", "netpub", "-p", fmt.Sprintf("%d:80", port), "-p", "80")
	gw, _ := netInspect(t, "bridge")
	for _, url := range []string{
		fmt.Sprintf("http://127.0.0.1:%d/", port),
		fmt.Sprintf("http://localhost:%d/", port),
		fmt.Sprintf("http://%s:%d/", gw, port),
	} {
		netWaitHTTP(t, url, "hello pub")
	}
	r := tent(t, "port", "netpub")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, fmt.Sprintf("80/tcp -> 0.0.0.0:%d\n", port)) || strings.Count(r.Stdout, "\n") != 2 {
		t.Fatalf("tent port:\n%s", r)
	}
	// The random one (-p 80) answers too.
	r = tent(t, "port", "netpub", "80/tcp")
	for _, hp := range strings.Fields(r.Stdout) {
		netWaitHTTP(t, "http://127.0.0.1:"+strings.TrimPrefix(hp, "0.0.0.0:")+"/", "hello pub")
	}
	// A second container reaches the first directly and via the published port.
	r = tent(t, "run", "--rm", busyboxImage(t), "sh", "-c",
		fmt.Sprintf("wget -q -O- http://%s/ && echo && wget -q -O- http://%s:%d/", s.IP, gw, port))
	mustSucceed(t, r)
	if r.Stdout != "hello pub\nhello pub" {
		t.Fatalf("from another container: %q\n%s", r.Stdout, r)
	}
	s.stop()
	if _, err := netGet(fmt.Sprintf("http://127.0.0.1:%d/", port)); err == nil {
		t.Fatal("port still answers after the container is gone")
	}
}

func TestNetworkPingBetweenContainers(t *testing.T) {
	a := netServe(t, "a")
	r := tent(t, "run", "--rm", busyboxImage(t), "ping", "-c1", "-W2", a.IP)
	mustSucceed(t, r)
}

func TestNetworkPortConflictBeforeStart(t *testing.T) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	before := leakSnapshot(t)
	r := tent(t, "run", "--rm", "-p", fmt.Sprintf("%d:80", port), busyboxImage(t), "echo", "started")
	if r.Code != 125 || strings.Contains(r.Stdout, "started") || !strings.Contains(r.Stderr, "already in use") {
		t.Fatalf("want exit 125 with a clear error and no start:\n%s", r)
	}
	netAssertNoLeaks(t, before)
	// Another container's port.
	port2 := netFreePort(t)
	netServe(t, "holder", "-p", fmt.Sprintf("%d:80", port2))
	r = tent(t, "run", "--rm", "-p", fmt.Sprintf("127.0.0.1:%d:80", port2), busyboxImage(t), "echo", "started")
	if r.Code != 125 || strings.Contains(r.Stdout, "started") || !strings.Contains(r.Stderr, "already allocated") {
		t.Fatalf("want exit 125, port already allocated:\n%s", r)
	}
}

func TestNetworkUserNetworkNames(t *testing.T) {
	name := fmt.Sprintf("tnet%d", os.Getpid())
	mustSucceed(t, tent(t, "network", "create", name))
	t.Cleanup(func() { tent(t, "network", "rm", name) })
	if r := tent(t, "network", "ls"); !strings.Contains(r.Stdout, name) {
		t.Fatalf("network ls:\n%s", r)
	}
	netServe(t, "web", "--name", name+"-web", "--network", name)
	r := tent(t, "run", "--rm", "--name", name+"-cli", "--network", name, busyboxImage(t), "sh", "-c",
		"cat /etc/hosts; wget -q -O- http://"+name+"-web/")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "\t"+name+"-web\n") || !strings.HasSuffix(r.Stdout, "hello web") {
		t.Fatalf("by name on a user network:\n%s", r)
	}
	// A running member's hosts file follows joins and leaves (rewritten in place).
	img := busyboxImage(t)
	mustSucceed(t, tent(t, "run", "-d", "--name", name+"-a", "--network", name, img, "sleep", "60"))
	t.Cleanup(func() { tent(t, "rm", "-f", name+"-a", name+"-b") })
	mustSucceed(t, tent(t, "run", "-d", "--name", name+"-b", "--network", name, img, "sleep", "60"))
	if r := tent(t, "exec", name+"-a", "cat", "/etc/hosts"); !strings.Contains(r.Stdout, "\t"+name+"-b\n") {
		t.Fatalf("a's hosts lacks b:\n%s", r)
	}
	mustSucceed(t, tent(t, "rm", "-f", name+"-b"))
	if r := tent(t, "exec", name+"-a", "cat", "/etc/hosts"); strings.Contains(r.Stdout, name+"-b") {
		t.Fatalf("a's hosts still has b after rm:\n%s", r)
	}
	if r := tent(t, "network", "rm", "bridge"); r.Code == 0 {
		t.Fatal("removed the default network")
	}
}

func TestNetworkConcurrentDetachedRuns(t *testing.T) {
	const n = 30
	img := busyboxImage(t)
	var wg sync.WaitGroup
	ids := make([]string, n)
	res := make([]result, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res[i] = tent(t, "run", "-d", img, "sleep", "60")
			ids[i] = strings.TrimSpace(res[i].Stdout)
		}(i)
	}
	wg.Wait()
	t.Cleanup(func() {
		for _, id := range ids {
			if id != "" {
				tent(t, "rm", "-f", id)
			}
		}
	})
	for _, r := range res {
		mustSucceed(t, r)
	}
	r := tent(t, "network", "inspect", "bridge")
	mustSucceed(t, r)
	var v []struct {
		Containers map[string]struct{ IPAddress string }
	}
	if err := json.Unmarshal([]byte(r.Stdout), &v); err != nil || len(v) != 1 {
		t.Fatalf("inspect: %v\n%s", err, r)
	}
	seen := map[string]string{}
	for _, id := range ids {
		c, ok := v[0].Containers[id]
		if !ok || c.IPAddress == "" {
			t.Fatalf("container %s not on the bridge:\n%s", id, r.Stdout)
		}
		if other, dup := seen[c.IPAddress]; dup {
			t.Fatalf("%s given to %s and %s", c.IPAddress, other, id)
		}
		seen[c.IPAddress] = id
	}
	for _, id := range ids {
		mustSucceed(t, tent(t, "rm", "-f", id))
	}
	r = tent(t, "network", "inspect", "bridge")
	for _, id := range ids {
		if strings.Contains(r.Stdout, id) {
			t.Fatalf("lease of %s left after rm -f", id)
		}
	}
}

func TestNetworkCyclesLeaveNothing(t *testing.T) {
	img := busyboxImage(t)
	mustSucceed(t, tent(t, "run", "--rm", img, "true")) // the bridge and its rules stay by design
	before := leakSnapshot(t)
	port := netFreePort(t)
	for i := 0; i < 100; i++ {
		args := []string{"run", "--rm", "-p", fmt.Sprintf("%d:80", port), img, "true"}
		if i%2 == 1 {
			args = []string{"run", "--rm", img, "sh", "-c", "exit 3"} // a failing command
		}
		if r := tent(t, args...); r.Code != 0 && r.Code != 3 {
			t.Fatalf("cycle %d:\n%s", i, r)
		}
	}
	netAssertNoLeaks(t, before)
}

// netAssertNoLeaks is assertNoLeaks without network-level rules
// (tent:net:<bridge>): a test running alongside with a root of its own makes
// its bridge and rules, which stay by design.
func netAssertNoLeaks(t *testing.T, before leaks) {
	t.Helper()
	var added []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		added = added[:0]
		for _, a := range before.added(leakSnapshot(t)) {
			if !strings.Contains(a, `"tent:net:`) {
				added = append(added, a)
			}
		}
		if len(added) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(added) > 0 {
		t.Errorf("left behind after the containers were gone:\n  %s", strings.Join(added, "\n  "))
	}
}

// netRemoteHost makes a "remote host": a netns (ip netns) on its own veth
// and /24 (host side hostIP), and returns a dial function that connects from it.
func netRemoteHost(t *testing.T, hostIP, remoteIP string) func(addr string) (net.Conn, error) {
	t.Helper()
	ns, link := fmt.Sprintf("tentremote%d", os.Getpid()), fmt.Sprintf("trm%d", os.Getpid()%100000)
	t.Cleanup(func() { exec.Command("ip", "link", "del", link).Run(); exec.Command("ip", "netns", "del", ns).Run() })
	for _, args := range [][]string{
		{"netns", "add", ns},
		{"link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", ns},
		{"addr", "add", hostIP + "/24", "dev", link}, {"link", "set", link, "up"},
		{"-n", ns, "addr", "add", remoteIP + "/24", "dev", "eth0"}, {"-n", ns, "link", "set", "eth0", "up"},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v %s", args, err, out)
		}
	}
	// Nothing of the test may leave through the uplink: the route must be our link.
	if out, _ := exec.Command("ip", "route", "get", remoteIP).Output(); !strings.Contains(string(out), "dev "+link) {
		t.Fatalf("route to %s is not on %s: %s", remoteIP, link, out)
	}
	return func(addr string) (c net.Conn, err error) {
		err = netns.Do("/run/netns/"+ns, func() error {
			c, err = net.DialTimeout("tcp", addr, 3*time.Second)
			return err
		})
		return c, err
	}
}

func TestNetworkRemoteHostReachesPublishedPort(t *testing.T) {
	port := netFreePort(t)
	netServe(t, "remote", "-p", fmt.Sprintf("%d:80", port))
	dial := netRemoteHost(t, "10.202.77.1", "10.202.77.2")
	c, err := dial(fmt.Sprintf("10.202.77.1:%d", port))
	if err != nil {
		t.Fatalf("remote host → published port: %v", err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	fmt.Fprintf(c, "GET / HTTP/1.0\r\n\r\n")
	b, _ := io.ReadAll(c)
	if !strings.HasSuffix(string(b), "hello remote") {
		t.Fatalf("remote host got %q", b)
	}
}

// TestNetworkBridgedSeesItsOwnDevices: a container on the bridge (whose
// network namespace tent makes and the init joins by path) sees its own
// eth0 and lo, in /sys (sysfs shows the devices of the namespace it was
// mounted from) and in /proc/net/dev, and not the host's namespace. Run
// with and without a terminal (the static init, the Go init).
func TestNetworkBridgedSeesItsOwnDevices(t *testing.T) {
	host, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	const script = "ls /sys/class/net | tr '\\n' ' '; echo; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' '; echo; readlink /proc/self/ns/net"
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"static init", []string{"run", "--rm", busyboxImage(t), "sh", "-c", script}},
		{"Go init (terminal)", []string{"run", "--rm", "-t", busyboxImage(t), "sh", "-c", script}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tent(t, tc.args...)
			mustSucceed(t, r)
			lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(r.Stdout, "\r", "")), "\n")
			if len(lines) != 3 || strings.TrimSpace(lines[0]) != "eth0 lo" || strings.TrimSpace(lines[1]) != "eth0 lo" {
				t.Fatalf("want eth0 and lo in /sys/class/net and /proc/net/dev:\n%s", r)
			}
			if strings.TrimSpace(lines[2]) == host {
				t.Fatalf("the container is in the host's network namespace %s", host)
			}
		})
	}
}
