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
