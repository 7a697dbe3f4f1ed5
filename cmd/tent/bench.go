package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// newBenchCmd is `tent bench`: it execs tent-bench with the same arguments,
// so that tent's run path does not carry the VM and chart code.
func newBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "bench vm [-n N] [--json] [--chart FILE.svg|FILE.png] [--kernel PATH] [--initrd PATH] [--accel auto|kvm|tcg]",
		Short:              "Compare a VM's boot with a container's start (tent-bench)",
		DisableFlagParsing: true, // tent-bench parses them, --help too
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("tent bench: name a benchmark: vm (tent bench vm --help)")
			}
			return execHelper(benchHelperName, args[0], args[1:])
		},
	}
}
