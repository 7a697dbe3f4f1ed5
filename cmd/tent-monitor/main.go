// The monitor runs with GOMAXPROCS=1 from its environment (monitor.Spawn):
// the runtime need not read the cgroup's CPU limit at start nor poll it.
//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

package main

import (
	"fmt"
	"os"

	"github.com/tent-dev/tent/internal/monitor"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != monitor.Arg {
		fmt.Fprintln(os.Stderr, "tent-monitor is started by tent run -d; it is not a command of its own")
		os.Exit(2)
	}
	os.Exit(monitor.Main(os.Args[2:], os.Stderr))
}
