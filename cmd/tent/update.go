package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/spec"
)

func newUpdateCmd() *cobra.Command {
	var memory, swap, restart string
	var cpus float64
	var shares uint64
	var pids int64
	cmd := &cobra.Command{
		Use:   "update [OPTIONS] CONTAINER...",
		Short: "Update the limits and restart policy of one or more containers",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			u, err := updateOptions(cmd.Flags(), memory, swap, restart, cpus, shares, pids)
			if err != nil {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			return eachRef(args, func(ref string) error {
				if err := e.Update(ref, u); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVarP(&memory, "memory", "m", "", "memory limit (e.g. 64m)")
	f.StringVar(&swap, "memory-swap", "", "memory plus swap limit (-1: unlimited swap)")
	f.Float64Var(&cpus, "cpus", 0, "number of CPUs")
	f.Uint64VarP(&shares, "cpu-shares", "c", 0, "CPU shares (relative weight)")
	f.Int64Var(&pids, "pids-limit", 0, "process limit (-1: unlimited)")
	f.StringVar(&restart, "restart", "", "restart policy: no, always, unless-stopped, on-failure[:N]")
	return cmd
}

// updateOptions takes the flags given (only those) into engine.UpdateOptions.
func updateOptions(f *pflag.FlagSet, memory, swap, restart string, cpus float64, shares uint64, pids int64) (engine.UpdateOptions, error) {
	var u engine.UpdateOptions
	if f.Changed("memory") {
		n, err := spec.ParseBytes(memory)
		if err != nil {
			return u, fmt.Errorf("invalid --memory %q: %w", memory, err)
		}
		u.Memory = &n
	}
	if f.Changed("memory-swap") {
		n := int64(-1)
		if swap != "-1" {
			var err error
			if n, err = spec.ParseBytes(swap); err != nil {
				return u, fmt.Errorf("invalid --memory-swap %q: %w", swap, err)
			}
		}
		u.MemorySwap = &n
	}
	if f.Changed("cpus") {
		u.CPUs = &cpus
	}
	if f.Changed("cpu-shares") {
		u.CPUShares = &shares
	}
	if f.Changed("pids-limit") {
		u.PidsLimit = &pids
	}
	if f.Changed("restart") {
		u.Restart = &restart
	}
	if u == (engine.UpdateOptions{}) {
		return u, errors.New("you must provide one or more flags when using this command")
	}
	return u, nil
}
