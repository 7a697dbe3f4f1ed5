package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newSystemCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "system", Short: "Manage tent"}
	cmd.AddCommand(newSystemPruneCmd(), newInfoCmd(), newSystemDfCmd())
	return cmd
}

func newSystemPruneCmd() *cobra.Command {
	var force, all, volumes bool
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove stopped containers, dangling images (all unused with -a), anonymous volumes (--volumes) and what crashed runs left",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if ok, err := confirmPrune(systemPruneWarning(all, volumes), force); !ok {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			return systemPrune(e, all, volumes)
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "do not prompt for confirmation")
	cmd.Flags().BoolVarP(&all, "all", "a", false, "remove all unused images, not only dangling ones")
	cmd.Flags().BoolVar(&volumes, "volumes", false, "also remove anonymous volumes no container uses")
	return cmd
}

func systemPruneWarning(all, volumes bool) string {
	w := "WARNING! This will remove:\n  - all stopped containers\n"
	if volumes {
		w += "  - all anonymous volumes not used by at least one container\n"
	}
	if all {
		w += "  - all images without at least one container associated to them\n"
	} else {
		w += "  - all dangling images\n"
	}
	return w
}

func systemPrune(e *engine.Engine, all, volumes bool) error {
	rep, err := e.Prune()
	printDeleted("Deleted Containers:", rep.Containers)
	if len(rep.Leftovers) > 0 {
		fmt.Printf("Cleaned up after %d crashed containers\n", len(rep.Leftovers))
	}
	var space int64
	if volumes {
		vr, verr := e.VolumePrune(false, nil)
		printDeleted("Deleted Volumes:", vr.Volumes)
		space, err = vr.SpaceReclaimed, errors.Join(err, verr)
	}
	ir, ierr := e.ImagePrune(all)
	printImagesDeleted(ir)
	fmt.Printf("Total reclaimed space: %s\n", imageSize(space+ir.SpaceReclaimed))
	return errors.Join(err, ierr)
}

// confirmPrune asks "Are you sure" unless force. No answer (stdin closed
// or empty) is refused with an error, so a script without -f never prunes
// by accident nor hangs; an answer other than y stops the command.
func confirmPrune(warning string, force bool) (ok bool, err error) {
	if force {
		return true, nil
	}
	fmt.Print(warning + "\nAre you sure you want to continue? [y/N] ")
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if errors.Is(err, io.EOF) && strings.TrimSpace(line) == "" {
		fmt.Println()
		return false, errors.New("no confirmation on stdin: use -f to prune without a prompt")
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

func printDeleted(title string, ids []string) {
	if len(ids) == 0 {
		return
	}
	fmt.Println(title)
	for _, id := range ids {
		fmt.Println(id)
	}
	fmt.Println()
}

func printImagesDeleted(r engine.ImagePruneReport) {
	if len(r.Removed.Untagged)+len(r.Removed.Deleted) == 0 {
		return
	}
	fmt.Println("Deleted Images:")
	for _, n := range r.Removed.Untagged {
		fmt.Println("untagged: " + n)
	}
	for _, d := range r.Removed.Deleted {
		fmt.Println("deleted: " + d)
	}
	fmt.Println()
}
