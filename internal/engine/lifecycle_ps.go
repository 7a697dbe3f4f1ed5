package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

// PsRow is one line of `tent ps`; its fields are what --format templates see.
type PsRow struct {
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

// List returns ps rows (all: stopped containers too), newest first.
func (e *Engine) List(all bool, noTrunc bool) ([]PsRow, error) {
	recs, err := e.Containers.List()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	rows := make([]PsRow, 0, len(recs))
	for _, r := range recs {
		if all || live(r) {
			rows = append(rows, psRow(r, now, noTrunc))
		}
	}
	return rows, nil
}

func psRow(r *container.Record, now time.Time, noTrunc bool) PsRow {
	cmd := strings.Join(append([]string{r.Path}, r.Args...), " ")
	id := r.ID
	if !noTrunc {
		cmd, id = ellipsis(cmd, 20), container.ShortID(r.ID)
	}
	return PsRow{
		ID: id, Image: r.Image, Command: strconv.Quote(cmd),
		CreatedAt:  r.Created.Local().Format("2006-01-02 15:04:05 -0700 MST"),
		RunningFor: HumanDuration(now.Sub(r.Created)) + " ago",
		Ports:      portsOf(r), Status: StatusString(r.State, now),
		State: r.State.Status, Names: r.Name,
	}
}

// StatusString is Docker's STATUS column.
func StatusString(s container.State, now time.Time) string {
	switch s.Status {
	case container.StatusRunning:
		return "Up " + HumanDuration(now.Sub(s.StartedAt)) + healthSuffix(s.Health)
	case container.StatusRestarting:
		return fmt.Sprintf("Restarting (%d) %s ago", s.ExitCode, HumanDuration(now.Sub(s.FinishedAt)))
	case container.StatusRemoving:
		return "Removal In Progress"
	case container.StatusDead:
		return "Dead"
	case container.StatusExited:
		if s.FinishedAt.IsZero() {
			return fmt.Sprintf("Exited (%d)", s.ExitCode)
		}
		return fmt.Sprintf("Exited (%d) %s ago", s.ExitCode, HumanDuration(now.Sub(s.FinishedAt)))
	}
	return "Created"
}

func healthSuffix(h *container.Health) string {
	if h == nil {
		return ""
	}
	if h.Status == container.HealthStarting {
		return " (health: starting)"
	}
	return " (" + h.Status + ")"
}

// HumanDuration is Docker's rounding of a duration for people.
func HumanDuration(d time.Duration) string {
	s := int(d.Seconds())
	m := int(d.Minutes())
	h := int(d.Hours() + 0.5)
	switch {
	case s < 1:
		return "Less than a second"
	case s == 1:
		return "1 second"
	case s < 60:
		return fmt.Sprintf("%d seconds", s)
	case m == 1:
		return "About a minute"
	case m < 60:
		return fmt.Sprintf("%d minutes", m)
	case h == 1:
		return "About an hour"
	case h < 48:
		return fmt.Sprintf("%d hours", h)
	case h < 24*7*2:
		return fmt.Sprintf("%d days", h/24)
	case h < 24*30*2:
		return fmt.Sprintf("%d weeks", h/24/7)
	case h < 24*365*2:
		return fmt.Sprintf("%d months", h/24/30)
	}
	return fmt.Sprintf("%d years", int(d.Hours())/24/365)
}

// ellipsis cuts s to n runes, the last one "…".
func ellipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// portsOf is the PORTS column of a running container (none once stopped:
// its ports are unpublished).
func portsOf(r *container.Record) string {
	if r.State.Status != container.StatusRunning {
		return ""
	}
	return portsString(r.Network)
}

// portsString is the PORTS column: "0.0.0.0:8080->80/tcp, …".
func portsString(att []byte) string {
	if len(att) == 0 {
		return ""
	}
	var a network.Attachment
	if json.Unmarshal(att, &a) != nil {
		return ""
	}
	parts := make([]string, 0, len(a.Ports))
	for _, p := range a.Ports {
		parts = append(parts, fmt.Sprintf("%s:%d->%d/%s", firstNonEmpty(p.HostIP, "0.0.0.0"), p.HostPort, p.ContainerPort, firstNonEmpty(p.Proto, "tcp")))
	}
	return strings.Join(parts, ", ")
}

// WritePs prints rows as Docker does: a table, ids only (quiet), one JSON
// object per line (format "json"), or a Go template ("table " prefix: with
// a header).
func WritePs(w io.Writer, rows []PsRow, format string, quiet bool) error {
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
		format = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedAt}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
		return writeTemplate(w, rows, format, psHeader)
	}
	return writeTemplate(w, rows, format, psHeader)
}

var psHeader = PsRow{ID: "CONTAINER ID", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED",
	RunningFor: "CREATED", Ports: "PORTS", Status: "STATUS", State: "STATE", Names: "NAMES"}

// writeTemplate renders rows with a Go template; "table " adds a header row
// and aligns columns. In the default table CREATED is RunningFor.
func writeTemplate[T any](w io.Writer, rows []T, format string, header T) error {
	// As docker: "\t" and "\n" typed in a shell argument are a tab and a newline.
	format = strings.NewReplacer(`\t`, "\t", `\n`, "\n").Replace(format)
	table := strings.HasPrefix(format, "table ")
	format = strings.TrimPrefix(format, "table ")
	if table {
		format = strings.ReplaceAll(format, "{{.CreatedAt}}", "{{.RunningFor}}")
	}
	tmpl, err := template.New("format").Funcs(template.FuncMap{"json": toJSON}).Parse(format + "\n")
	if err != nil {
		return fmt.Errorf("invalid format: %w", err)
	}
	out := w
	var tw *tabwriter.Writer
	if table {
		tw = tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
		out = tw
		if err := tmpl.Execute(out, header); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := tmpl.Execute(out, r); err != nil {
			return fmt.Errorf("format: %w", err)
		}
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
