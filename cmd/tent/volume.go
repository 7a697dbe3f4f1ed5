package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/volume"
)

// newVolumeCmd is "tent volume": create, ls, inspect, rm, prune.
func newVolumeCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "volume", Short: "Manage volumes"}
	cmd.AddCommand(newVolumeCreateCmd(), newVolumeLsCmd(), newVolumeInspectCmd(), newVolumeRmCmd(), newVolumePruneCmd())
	return cmd
}

func newVolumeCreateCmd() *cobra.Command {
	var labels []string
	var driver string
	cmd := &cobra.Command{
		Use:   "create [OPTIONS] [VOLUME]",
		Short: "Create a volume",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if driver != "local" {
				return fmt.Errorf("volume driver %q is not supported (only local)", driver)
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			v, err := e.VolumeCreate(name, parseLabels(labels))
			if err != nil {
				return err
			}
			fmt.Println(v.Name)
			return nil
		},
	}
	stringArrayVar(cmd.Flags(), &labels, "label", "set metadata on the volume (KEY[=VALUE])")
	cmd.Flags().StringVarP(&driver, "driver", "d", "local", "volume driver (only local)")
	return cmd
}

// parseLabels parses KEY[=VALUE] labels.
func parseLabels(ls []string) map[string]string {
	m := map[string]string{}
	for _, l := range ls {
		k, v, _ := strings.Cut(l, "=")
		m[k] = v
	}
	return m
}

// volumeRow is one `volume ls` row, for --format.
type volumeRow struct {
	Driver, Name, Mountpoint, Scope, Labels string
}

func newVolumeLsCmd() *cobra.Command {
	var quiet bool
	var filters []string
	var format string
	cmd := &cobra.Command{
		Use:     "ls [OPTIONS]",
		Aliases: []string{"list"},
		Short:   "List volumes",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			f, err := volume.ParseFilter(filters)
			if err != nil {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			vols, err := e.VolumeList(f)
			if err != nil {
				return err
			}
			rows := make([]volumeRow, 0, len(vols))
			for _, v := range vols {
				rows = append(rows, volumeRow{Driver: v.Driver, Name: v.Name, Mountpoint: v.Mountpoint, Scope: v.Scope, Labels: labelString(v.Labels)})
			}
			switch {
			case quiet:
				format = "{{.Name}}"
			case format == "":
				format = "table {{.Driver}}\t{{.Name}}"
			case format == "json":
				format = "{{json .}}"
			}
			return writeTemplate(os.Stdout, rows, format, volumeRow{Driver: "DRIVER", Name: "VOLUME NAME", Mountpoint: "MOUNTPOINT", Scope: "SCOPE", Labels: "LABELS"})
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "only display volume names")
	stringArrayVarP(cmd.Flags(), &filters, "filter", "f", "filter: name=, label=KEY[=VALUE], dangling=true|false, driver=")
	cmd.Flags().StringVar(&format, "format", "", "format with a Go template, or json")
	return cmd
}

func labelString(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func newVolumeInspectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "inspect VOLUME...",
		Short: "Show volumes as JSON",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			out := []*volume.Volume{}
			var firstErr error
			for _, n := range args {
				v, err := e.VolumeInspect(n)
				if err != nil {
					firstErr = cmpErr(firstErr, err)
					continue
				}
				out = append(out, v)
			}
			b, err := json.MarshalIndent(out, "", "    ")
			if err != nil {
				return err
			}
			fmt.Println(string(b))
			return firstErr
		},
	}
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

func newVolumeRmCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:     "rm [OPTIONS] VOLUME...",
		Aliases: []string{"remove"},
		Short:   "Remove volumes (refused while a container uses one)",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			return eachRef(args, func(name string) error {
				if err := e.VolumeRemove(name, force); err != nil {
					return err
				}
				fmt.Println(name)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "no error for a missing volume")
	return cmd
}

func newVolumePruneCmd() *cobra.Command {
	var force, all bool
	var filters []string
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove unused volumes (anonymous ones; all unused with -a)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			f, err := volume.ParseFilter(filters)
			if err != nil {
				return err
			}
			what := "anonymous local volumes"
			if all {
				what = "all local volumes"
			}
			if ok, err := confirmPrune("WARNING! This will remove "+what+" not used by at least one container.", force); !ok {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			rep, err := e.VolumePrune(all, f)
			printDeleted("Deleted Volumes:", rep.Volumes)
			fmt.Printf("Total reclaimed space: %s\n", imageSize(rep.SpaceReclaimed))
			return err
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "do not prompt for confirmation")
	cmd.Flags().BoolVarP(&all, "all", "a", false, "remove all unused volumes, not only anonymous ones")
	stringArrayVar(cmd.Flags(), &filters, "filter", "filter: name=, label=KEY[=VALUE]")
	return cmd
}
