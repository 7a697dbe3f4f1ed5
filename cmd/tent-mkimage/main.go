package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

type flags struct {
	out, format, ref, push, variant string
	seed                            int64
	sizeMB                          int
}

func main() {
	var f flags
	flag.StringVar(&f.out, "o", "", "write the archive to this file (default stdout)")
	flag.StringVar(&f.format, "format", "docker", "archive format: docker or oci")
	flag.StringVar(&f.ref, "ref", "", "name of the image in the archive (default tent-test/<variant>:latest)")
	flag.StringVar(&f.push, "push", "", "push to this reference instead of writing an archive")
	flag.StringVar(&f.variant, "variant", "busybox", "busybox, oci, zstd, big or index")
	flag.Int64Var(&f.seed, "seed", 0, "big: seed of the last layer (images with other seeds share 4 layers)")
	flag.IntVar(&f.sizeMB, "size-mb", 200, "big: approximate compressed size")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "tent-mkimage: no arguments expected; see -h")
		os.Exit(2)
	}
	if err := run(f, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "tent-mkimage: %v\n", err)
		os.Exit(1)
	}
}

func run(f flags, stdout io.Writer) error {
	m, err := makeVariant(f)
	if err != nil {
		return err
	}
	if f.push != "" {
		d, err := push(f.push, m)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, d)
		return nil
	}
	w := stdout
	if f.out != "" {
		file, err := os.Create(f.out)
		if err != nil {
			return fmt.Errorf("create %s: %w", f.out, err)
		}
		defer file.Close()
		w = file
		if err := write(w, f, m); err != nil {
			return err
		}
		return file.Close()
	}
	return write(w, f, m)
}
