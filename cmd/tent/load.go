package main

func init() { register("load", newLoadCmd) }

// newLoadCmd execs tent-image load: the image archive, layer and
// compression code stays out of tent.
var newLoadCmd = helperCommand("load", "load [-i FILE] [-q]",
	"Load images from a docker-archive or OCI-layout tarball (stdin by default)")
