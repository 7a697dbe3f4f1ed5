package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
)

// historyFlags are docker history's.
type historyFlags struct {
	human, noTrunc, quiet bool
	format                string
}

func newHistoryCmd() *cobra.Command {
	var f historyFlags
	cmd := &cobra.Command{
		Use:   "history [-q] [--no-trunc] [--format json|TEMPLATE] IMAGE",
		Short: "Show the history of an image (its layers)",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			s, err := openImages()
			if err != nil {
				return err
			}
			h, err := s.History(args[0])
			if err != nil {
				return err
			}
			return printHistory(os.Stdout, h, f)
		},
	}
	cmd.Flags().BoolVarP(&f.human, "human", "H", true, "sizes and dates in human-readable form")
	cmd.Flags().BoolVar(&f.noTrunc, "no-trunc", false, "do not truncate ids and commands")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "print ids only")
	cmd.Flags().StringVar(&f.format, "format", "", `"json" or a Go template ({{.ID}} {{.CreatedSince}} {{.CreatedBy}} {{.Size}} {{.Comment}})`)
	return cmd
}

// historyRow is one line of tent history, as docker history --format sees it.
type historyRow struct {
	ID           string
	CreatedAt    string
	CreatedSince string
	CreatedBy    string
	Size         string
	Comment      string
}

var historyHeader = historyRow{ID: "IMAGE", CreatedAt: "CREATED AT", CreatedSince: "CREATED",
	CreatedBy: "CREATED BY", Size: "SIZE", Comment: "COMMENT"}

func historyRows(h []image.HistoryEntry, f historyFlags) []historyRow {
	var rows []historyRow
	for _, e := range h {
		r := historyRow{ID: e.ID, CreatedAt: e.Created.Format(time.RFC3339), CreatedSince: imageAgo(e.Created),
			CreatedBy: strings.ReplaceAll(e.CreatedBy, "\t", " "), Size: fmt.Sprint(e.Size), Comment: e.Comment}
		if f.human {
			r.Size = imageSize(e.Size)
		} else {
			r.CreatedSince = r.CreatedAt
		}
		if !f.noTrunc {
			if e.ID != "<missing>" {
				r.ID = imageShortID(e.ID)
			}
			r.CreatedBy = ellipsis(r.CreatedBy, 45)
		}
		rows = append(rows, r)
	}
	return rows
}

func printHistory(w io.Writer, h []image.HistoryEntry, f historyFlags) error {
	rows := historyRows(h, f)
	switch {
	case f.quiet:
		for _, r := range rows {
			fmt.Fprintln(w, r.ID)
		}
		return nil
	case f.format == "json":
		return writeJSONLines(w, rows)
	case f.format != "":
		return writeTemplate(w, rows, f.format, historyHeader)
	}
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "IMAGE\tCREATED\tCREATED BY\tSIZE\tCOMMENT")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.CreatedSince, r.CreatedBy, r.Size, r.Comment)
	}
	return tw.Flush()
}
