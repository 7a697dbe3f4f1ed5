package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/network"
)

func newPsCmd() *cobra.Command {
	var all, quiet, noTrunc bool
	var format string
	var filters []string
	cmd := &cobra.Command{
		Use:     "ps [OPTIONS]",
		Aliases: []string{"list", "ls"},
		Short:   "List containers",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			f, err := engine.ParseFilters(filters)
			if err != nil {
				return err
			}
			list, gc, err := e.ListThenGC(all, f)
			if err != nil {
				return err
			}
			now := time.Now()
			rows := make([]psRow, len(list))
			for i, s := range list {
				rows[i] = newPsRow(s, now, noTrunc)
			}
			out := bufio.NewWriter(os.Stdout) // one write, not one per cell
			err = writePs(out, rows, format, quiet)
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return err
			}
			// What crashed runs left (state, cgroups, netns of dead containers)
			// goes now: ps has just reconciled every record.
			_, _ = gc()
			return nil
		},
	}
	fs := cmd.Flags()
	fs.BoolVarP(&all, "all", "a", false, "show all containers (default shows just running)")
	fs.BoolVarP(&quiet, "quiet", "q", false, "only display container IDs")
	fs.BoolVar(&noTrunc, "no-trunc", false, "don't truncate output")
	fs.StringVar(&format, "format", "", "format output: table, json or a Go template")
	stringArrayVarP(fs, &filters, "filter", "f", "filter: label=KEY[=VALUE], name=, status=, ancestor=, id=")
	return cmd
}

// psRow is one line of `tent ps`; its fields are what --format templates see.
type psRow struct {
	ID         string
	Image      string
	Command    string
	CreatedAt  string
	RunningFor string
	Ports      string
	Status     string
	State      string
	Names      string
}

var psHeader = psRow{ID: "CONTAINER ID", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED",
	RunningFor: "CREATED", Ports: "PORTS", Status: "STATUS", State: "STATE", Names: "NAMES"}

func newPsRow(s engine.Summary, now time.Time, noTrunc bool) psRow {
	cmd := strings.Join(s.Command, " ")
	id := s.ID
	if !noTrunc {
		cmd, id = ellipsis(cmd, 20), engine.ShortID(s.ID)
	}
	return psRow{
		ID: id, Image: s.Image, Command: strconv.Quote(cmd),
		CreatedAt:  s.Created.Local().Format("2006-01-02 15:04:05 -0700 MST"),
		RunningFor: units.HumanDuration(now.Sub(s.Created)) + " ago",
		Ports:      portsString(s.Ports), Status: statusString(s.State, now),
		State: s.State.Status, Names: s.Name,
	}
}

// statusString is Docker's STATUS column.
func statusString(s engine.InspectState, now time.Time) string {
	switch s.Status {
	case engine.StatusRunning:
		return "Up " + units.HumanDuration(now.Sub(s.StartedAt)) + healthSuffix(s)
	case engine.StatusPaused:
		return "Up " + units.HumanDuration(now.Sub(s.StartedAt)) + " (Paused)"
	case engine.StatusRestarting:
		return fmt.Sprintf("Restarting (%d) %s ago", s.ExitCode, units.HumanDuration(now.Sub(s.FinishedAt)))
	case engine.StatusRemoving:
		return "Removal In Progress"
	case engine.StatusDead:
		return "Dead"
	case engine.StatusExited:
		if s.FinishedAt.IsZero() {
			return fmt.Sprintf("Exited (%d)", s.ExitCode)
		}
		return fmt.Sprintf("Exited (%d) %s ago", s.ExitCode, units.HumanDuration(now.Sub(s.FinishedAt)))
	}
	return "Created"
}

func healthSuffix(s engine.InspectState) string {
	if s.Health == nil {
		return ""
	}
	if s.Health.Status == engine.HealthStarting {
		return " (health: starting)"
	}
	return " (" + s.Health.Status + ")"
}

// portsString is the PORTS column: "0.0.0.0:8080->80/tcp, …".
func portsString(ports []network.PortMapping) string {
	parts := make([]string, 0, len(ports))
	for _, p := range ports {
		proto := p.Proto
		if proto == "" {
			proto = "tcp"
		}
		parts = append(parts, fmt.Sprintf("%s:%d->%d/%s", orAny(p.HostIP), p.HostPort, p.ContainerPort, proto))
	}
	return strings.Join(parts, ", ")
}

// writePs prints rows as Docker does: a table, ids only (quiet), one JSON
// object per line (format "json"), or a Go template ("table " prefix: with
// a header).
func writePs(w io.Writer, rows []psRow, format string, quiet bool) error {
	switch {
	case quiet:
		for _, r := range rows {
			fmt.Fprintln(w, r.ID)
		}
		return nil
	case format == "json":
		enc := json.NewEncoder(w)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	case format == "" || format == "table":
		return writePsTable(w, rows)
	}
	return writeTemplate(w, rows, format, psHeader)
}

// psTableFormat is Docker's default ps table; writePsTable writes the same
// without parsing and running a template per row.
const psTableFormat = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedAt}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"

func writePsTable(w io.Writer, rows []psRow) error {
	tw := tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
	for _, r := range append([]psRow{psHeader}, rows...) {
		io.WriteString(tw, r.ID+"\t"+r.Image+"\t"+r.Command+"\t"+r.RunningFor+"\t"+r.Status+"\t"+r.Ports+"\t"+r.Names+"\n")
	}
	return tw.Flush()
}
