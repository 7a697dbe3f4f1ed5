package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/version"
)

// infoData is what `tent info --format` templates see: docker info's
// fields ({{.Driver}}, {{.CgroupVersion}}, {{json .}}).
type infoData = engine.Info

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
			return writeInfo(os.Stdout, in, format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "", "format the output with a Go template ('{{json .}}', json)")
	return cmd
}

func writeInfo(w io.Writer, in infoData, format string) error {
	switch format {
	case "":
		_, err := io.WriteString(w, formatInfo(in))
		return err
	case "json":
		format = "{{json .}}"
	}
	return writeTemplate(w, []infoData{in}, format, infoData{})
}

// formatInfo lays the information out as docker info's Client and Server sections.
func formatInfo(in engine.Info) string {
	var b strings.Builder
	p := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	v := version.Get()
	p("Client:")
	p(" Version:    %s", v.Version)
	p("")
	p("Server:")
	p(" Containers: %d", in.Containers)
	p("  Running: %d", in.ContainersRunning)
	p("  Paused: %d", in.ContainersPaused)
	p("  Stopped: %d", in.ContainersStopped)
	p(" Images: %d", in.Images)
	p(" Server Version: %s", in.ServerVersion)
	p(" Storage Driver: %s", in.Driver)
	for _, kv := range in.DriverStatus {
		p("  %s: %s", kv[0], kv[1])
	}
	p(" Cgroup Driver: %s", in.CgroupDriver)
	p(" Cgroup Version: %s", in.CgroupVersion)
	p(" Plugins:")
	p("  Network: %s", strings.Join(in.Networks, " "))
	p(" Runtimes: %s", strings.Join(sortedRuntimeNames(in.Runtimes), " "))
	p(" Default Runtime: %s", in.DefaultRuntime)
	p(" Security Options:")
	for _, o := range in.SecurityOptions {
		name, kv := engine.SecurityOption(o)
		p("  %s", name)
		for _, x := range kv {
			p("   %s%s: %s", strings.ToUpper(x[0][:1]), x[0][1:], x[1])
		}
	}
	p(" Kernel Version: %s", in.KernelVersion)
	p(" Operating System: %s", in.OperatingSystem)
	p(" OSType: %s", in.OSType)
	p(" Architecture: %s", in.Architecture)
	p(" CPUs: %d", in.NCPU)
	p(" Total Memory: %s", units.BytesSize(float64(in.MemTotal)))
	p(" Name: %s", in.Name)
	p(" Tent Root Dir: %s", in.DockerRootDir)
	p(" Tent State Dir: %s", in.StateDir)
	return b.String()
}

func sortedRuntimeNames(m map[string]engine.RuntimeInfo) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
