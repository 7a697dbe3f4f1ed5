package main

func init() { register("save", newSaveCmd) }

// newSaveCmd execs tent-image save: the image archive, layer and
// compression code stays out of tent.
var newSaveCmd = helperCommand("save", "save [-o FILE] [--format docker|oci] IMAGE...",
	"Write images to a docker-archive (default) or OCI-layout tarball")
