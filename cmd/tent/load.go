package main

import "github.com/spf13/cobra"

// newLoadCmd execs tent-image load: the image archive, layer and
// compression code stays out of tent.
func newLoadCmd() *cobra.Command {
	return helperCommand("load", "load [-i FILE] [-q]",
		"Load images from a docker-archive or OCI-layout tarball (stdin by default)")
}
