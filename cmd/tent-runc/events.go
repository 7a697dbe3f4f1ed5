package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/runtime"
)

func eventsCmd() *command {
	var stats bool
	var interval time.Duration
	return &command{
		name: "events", usage: "[--stats] [--interval 5s] <container-id>", minArgs: 1, maxArgs: 1,
		short: "print a container's stats (and OOM kills) as JSON events, until it stops",
		flags: func(f *pflag.FlagSet) {
			f.BoolVar(&stats, "stats", false, "print the stats once and exit")
			f.DurationVar(&interval, "interval", 5*time.Second, "how often to print stats")
		},
		run: func(g *globals, args []string) error {
			if interval <= 0 {
				return fmt.Errorf("--interval %s: must be positive", interval)
			}
			rt, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			if err := needRunning(c); err != nil {
				return err
			}
			enc := json.NewEncoder(os.Stdout)
			if stats {
				return statsEvent(rt, args[0], enc, nil)
			}
			return events(rt, c, enc, interval)
		},
	}
}

// event is runc's event JSON: {"type":"stats"|"oom","id":...,"data":...}.
type event struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Data any    `json:"data,omitempty"`
}

// events prints stats every interval, and an "oom" event when the OOM kill
// count grows, until the container stops.
func events(rt *runtime.Runtime, c runtime.Container, enc *json.Encoder, interval time.Duration) error {
	var ooms uint64
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if err := statsEvent(rt, c.ID(), enc, &ooms); err != nil {
			return err
		}
		<-tick.C
		if st, err := c.State(); err != nil || st.Status == specs.StateStopped {
			return nil
		}
	}
}

// statsEvent prints one stats event; with ooms, an "oom" event first when
// the kernel killed more since the last reading.
func statsEvent(rt *runtime.Runtime, id string, enc *json.Encoder, ooms *uint64) error {
	s, err := rt.Stats(id)
	if err != nil {
		return err
	}
	if ooms != nil && s.OOMKills > *ooms {
		*ooms = s.OOMKills
		if err := enc.Encode(event{Type: "oom", ID: id}); err != nil {
			return err
		}
	}
	return enc.Encode(event{Type: "stats", ID: id, Data: runcStats(s)})
}

// runcStats is the part of runc's stats (types.Stats) tent reads.
func runcStats(s *runtime.Stats) map[string]any {
	return map[string]any{
		"cpu":    map[string]any{"usage": map[string]uint64{"total": s.CPUUsageNanos}},
		"memory": map[string]any{"usage": map[string]uint64{"usage": s.MemoryUsage, "limit": s.MemoryLimit}},
		"pids":   map[string]uint64{"current": s.Pids, "limit": s.PidsLimit},
	}
}
