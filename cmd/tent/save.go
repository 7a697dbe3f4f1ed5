package main

import "github.com/spf13/cobra"

// newSaveCmd execs tent-image save: the image archive, layer and
// compression code stays out of tent.
func newSaveCmd() *cobra.Command {
	return helperCommand("save", "save [-o FILE] [--format docker|oci] IMAGE...",
		"Write images to a docker-archive (default) or OCI-layout tarball")
}
