package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func init() { register("info", newInfoCmd) }

func newInfoCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "info [OPTIONS]",
		Short: "Display system-wide information",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			in, err := e.Info()
			if err != nil {
				return err
			}
			if format == "json" || format == "{{json .}}" {
				return json.NewEncoder(os.Stdout).Encode(in)
			}
			if format != "" {
				return fmt.Errorf("--format: only json is supported")
			}
			fmt.Print(formatInfo(in))
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "", "json: print the information as JSON")
	return cmd
}

// formatInfo lays the information out as docker info's Server section.
func formatInfo(in engine.Info) string {
	var b strings.Builder
	p := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	p("Server:")
	p(" Containers: %d", in.Containers)
	p("  Running: %d", in.ContainersRunning)
	p("  Stopped: %d", in.ContainersStopped)
	p(" Images: %d", in.Images)
	p(" Storage Driver: %s", in.StorageDriver)
	p(" Cgroup Driver: %s", in.CgroupDriver)
	p(" Cgroup Version: %s", in.CgroupVersion)
	p(" Security Options:")
	for _, o := range in.SecurityOptions {
		name, kv := engine.SecurityOption(o)
		p("  %s", name)
		for _, x := range kv {
			p("   %s%s: %s", strings.ToUpper(x[0][:1]), x[0][1:], x[1])
		}
	}
	p(" Kernel Version: %s", in.KernelVersion)
	p(" OSType: %s", in.OSType)
	p(" Architecture: %s", in.Architecture)
	p(" CPUs: %d", in.NCPU)
	p(" Total Memory: %s", units.BytesSize(float64(in.MemTotal)))
	p(" Tent Root Dir: %s", in.RootDir)
	p(" Tent State Dir: %s", in.StateDir)
	return b.String()
}
