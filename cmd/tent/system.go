package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

func init() { register("system", newSystemCmd) }

func newSystemCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "system", Short: "Manage tent"}
	cmd.AddCommand(newSystemPruneCmd(), newInfoCmd())
	return cmd
}

func newSystemPruneCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove stopped containers and what crashed runs left (runtime state, cgroups, netns)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if !force && !confirm("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ") {
				return nil
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			rep, err := e.Prune()
			if len(rep.Containers) > 0 {
				fmt.Println("Deleted Containers:")
				for _, id := range rep.Containers {
					fmt.Println(id)
				}
			}
			if len(rep.Leftovers) > 0 {
				fmt.Printf("Cleaned up after %d crashed containers\n", len(rep.Leftovers))
			}
			return err
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "do not prompt for confirmation")
	return cmd
}

func confirm(prompt string) bool {
	fmt.Print(prompt)
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
