package monitor

import (
	"encoding/binary"
	"net"
	"testing"
	"time"
)

// run -it: the monitor waits for the CLI's attach before the start, and
// sends the exit code before it closes.
func TestAttachHubWaitsAndSendsExit(t *testing.T) {
	dir := t.TempDir()
	h, err := listenAttach(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.close(dir)
	waited := make(chan struct{})
	go func() { h.waitClient(10 * time.Second); close(waited) }()
	select {
	case <-waited:
		t.Fatal("waitClient returned with no client")
	case <-time.After(50 * time.Millisecond):
	}
	var c *net.UnixConn
	err = AttachSocketIn(dir, func(p string) error {
		var err error
		c, err = net.DialUnix("unix", nil, &net.UnixAddr{Name: p, Net: "unix"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
		t.Fatal("waitClient did not see the client")
	}
	h.broadcast(FrameStdout, []byte("out"))
	h.exit(137)
	for _, want := range []struct {
		typ  byte
		data []byte
	}{{FrameStdout, []byte("out")}, {FrameExit, binary.BigEndian.AppendUint32(nil, 137)}} {
		typ, data, err := ReadFrame(c)
		if err != nil || typ != want.typ || string(data) != string(want.data) {
			t.Fatalf("frame %d %q (%v), want %d %q", typ, data, err, want.typ, want.data)
		}
	}
	var none *attachHub
	none.waitClient(time.Hour) // no hub: no wait
	none.exit(1)
}
