package engine

import (
	"errors"
	"path"
	"strings"
)

// CopyEnd is one side of tent cp: a path in a container, a host path, or
// "-" (a tar stream on stdin or stdout).
type CopyEnd struct {
	Container string // "": the host
	Path      string
}

// Stream says whether the end is "-".
func (c CopyEnd) Stream() bool { return c.Container == "" && c.Path == "-" }

// ParseCopyArg splits CONTAINER:PATH as Docker does: a path that is
// absolute or starts with "." is a host path even with a colon in it.
func ParseCopyArg(s string) CopyEnd {
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") {
		return CopyEnd{Path: s}
	}
	ctr, p, ok := strings.Cut(s, ":")
	if !ok {
		return CopyEnd{Path: s}
	}
	return CopyEnd{Container: ctr, Path: p}
}

// copyStat is what cp knows of a path before copying.
type copyStat struct {
	Exists, IsDir bool
}

// copyPlan says where a copy lands: the tar of the source, its top entry
// named Name, is unpacked into the directory Dir.
type copyPlan struct {
	Dir, Name string
}

// Errors as Docker's cp words them.
var (
	errCopyDirToFile = errors.New("cannot copy a directory to a file")
	errCopyNoDestDir = errors.New("destination directory does not exist")
)

// planCopy follows Docker's cp rules. A file goes into an existing
// directory under its own name, over an existing file, or to a new name
// (a DST ending in "/" must then be an existing directory). A directory
// goes into an existing directory under its own name, or its contents
// only when SRC ends in "/."; to a new DST it is made with DST's name.
func planCopy(src string, srcIsDir bool, dst string, d copyStat) (copyPlan, error) {
	base := path.Base(path.Clean("/" + src))
	if base == "/" {
		base = "."
	}
	cleanDst := path.Clean(dst)
	switch {
	case d.Exists && d.IsDir:
		if srcIsDir && (strings.HasSuffix(src, "/.") || src == ".") {
			return copyPlan{Dir: cleanDst, Name: "."}, nil
		}
		return copyPlan{Dir: cleanDst, Name: base}, nil
	case d.Exists && srcIsDir:
		return copyPlan{}, errCopyDirToFile
	case !d.Exists && strings.HasSuffix(dst, "/"):
		return copyPlan{}, errCopyNoDestDir
	}
	return copyPlan{Dir: path.Dir(cleanDst), Name: path.Base(cleanDst)}, nil
}
