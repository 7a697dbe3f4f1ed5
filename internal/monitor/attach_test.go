package monitor

import (
	"net"
	"os"
	"testing"
	"time"
)

// The hub on raw unix sockets: a client gets the output broadcast, its
// input reaches the current run's stdin, and close removes the socket.
func TestAttachHub(t *testing.T) {
	dir := t.TempDir()
	h, err := listenAttach(dir)
	if err != nil {
		t.Fatal(err)
	}
	var c *net.UnixConn
	err = AttachSocketIn(dir, func(p string) error {
		c, err = net.DialUnix("unix", nil, &net.UnixAddr{Name: p, Net: "unix"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer inR.Close()
	defer inW.Close()
	h.setInput(inW)
	waitFor(t, func() bool { h.mu.Lock(); defer h.mu.Unlock(); return len(h.clients) == 1 })

	h.broadcast(FrameStderr, []byte("out"))
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	typ, data, err := ReadFrame(c)
	if err != nil || typ != FrameStderr || string(data) != "out" {
		t.Fatalf("client read %d %q %v, want stderr frame \"out\"", typ, data, err)
	}

	if err := WriteFrame(c, FrameStdin, []byte("in")); err != nil {
		t.Fatal(err)
	}
	_ = inR.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 8)
	if n, err := inR.Read(buf); err != nil || string(buf[:n]) != "in" {
		t.Fatalf("stdin got %q, %v; want \"in\"", buf[:n], err)
	}

	h.close(dir)
	if _, err := os.Stat(dir + "/" + AttachSocketName); !os.IsNotExist(err) {
		t.Errorf("socket left after close: %v", err)
	}
	if _, _, err := ReadFrame(c); err == nil {
		t.Error("client still connected after close")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatal("timed out")
}
