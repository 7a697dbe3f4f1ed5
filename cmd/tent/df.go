package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/engine"
)

func newSystemDfCmd() *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "df [OPTIONS]",
		Short: "Show the disk space images, containers, volumes and the build cache use",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			du, err := e.DiskUsage()
			if err != nil {
				return err
			}
			if verbose {
				return writeDfVerbose(os.Stdout, du)
			}
			return writeDf(os.Stdout, du)
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show each image, container and volume")
	return cmd
}

// dfRow is one line of Docker's system df table.
type dfRow struct {
	typ               string
	total, active     int
	size, reclaimable int64
	noPercent         bool
}

func (r dfRow) String() string {
	rec := imageSize(r.reclaimable)
	if !r.noPercent && r.size > 0 {
		rec += fmt.Sprintf(" (%d%%)", r.reclaimable*100/r.size)
	}
	return fmt.Sprintf("%s\t%d\t%d\t%s\t%s", r.typ, r.total, r.active, imageSize(r.size), rec)
}

// dfRows sums du as Docker's TYPE TOTAL ACTIVE SIZE RECLAIMABLE table:
// what is not active is reclaimable.
func dfRows(du engine.DiskUsage) []dfRow {
	img := tally("Images", len(du.Images), func(i int) (int64, bool) { return du.Images[i].Size, du.Images[i].Containers > 0 })
	ctr := tally("Containers", len(du.Containers), func(i int) (int64, bool) { return du.Containers[i].Size, du.Containers[i].Running })
	vol := tally("Local Volumes", len(du.Volumes), func(i int) (int64, bool) { return du.Volumes[i].Size, du.Volumes[i].Links > 0 })
	cache := dfRow{typ: "Build Cache", size: du.BuildCache, reclaimable: du.BuildCache, noPercent: true}
	return []dfRow{img, ctr, vol, cache}
}

// tally is one row of n items, item i of size and active as f says.
func tally(typ string, n int, f func(i int) (size int64, active bool)) dfRow {
	r := dfRow{typ: typ, total: n}
	for i := 0; i < n; i++ {
		size, active := f(i)
		r.size += size
		if active {
			r.active++
		} else {
			r.reclaimable += size
		}
	}
	return r
}

func writeDf(w io.Writer, du engine.DiskUsage) error {
	tw := tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE")
	for _, r := range dfRows(du) {
		fmt.Fprintln(tw, r.String())
	}
	return tw.Flush()
}

func writeDfVerbose(w io.Writer, du engine.DiskUsage) error {
	tw := tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
	fmt.Fprint(tw, "Images space usage:\n\nREPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tCONTAINERS\n")
	for _, i := range du.Images {
		repo, tag := "<none>", "<none>"
		if len(i.Names) > 0 {
			r, t, _ := strings.Cut(image.Familiar(i.Names[0]), ":")
			repo, tag = r, t
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", repo, tag, imageShortID(i.ID), imageAgo(i.Created), imageSize(i.Size), i.Containers)
	}
	fmt.Fprint(tw, "\nContainers space usage:\n\nCONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n")
	for _, c := range du.Containers {
		fmt.Fprintf(tw, "%s\t%s\t%q\t%d\t%s\t%s\t%s\t%s\n", container.ShortID(c.ID), c.Image, ellipsis(c.Command, 20), c.Volumes,
			imageSize(c.Size), imageAgo(c.Created), c.Status, c.Name)
	}
	fmt.Fprint(tw, "\nLocal Volumes space usage:\n\nVOLUME NAME\tLINKS\tSIZE\n")
	for _, v := range du.Volumes {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", v.Name, v.Links, imageSize(v.Size))
	}
	fmt.Fprintf(tw, "\nBuild cache usage: %s\n", imageSize(du.BuildCache))
	return tw.Flush()
}
