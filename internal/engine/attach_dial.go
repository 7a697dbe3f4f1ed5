package engine

import (
	"errors"
	"fmt"
	"net"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/monitor"
)

// dialAttach connects to the attach socket of the container whose dir is
// dir (served by its monitor: internal/monitor, attach.go).
func dialAttach(dir string) (*net.UnixConn, error) {
	var c *net.UnixConn
	err := monitor.AttachSocketIn(dir, func(p string) error {
		var err error
		c, err = net.DialUnix("unix", nil, &net.UnixAddr{Name: p, Net: "unix"})
		return err
	})
	if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ECONNREFUSED) {
		return nil, fmt.Errorf("the container's monitor does not serve attach (not running, or started by an older tent): %w", err)
	}
	return c, err
}
