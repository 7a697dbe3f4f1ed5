package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/events"
)

func newEventsCmd() *cobra.Command {
	var since, until, format string
	var filters []string
	cmd := &cobra.Command{
		Use:   "events [OPTIONS]",
		Short: "Show tent's events (follows new ones until Ctrl-C, unless --until is given)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := eventsOptions(since, until, filters)
			if err != nil {
				return err
			}
			print, err := eventPrinter(os.Stdout, format)
			if err != nil {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), unix.SIGINT, unix.SIGTERM)
			defer stop()
			return e.Events(ctx, o, print)
		},
	}
	f := cmd.Flags()
	f.StringVar(&since, "since", "", "show events since this time (RFC 3339, Unix time, or a duration ago: 10m)")
	f.StringVar(&until, "until", "", "show events until this time, then exit")
	stringArrayVarP(f, &filters, "filter", "f", "filter: type=, event=, container=, image=, label=")
	f.StringVar(&format, "format", "", "Go template per event, e.g. '{{json .}}'")
	return cmd
}

func eventsOptions(since, until string, filters []string) (engine.EventsOptions, error) {
	var o engine.EventsOptions
	var err error
	now := time.Now()
	if o.Since, err = parseEventTime(since, now); err != nil {
		return o, fmt.Errorf("invalid --since: %w", err)
	}
	if o.Until, err = parseEventTime(until, now); err != nil {
		return o, fmt.Errorf("invalid --until: %w", err)
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && o.Until.Before(o.Since) {
		return o, fmt.Errorf("--until is before --since")
	}
	o.Filter, err = events.ParseFilter(filters)
	return o, err
}

// parseEventTime reads Docker's time forms: RFC 3339 (with or without
// nanoseconds or zone), a date, Unix seconds[.nanos], a duration before
// now ("10m"), or "now".
func parseEventTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if s == "now" {
		return now, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	if sec, frac, ok := strings.Cut(s, "."); !strings.ContainsAny(s, "-:T") {
		n, err := strconv.ParseInt(sec, 10, 64)
		if err == nil {
			var ns int64
			if ok {
				frac = (frac + "000000000")[:9]
				if ns, err = strconv.ParseInt(frac, 10, 64); err != nil {
					return time.Time{}, fmt.Errorf("%q: bad Unix time", s)
				}
			}
			return time.Unix(n, ns), nil
		}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339, Unix time or a duration", s)
}

// eventPrinter prints each event with the template, or as Docker's default
// line: time, type, action, id, (attributes sorted).
func eventPrinter(out io.Writer, format string) (func(events.Event) error, error) {
	w := bufio.NewWriter(out)
	if format != "" {
		format = strings.NewReplacer(`\t`, "\t", `\n`, "\n").Replace(format)
		tmpl, err := template.New("format").Funcs(template.FuncMap{"json": toJSON}).Parse(format + "\n")
		if err != nil {
			return nil, fmt.Errorf("invalid format: %w", err)
		}
		return func(ev events.Event) error {
			if err := tmpl.Execute(w, ev); err != nil {
				return fmt.Errorf("format: %w", err)
			}
			return w.Flush()
		}, nil
	}
	return func(ev events.Event) error {
		fmt.Fprintf(w, "%s %s %s %s", ev.At().Format("2006-01-02T15:04:05.000000000Z07:00"), ev.Type, ev.Action, ev.Actor.ID)
		if len(ev.Actor.Attributes) > 0 {
			keys := make([]string, 0, len(ev.Actor.Attributes))
			for k := range ev.Actor.Attributes {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for i, k := range keys {
				keys[i] = k + "=" + ev.Actor.Attributes[k]
			}
			fmt.Fprintf(w, " (%s)", strings.Join(keys, ", "))
		}
		fmt.Fprintln(w)
		return w.Flush()
	}, nil
}

// imageEvent records an image command's event (pull, tag, load, save) in
// the state root's journal; a failure to record never fails the command.
func imageEvent(action, id, name string) {
	_ = events.Append(g.layout().EventsDir(), events.Image(action, id, name))
}
