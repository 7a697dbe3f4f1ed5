package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"text/template"
	"time"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
)

func newImagesCmd() *cobra.Command {
	var quiet bool
	var format string
	cmd := &cobra.Command{
		Use:   "images [-q] [--format json|TEMPLATE] [REPOSITORY[:TAG]]",
		Short: "List images",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return listImages(append(args, "")[0], quiet, format)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print image ids only")
	cmd.Flags().StringVar(&format, "format", "", `"json" or a Go template ({{.Repository}} {{.Tag}} {{.ID}} {{.CreatedSince}} {{.Size}})`)
	return cmd
}

// imageRow is one line of tent images, as docker images --format sees it.
type imageRow struct {
	Repository   string
	Tag          string
	ID           string
	Digest       string
	CreatedAt    string
	CreatedSince string
	Size         string
}

func listImages(filter string, quiet bool, format string) error {
	s, err := openImages()
	if err != nil {
		return err
	}
	imgs, err := s.List()
	if err != nil {
		return err
	}
	var rows []imageRow
	seen := map[string]bool{}
	for _, img := range imgs {
		if image.IsBuildIntermediate(img) {
			continue // tent build's step images: tent builder prune removes them
		}
		for _, r := range imageRows(img) {
			if !rowMatches(r, filter) {
				continue
			}
			if quiet && !seen[img.ID] {
				fmt.Println(imageShortID(img.ID))
			}
			seen[img.ID] = true
			rows = append(rows, r)
		}
	}
	if quiet {
		return nil
	}
	return printImageRows(rows, format)
}

func imageRows(img *image.Image) []imageRow {
	base := imageRow{ID: imageShortID(img.ID), CreatedAt: img.Created.Format("2006-01-02 15:04:05 -0700 MST"),
		CreatedSince: imageAgo(img.Created), Size: imageSize(img.Size), Repository: "<none>", Tag: "<none>", Digest: "<none>"}
	digests := map[string]string{} // repository → digest it was pulled by
	for _, d := range img.RepoDigests {
		if repo, dg, ok := strings.Cut(image.Familiar(d), "@"); ok {
			digests[repo] = dg
		}
	}
	var rows []imageRow
	for _, n := range img.Names {
		r := base
		r.Repository, r.Tag = image.SplitName(image.Familiar(n))
		if d, ok := digests[r.Repository]; ok {
			r.Digest = d
			delete(digests, r.Repository)
		}
		rows = append(rows, r)
	}
	for repo, d := range digests { // pulled by digest only: no tag
		if len(rows) == 0 {
			r := base
			r.Repository, r.Digest = repo, d
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		rows = append(rows, base)
	}
	return rows
}

// rowMatches: "busybox" matches every tag of busybox, "busybox:1" one tag.
func rowMatches(r imageRow, filter string) bool {
	if filter == "" {
		return true
	}
	repo, tag, hasTag := strings.Cut(filter, ":")
	if strings.Contains(tag, "/") { // a registry port, not a tag
		repo, tag, hasTag = filter, "", false
		if i := strings.LastIndex(filter, ":"); i > strings.LastIndex(filter, "/") {
			repo, tag, hasTag = filter[:i], filter[i+1:], true
		}
	}
	return image.Familiar(repo) == r.Repository && (!hasTag || tag == r.Tag)
}

func printImageRows(rows []imageRow, format string) error {
	switch {
	case format == "json":
		return writeJSONLines(os.Stdout, rows)
	case format != "":
		body, table := strings.CutPrefix(format, "table ")
		body = strings.NewReplacer(`\t`, "\t", `\n`, "\n").Replace(body) // as docker: literal \t from a shell
		tmpl, err := template.New("format").Parse(body + "\n")
		if err != nil {
			return fmt.Errorf("invalid --format: %w", err)
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 8, 3, ' ', 0)
		if table {
			rows = append([]imageRow{imageHeader}, rows...)
		}
		for _, r := range rows {
			if err := tmpl.Execute(tw, r); err != nil {
				return fmt.Errorf("--format: %w", err)
			}
		}
		return tw.Flush()
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Repository, r.Tag, r.ID, r.CreatedSince, r.Size)
	}
	return tw.Flush()
}

// imageHeader is the header row of --format "table …".
var imageHeader = imageRow{Repository: "REPOSITORY", Tag: "TAG", ID: "IMAGE ID", Digest: "DIGEST",
	CreatedAt: "CREATED AT", CreatedSince: "CREATED", Size: "SIZE"}

func imageShortID(id string) string {
	h := strings.TrimPrefix(id, "sha256:")
	return h[:min(12, len(h))]
}

// imageAgo says how long ago t was, as docker images does: "2 hours ago".
func imageAgo(t time.Time) string {
	d := time.Since(t)
	if t.IsZero() || d < 0 {
		return "N/A"
	}
	return units.HumanDuration(d) + " ago"
}

// imageSize prints bytes as docker images does: 4.26MB.
func imageSize(n int64) string { return units.HumanSizeWithPrecision(float64(n), 3) }
